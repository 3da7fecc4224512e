"""Who may do what: roles, capabilities, and the one table mapping requests to them.

Pure: no web framework, no database. The web layer asks :func:`is_allowed` with the
request's method and path before any handler runs, so a new route needs no code of its
own to be protected. Reading (GET/HEAD) needs only :attr:`Capability.READ`; a request that
changes something needs the capability of the first rule in :data:`ACCESS_RULES` that
matches its path, and an unsafe request no rule names is for owners only — forgetting a
route can make it stricter, never looser.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    OWNER = "owner"
    BAKER = "baker"
    VIEWER = "viewer"


class Capability(StrEnum):
    READ = "read"  # look at anything but other people's accounts
    ACCOUNT = "account"  # one's own password and API tokens, logging out
    BAKE = "bake"  # record, reverse and write off bakes; losses and moves of items
    PANTRY = "pantry"  # purchases, opening stock, adjustments, stock-takes
    PACKAGE_STATUS = "package_status"  # assemble, deliver
    MANAGE = "manage"  # catalog, recipes, recipients, events, imports
    IMPORT_RECIPES = "import_recipes"  # recipes from pages and other apps (§6.22)
    USERS = "users"  # other people's accounts and roles


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALL_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "POST", "PUT", "PATCH", "DELETE"})
UNSAFE_METHODS = ALL_METHODS - SAFE_METHODS

ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.VIEWER: frozenset({Capability.READ, Capability.ACCOUNT}),
    Role.BAKER: frozenset(
        {
            Capability.READ,
            Capability.ACCOUNT,
            Capability.BAKE,
            Capability.PANTRY,
            Capability.PACKAGE_STATUS,
        }
    ),
    Role.OWNER: frozenset(Capability),
}

#: Capabilities a role gains when the owner turns a setting on (its key, value 1):
#: importing recipes is the owner's, or bakers' too if the owner allows (docs/product.md
#: §6.22). Checked only after the role's own capabilities refuse a request.
GRANTABLE: dict[tuple[Role, Capability], str] = {
    (Role.BAKER, Capability.IMPORT_RECIPES): "bakers_may_import_recipes",
}

_PARAM = re.compile(r"\{[^}/]+\}")


def _compile(template: str) -> re.Pattern[str]:
    """``/events/{id}/bakes/*``: ``{x}`` is one path segment, a trailing ``*`` anything."""
    prefix = template.endswith("/*")
    body = template[:-2] if prefix else template
    parts = _PARAM.split(body)
    regex = "[^/]+".join(re.escape(part) for part in parts)
    return re.compile(regex + ("(/.*)?" if prefix else "") + "/?")


@dataclass(frozen=True)
class AccessRule:
    """Requests whose path matches ``template`` (pages and ``/api`` alike) need ``capability``."""

    template: str
    capability: Capability
    methods: frozenset[str] = UNSAFE_METHODS
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "pattern", _compile(self.template))

    def matches(self, method: str, path: str) -> bool:
        if method not in self.methods:
            return False
        bare = path.removeprefix("/api") if path.startswith("/api/") else path
        return self.pattern.fullmatch(bare) is not None


#: First match wins. Paths are written without ``/api``: each rule covers a page and its
#: JSON twin.
ACCESS_RULES: tuple[AccessRule, ...] = (
    AccessRule("/login", Capability.READ),  # signing in again while signed in
    AccessRule("/logout", Capability.ACCOUNT),
    AccessRule("/account/*", Capability.ACCOUNT),
    AccessRule("/users/*", Capability.USERS, ALL_METHODS),
    AccessRule("/events/{event}/bakes/*", Capability.BAKE),
    AccessRule("/bakes/*", Capability.BAKE),
    # Losses and moves of good items are kitchen work (docs/product.md §6.13).
    AccessRule("/events/{event}/losses", Capability.BAKE),
    AccessRule("/events/{event}/moves", Capability.BAKE),
    AccessRule("/events/{event}/assignments/{assignment}/assemble", Capability.PACKAGE_STATUS),
    AccessRule("/events/{event}/assignments/{assignment}/deliver", Capability.PACKAGE_STATUS),
    AccessRule("/events/{event}/assignments/{assignment}/correct", Capability.PACKAGE_STATUS),
    AccessRule("/assignments/{assignment}/status", Capability.PACKAGE_STATUS),
    AccessRule("/assignments/{assignment}/correction", Capability.PACKAGE_STATUS),
    AccessRule("/pantry/*", Capability.PANTRY),
    AccessRule("/purchases/*", Capability.PANTRY),
    AccessRule("/adjustments/*", Capability.PANTRY),
    AccessRule("/opening-stock/*", Capability.PANTRY),
    # Counting the pantry is kitchen work (docs/product.md §6.14).
    AccessRule("/stock-takes/*", Capability.PANTRY),
    # Ticks, recording what was bought and the aisles' order are shopping: bakers'
    # (docs/product.md §6.17).
    AccessRule("/shopping-list/*", Capability.PANTRY),
    # Seasons, budgets and settings are the owner's (docs/product.md §6.15).
    AccessRule("/seasons/*", Capability.MANAGE),
    AccessRule("/events/{event}/budget", Capability.MANAGE),
    AccessRule("/settings/*", Capability.MANAGE),
    # Locks, unlocks and archiving are the owner's (docs/product.md §6.20).
    AccessRule("/events/{event}/lock", Capability.MANAGE),
    AccessRule("/events/{event}/unlock", Capability.MANAGE),
    AccessRule("/archive", Capability.MANAGE),
    AccessRule("/recipes/{recipe}/archive", Capability.MANAGE),
    AccessRule("/recipes/{recipe}/unarchive", Capability.MANAGE),
    AccessRule("/unarchive", Capability.MANAGE),
    AccessRule("/archive/{kind}/{record}", Capability.MANAGE),
    AccessRule("/unarchive/{kind}/{record}", Capability.MANAGE),
    # The baker's hours on the bake calendar are settings too; feeds are secret addresses
    # to the calendar, so the owner's (docs/product.md §6.10, docs/multi-user.md).
    AccessRule("/calendar/days/*", Capability.MANAGE),
    AccessRule("/calendar/feeds/*", Capability.MANAGE, ALL_METHODS),
    # Importing recipes fetches pages and creates ingredients (docs/product.md §6.22).
    AccessRule("/recipes/import/*", Capability.IMPORT_RECIPES),
)


def required_capability(method: str, path: str) -> Capability:
    """The capability a request needs: the first matching rule, else by its method."""
    method = method.upper()
    for rule in ACCESS_RULES:
        if rule.matches(method, path):
            return rule.capability
    return Capability.READ if method in SAFE_METHODS else Capability.MANAGE


def can(role: Role, capability: Capability) -> bool:
    return capability in ROLE_CAPABILITIES[role]


def is_allowed(
    role: Role, method: str, path: str, granted: frozenset[Capability] = frozenset()
) -> bool:
    """True when ``role`` may send ``method`` to ``path``; ``granted`` are capabilities
    the owner's settings give this role (see :func:`grant_setting`)."""
    capability = required_capability(method, path)
    return can(role, capability) or capability in granted


def grant_setting(role: Role, method: str, path: str) -> tuple[Capability, str] | None:
    """The capability a request needs and the setting that would give it to ``role``,
    when the role lacks it but the owner may grant it; else None."""
    capability = required_capability(method, path)
    if can(role, capability):
        return None
    key = GRANTABLE.get((role, capability))
    return None if key is None else (capability, key)


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    name = host.strip().strip("[]").lower()
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False
