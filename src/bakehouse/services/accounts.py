"""Accounts: users and roles, signing in (rate-limited), and whether serving is allowed.

API tokens live in :mod:`bakehouse.services.api_tokens`. Every change to an account is
recorded as an :class:`AuthEvent`, and so is every failed sign-in.

Rate limiting counts recent ``login_failed`` events in the database rather than in
memory: the server runs several worker processes (and may run on several machines), and
a per-process counter would multiply the allowance by the number of workers and reset
on every restart. The failures are recorded anyway, so the count is one indexed query.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.domain.permissions import Role, is_loopback
from bakehouse.errors import Conflict, InvalidInput, NotFound, OwnerAccountRequired
from bakehouse.models import AuthEvent, AuthEventKind, User
from bakehouse.models.types import utcnow
from bakehouse.services.catalog_input import line_input
from bakehouse.services.passwords import (
    check_password_rules,
    hash_password,
    needs_rehash,
    verify_password,
)

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,79}")
LOGIN_WINDOW = timedelta(minutes=15)
MAX_FAILURES_PER_USERNAME_AND_IP = 5
MAX_FAILURES_PER_IP = 20


class LoginRefusal(StrEnum):
    BAD_CREDENTIALS = "bad_credentials"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class LoginOutcome:
    """The result of a sign-in attempt: the user, or why not.

    A refused sign-in is returned rather than raised: the failure is recorded in the
    caller's transaction, and raising would roll that record back.
    """

    user: User | None
    refusal: LoginRefusal | None = None
    retry_after_seconds: int = 0

    @property
    def message(self) -> str:
        if self.refusal is LoginRefusal.THROTTLED:
            minutes = max(1, -(-self.retry_after_seconds // 60))
            return f"too many failed sign-ins; try again in {minutes} minute(s)"
        if self.refusal is LoginRefusal.BAD_CREDENTIALS:
            return "wrong username or password"
        return "signed in"


def normalize_username(username: str) -> str:
    """``username`` trimmed and lower-cased; InvalidInput unless it is a valid name."""
    name = username.strip().lower()
    if not USERNAME_PATTERN.fullmatch(name):
        raise InvalidInput(
            "a username is 1 to 80 letters, digits or . _ @ + -, starting with a letter or digit",
            field="username",
        )
    return name


def record_auth_event(
    session: Session, kind: AuthEventKind, username: str, detail: str = "", ip: str = ""
) -> AuthEvent:
    """Append one entry to the account log."""
    event = AuthEvent(kind=kind, username=username[:80], detail=detail, ip=ip[:64], at=utcnow())
    session.add(event)
    return event


def add_user(
    session: Session,
    username: str,
    password: str,
    *,
    role: Role = Role.VIEWER,
    display_name: str = "",
    actor: str = "",
    ip: str = "",
) -> User:
    """Create an active user. Raises InvalidInput (name, password) or Conflict (name taken)."""
    name = normalize_username(username)
    check_password_rules(password)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise Conflict(f"there is already a user called {name!r}", field="username")
    user = User(
        username=name,
        display_name=line_input(display_name, field="display_name", max_length=200) or name,
        role=Role(role),
        password_hash=hash_password(password),
        is_active=True,
        created_at=utcnow(),
    )
    session.add(user)
    record_auth_event(session, AuthEventKind.USER_ADDED, name, _by(f"role {user.role}", actor), ip)
    session.flush()
    return user


def get_user(session: Session, username: str) -> User:
    """The user called ``username``; NotFound otherwise."""
    name = username.strip().lower()
    user = session.scalar(select(User).where(User.username == name))
    if user is None:
        raise NotFound("user", name)
    return user


def get_active_user(session: Session, user_id: int) -> User | None:
    """The user with this id if the account is active, else None (a stale session)."""
    user = session.get(User, user_id)
    return user if user is not None and user.is_active else None


def list_users(session: Session) -> list[User]:
    """Every user, by username."""
    return list(session.scalars(select(User).order_by(User.username)))


def has_users(session: Session) -> bool:
    """True once any account exists (from then on everyone signs in)."""
    return session.scalar(select(User.id).limit(1)) is not None


def set_role(session: Session, username: str, role: Role, *, actor: str = "", ip: str = "") -> User:
    """Give ``username`` a new role (recorded). Conflict when it would leave no owner."""
    user = get_user(session, username)
    role = Role(role)
    if user.role is role:
        return user
    if user.role is Role.OWNER and user.is_active:
        _keep_an_owner(session, user, "change the role of")
    detail = _by(f"{user.role} → {role}", actor)
    user.role = role
    record_auth_event(session, AuthEventKind.ROLE_CHANGED, user.username, detail, ip)
    session.flush()
    return user


def set_active(
    session: Session, username: str, active: bool, *, actor: str = "", ip: str = ""
) -> User:
    """Disable (or re-enable) an account: a disabled user cannot sign in or use tokens."""
    user = get_user(session, username)
    if user.is_active == active:
        return user
    if not active and user.role is Role.OWNER:
        _keep_an_owner(session, user, "disable")
    user.is_active = active
    kind = AuthEventKind.USER_ENABLED if active else AuthEventKind.USER_DISABLED
    record_auth_event(session, kind, user.username, _by("", actor), ip)
    session.flush()
    return user


def set_password(
    session: Session, username: str, password: str, *, actor: str = "", ip: str = ""
) -> User:
    """Replace the password (this signs the user out everywhere). InvalidInput if too short."""
    user = get_user(session, username)
    check_password_rules(password)
    user.password_hash = hash_password(password)
    record_auth_event(session, AuthEventKind.PASSWORD_CHANGED, user.username, _by("", actor), ip)
    session.flush()
    return user


def change_own_password(
    session: Session, username: str, current_password: str, new_password: str, *, ip: str = ""
) -> User:
    """Set a new password after checking the current one (InvalidInput when it is wrong)."""
    user = get_user(session, username)
    if not verify_password(user.password_hash, current_password):
        raise InvalidInput("the current password is wrong", field="current_password")
    check_password_rules(new_password, field="new_password")
    return set_password(session, username, new_password, actor=username, ip=ip)


def authenticate(session: Session, username: str, password: str, *, ip: str) -> LoginOutcome:
    """Check a sign-in. Records it either way; refuses without checking when rate-limited.

    At most 5 failures per username and address, and 20 per address, in 15 minutes.
    """
    name = username.strip().lower()[:80]
    retry_after = _throttled_for(session, name, ip)
    if retry_after:
        return LoginOutcome(None, LoginRefusal.THROTTLED, retry_after)
    user = session.scalar(select(User).where(User.username == name))
    matches = verify_password(user.password_hash if user else None, password)
    if user is None or not matches or not user.is_active:
        reason = "unknown user" if user is None else "wrong password" if not matches else "disabled"
        record_auth_event(session, AuthEventKind.LOGIN_FAILED, name, reason, ip)
        session.flush()
        return LoginOutcome(None, LoginRefusal.BAD_CREDENTIALS)
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.last_login_at = utcnow()
    record_auth_event(session, AuthEventKind.LOGIN_OK, name, "", ip)
    session.flush()
    return LoginOutcome(user)


def record_logout(session: Session, username: str, *, ip: str = "") -> None:
    """Note in the account log that ``username`` signed out."""
    record_auth_event(session, AuthEventKind.LOGOUT, username, "", ip)
    session.flush()


def update_user(
    session: Session,
    username: str,
    *,
    role: Role | None = None,
    is_active: bool | None = None,
    password: str | None = None,
    actor: str = "",
    ip: str = "",
) -> User:
    """Change what is given (role, active, password), each recorded; returns the user.

    Raises NotFound, InvalidInput (password) or Conflict (it would leave no owner).
    """
    user = get_user(session, username)
    if password is not None:
        set_password(session, user.username, password, actor=actor, ip=ip)
    if role is not None:
        set_role(session, user.username, role, actor=actor, ip=ip)
    if is_active is not None:
        set_active(session, user.username, is_active, actor=actor, ip=ip)
    return user


def session_fingerprint(user: User) -> str:
    """Changes when the password does, so a new password ends every existing session."""
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:16]


def list_auth_events(session: Session, limit: int = 50) -> list[AuthEvent]:
    """The newest entries of the account log, newest first."""
    return list(session.scalars(select(AuthEvent).order_by(AuthEvent.id.desc()).limit(limit)))


def ensure_server_mode_allowed(settings: Settings, session: Session) -> None:
    """Allow serving on ``settings.host``: always on loopback, elsewhere only with an owner.

    Raises OwnerAccountRequired when the address is reachable from other machines and no
    active owner account exists yet.
    """
    if is_loopback(settings.host):
        return
    owner = select(User.id).where(User.role == Role.OWNER, User.is_active.is_(True)).limit(1)
    if session.scalar(owner) is None:
        raise OwnerAccountRequired(
            f"Bakehouse would listen on {settings.host}, where other machines can reach it, "
            "but there is no owner account yet; create one first: "
            "bakehouse user add NAME --role owner"
        )


def _throttled_for(session: Session, username: str, ip: str) -> int:
    """Seconds until another attempt is allowed (0: allowed now)."""
    now = utcnow()
    since = now - LOGIN_WINDOW
    failures = select(AuthEvent.at).where(
        AuthEvent.kind == AuthEventKind.LOGIN_FAILED, AuthEvent.ip == ip, AuthEvent.at >= since
    )
    per_name = failures.where(AuthEvent.username == username)
    for query, limit in (
        (per_name, MAX_FAILURES_PER_USERNAME_AND_IP),
        (failures, MAX_FAILURES_PER_IP),
    ):
        count = session.scalar(select(func.count()).select_from(query.subquery())) or 0
        if count >= limit:
            # Allowed again when the limit-th newest failure leaves the window.
            oldest_counted = session.scalars(
                query.order_by(AuthEvent.at.desc()).offset(limit - 1).limit(1)
            ).one()
            return max(1, int((oldest_counted + LOGIN_WINDOW - now).total_seconds()))
    return 0


def _keep_an_owner(session: Session, user: User, action: str) -> None:
    others = select(func.count(User.id)).where(
        User.role == Role.OWNER, User.is_active.is_(True), User.id != user.id
    )
    if not session.scalar(others):
        raise Conflict(
            f"cannot {action} {user.username!r}: it is the only owner; make someone else "
            "owner first",
            field="role",
        )


def _by(detail: str, actor: str) -> str:
    if not actor:
        return detail
    return f"{detail} by {actor}" if detail else f"by {actor}"
