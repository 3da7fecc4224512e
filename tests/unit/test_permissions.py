"""The permissions table: what each role may do, decided by method and path alone."""

from __future__ import annotations

import pytest

from bakehouse.domain.permissions import (
    ACCESS_RULES,
    Capability,
    Role,
    can,
    grant_setting,
    is_allowed,
    is_loopback,
    required_capability,
)


def test_reading_needs_only_read_except_the_users_pages() -> None:
    assert required_capability("GET", "/events/3") is Capability.READ
    assert required_capability("HEAD", "/api/dashboard") is Capability.READ
    assert required_capability("GET", "/users") is Capability.USERS
    assert required_capability("GET", "/api/users") is Capability.USERS


@pytest.mark.parametrize(
    ("method", "path", "capability"),
    [
        ("POST", "/events/3/bakes", Capability.BAKE),
        ("POST", "/events/3/bakes/12/reverse", Capability.BAKE),
        ("POST", "/api/bakes", Capability.BAKE),
        ("POST", "/api/bakes/12/reverse", Capability.BAKE),
        ("POST", "/api/bakes/12/write-off", Capability.BAKE),
        ("POST", "/api/events/3/losses", Capability.BAKE),
        ("POST", "/api/events/3/moves", Capability.BAKE),
        ("POST", "/events/3/losses", Capability.BAKE),
        ("POST", "/events/3/moves", Capability.BAKE),
        ("POST", "/events/3/assignments/8/assemble", Capability.PACKAGE_STATUS),
        ("POST", "/events/3/assignments/8/deliver", Capability.PACKAGE_STATUS),
        ("POST", "/api/assignments/8/status", Capability.PACKAGE_STATUS),
        ("POST", "/pantry/purchases", Capability.PANTRY),
        ("POST", "/pantry/lots/4/adjust", Capability.PANTRY),
        ("POST", "/api/purchases", Capability.PANTRY),
        ("POST", "/api/adjustments", Capability.PANTRY),
        ("POST", "/api/opening-stock", Capability.PANTRY),
        ("POST", "/api/stock-takes", Capability.PANTRY),
        ("POST", "/pantry/count", Capability.PANTRY),
        ("POST", "/api/shopping-list/ticks", Capability.PANTRY),
        ("POST", "/api/shopping-list/purchases", Capability.PANTRY),
        ("PUT", "/api/shopping-list/aisles", Capability.PANTRY),
        ("POST", "/shopping-list/ticks", Capability.PANTRY),
        ("POST", "/shopping-list/purchases", Capability.PANTRY),
        ("POST", "/shopping-list/aisles", Capability.PANTRY),
        ("POST", "/account/tokens", Capability.ACCOUNT),
        ("DELETE", "/api/account/tokens/5", Capability.ACCOUNT),
        ("POST", "/logout", Capability.ACCOUNT),
        ("POST", "/login", Capability.READ),
        ("POST", "/users/alice/role", Capability.USERS),
        ("PATCH", "/api/users/alice", Capability.USERS),
        ("POST", "/api/events/3/lock", Capability.MANAGE),
        ("POST", "/events/3/unlock", Capability.MANAGE),
        ("POST", "/api/archive", Capability.MANAGE),
        ("POST", "/api/unarchive", Capability.MANAGE),
        ("POST", "/calendar/days", Capability.MANAGE),
        ("POST", "/calendar/days/2026-12-20/clear", Capability.MANAGE),
        ("PUT", "/api/calendar/days/2026-12-20", Capability.MANAGE),
        ("DELETE", "/api/calendar/days/2026-12-20", Capability.MANAGE),
        ("POST", "/calendar/feeds", Capability.MANAGE),
        ("POST", "/api/calendar/feeds/3/revoke", Capability.MANAGE),
        ("GET", "/api/calendar/feeds", Capability.MANAGE),
    ],
)
def test_changes_need_the_capability_of_their_area(
    method: str, path: str, capability: Capability
) -> None:
    assert required_capability(method, path) is capability


def test_changes_no_rule_names_are_for_owners_only() -> None:
    assert required_capability("POST", "/recipes") is Capability.MANAGE
    assert required_capability("DELETE", "/api/recipients/4") is Capability.MANAGE
    assert required_capability("POST", "/events/3/assignments") is Capability.MANAGE
    assert required_capability("POST", "/some/route/added/later") is Capability.MANAGE


def test_rules_match_whole_segments_only() -> None:
    assert required_capability("POST", "/pantryx") is Capability.MANAGE
    assert required_capability("POST", "/events/3/bakesale") is Capability.MANAGE
    assert required_capability("POST", "/events/3/4/bakes") is Capability.MANAGE
    assert required_capability("POST", "/apix/pantry") is Capability.MANAGE


def test_a_viewer_may_only_look_and_manage_their_own_account() -> None:
    assert is_allowed(Role.VIEWER, "GET", "/events/1")
    assert is_allowed(Role.VIEWER, "POST", "/account/password")
    assert not is_allowed(Role.VIEWER, "POST", "/events/1/bakes")
    assert not is_allowed(Role.VIEWER, "POST", "/pantry/purchases")
    assert not is_allowed(Role.VIEWER, "GET", "/users")


def test_a_baker_bakes_keeps_the_pantry_and_moves_packages_but_manages_nothing() -> None:
    assert is_allowed(Role.BAKER, "POST", "/events/1/bakes")
    assert is_allowed(Role.BAKER, "POST", "/events/1/bakes/2/reverse")
    assert is_allowed(Role.BAKER, "POST", "/pantry/adjustments")
    assert is_allowed(Role.BAKER, "POST", "/events/1/assignments/2/deliver")
    assert not is_allowed(Role.BAKER, "POST", "/recipes")
    assert not is_allowed(Role.BAKER, "POST", "/events")
    assert not is_allowed(Role.BAKER, "POST", "/users")


def test_an_owner_may_do_everything() -> None:
    assert all(can(Role.OWNER, capability) for capability in Capability)
    for rule in ACCESS_RULES:
        assert is_allowed(Role.OWNER, "POST", "/" + rule.template.strip("/*"))


def test_method_case_does_not_matter() -> None:
    assert required_capability("post", "/events/1/bakes") is Capability.BAKE


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.10", False),
        ("bakery.example", False),
        ("::", False),
    ],
)
def test_only_loopback_addresses_count_as_local(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize(
    ("method", "path", "capability"),
    [
        ("GET", "/recipes/3/paste", Capability.READ),
        ("POST", "/recipes/3/paste/review", Capability.MANAGE),
        ("POST", "/recipes/3/paste", Capability.MANAGE),
        ("POST", "/recipes/3/lines/rows", Capability.MANAGE),
        ("GET", "/recipes/3/card", Capability.READ),
        ("POST", "/api/recipes/3/paste/review", Capability.MANAGE),
        ("POST", "/api/recipes/3/paste", Capability.MANAGE),
        ("GET", "/api/recipes/3/card", Capability.READ),
    ],
)
def test_writing_recipes_down_is_for_owners_and_reading_them_for_all(
    method: str, path: str, capability: Capability
) -> None:
    """docs/product.md §6.18: pasting and arranging rows change a recipe (or lead to it)."""
    assert required_capability(method, path) is capability


def test_recipe_imports_are_the_owners_or_bakers_the_owner_allows() -> None:
    for path in ("/recipes/import", "/recipes/import/review", "/api/recipes/import/review"):
        assert required_capability("POST", path) is Capability.IMPORT_RECIPES
        assert is_allowed(Role.OWNER, "POST", path)
        assert not is_allowed(Role.BAKER, "POST", path)
        granted = frozenset({Capability.IMPORT_RECIPES})
        assert is_allowed(Role.BAKER, "POST", path, granted)
        assert grant_setting(Role.BAKER, "POST", path) == (
            Capability.IMPORT_RECIPES, "bakers_may_import_recipes"
        )  # fmt: skip
        assert grant_setting(Role.VIEWER, "POST", path) is None
        assert grant_setting(Role.OWNER, "POST", path) is None
    assert required_capability("GET", "/recipes/import") is Capability.READ
    # A grant reaches only its own capability: a baker still manages no recipes.
    assert not is_allowed(Role.BAKER, "POST", "/recipes", frozenset({Capability.IMPORT_RECIPES}))
    assert grant_setting(Role.BAKER, "POST", "/recipes") is None
