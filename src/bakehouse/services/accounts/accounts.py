"""Accounts: users and roles, and whether serving is allowed.

Signing in is :mod:`bakehouse.services.accounts.sign_in`, sessions
:mod:`bakehouse.services.accounts.sessions`, API tokens
:mod:`bakehouse.services.accounts.api_tokens`.
Every change to an account is recorded as an :class:`AuthEvent`. A change of role, a
disabled account and a new password end the user's sessions at once.
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.permissions import Role, is_loopback
from bakehouse.domain.wording import count_of
from bakehouse.errors import Conflict, InvalidInput, NotFound, OwnerAccountRequired
from bakehouse.models import AuthEvent, AuthEventKind, User
from bakehouse.models.types import utcnow
from bakehouse.services.accounts.passwords import HashedPassword, hash_of, verify_password
from bakehouse.services.accounts.sessions import end_user_sessions
from bakehouse.services.core.checks import choice_input, line_input

USERNAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._@+-]{0,79}")


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
    session: Session,
    kind: AuthEventKind,
    username: str,
    detail: str = "",
    ip: str = "",
    *,
    at: datetime | None = None,
) -> AuthEvent:
    """Append one entry to the account log."""
    event = AuthEvent(
        kind=kind, username=username[:80], detail=detail, ip=ip[:64], at=at or utcnow()
    )
    session.add(event)
    return event


def add_user(
    session: Session,
    username: str,
    password: str | HashedPassword,
    *,
    role: Role = Role.VIEWER,
    display_name: str = "",
    actor: str = "",
    ip: str = "",
) -> User:
    """Create an active user. Raises InvalidInput (name, password) or Conflict (name taken).

    Pass a :class:`HashedPassword` made before the transaction to keep hashing out of it.
    """
    name = normalize_username(username)
    password_hash = hash_of(password)
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise Conflict(f"there is already a user called {name!r}", field="username")
    shown = line_input(display_name, field="display_name", max_length=TextLimit.NAME)
    user = User(
        username=name,
        display_name=shown or name,
        role=choice_input(Role, role, field="role"),
        password_hash=password_hash,
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
    role = choice_input(Role, role, field="role")
    if user.role is role:
        return user
    if user.role is Role.OWNER and user.is_active:
        _keep_an_owner(session, user, "change the role of")
    detail = _by(f"{user.role} → {role}", actor)
    user.role = role
    record_auth_event(session, AuthEventKind.ROLE_CHANGED, user.username, detail, ip)
    end_user_sessions(session, user.id, "role changed")
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
    if not active:
        end_user_sessions(session, user.id, "account disabled")
    kind = AuthEventKind.USER_ENABLED if active else AuthEventKind.USER_DISABLED
    record_auth_event(session, kind, user.username, _by("", actor), ip)
    session.flush()
    return user


def set_password(
    session: Session,
    username: str,
    password: str | HashedPassword,
    *,
    actor: str = "",
    ip: str = "",
) -> User:
    """Replace the password (this signs the user out everywhere). InvalidInput if too short."""
    user = get_user(session, username)
    user.password_hash = hash_of(password)
    record_auth_event(session, AuthEventKind.PASSWORD_CHANGED, user.username, _by("", actor), ip)
    end_user_sessions(session, user.id, "password changed")
    session.flush()
    return user


def change_own_password(
    session: Session,
    username: str,
    current_password: str,
    new_password: str | HashedPassword,
    *,
    ip: str = "",
    current_hash_checked: str | None = None,
) -> User:
    """Set a new password after checking the current one (InvalidInput when it is wrong).

    ``current_hash_checked``: the hash the current password was already checked against,
    outside the transaction (it must still be the user's); else it is checked here.
    """
    user = get_user(session, username)
    if current_hash_checked is not None:
        matches = current_hash_checked == user.password_hash
    else:
        matches = verify_password(user.password_hash, current_password)
    if not matches:
        raise InvalidInput("the current password is wrong", field="current_password")
    new_hash = hash_of(new_password, field="new_password")
    return set_password(session, username, HashedPassword(new_hash), actor=username, ip=ip)


def record_logout(session: Session, username: str, *, ip: str = "") -> None:
    """Note in the account log that ``username`` signed out."""
    record_auth_event(session, AuthEventKind.LOGOUT, username, "", ip)
    session.flush()


def sign_out_everywhere(session: Session, username: str, *, actor: str = "", ip: str = "") -> int:
    """End every session of ``username`` (recorded); returns how many were live.

    API tokens are not sessions and keep working; revoke them apart. NotFound for an
    unknown user.
    """
    user = get_user(session, username)
    ended = end_user_sessions(session, user.id, "signed out everywhere")
    detail = _by(count_of(ended, "session"), actor)
    record_auth_event(session, AuthEventKind.SESSIONS_ENDED, user.username, detail, ip)
    session.flush()
    return ended


def update_user(
    session: Session,
    username: str,
    *,
    role: Role | None = None,
    is_active: bool | None = None,
    password: str | HashedPassword | None = None,
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
