"""Signed-in browsers as rows, so that a session can be ended from the server.

The session cookie carries a random key; only its SHA-256 is stored, so reading the table
does not let anyone sign in. Checking a request's session is one indexed read joined with
the user — never a write (no "last seen"), so reads stay reads. A session ends when its
user signs out (that one), signs out everywhere, changes their password, or an owner
disables the account, resets its password or changes its role (all of them).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bakehouse.models import AccountSession, User
from bakehouse.models.types import utcnow

#: How long a session lasts from sign-in (the cookie's lifetime too).
SESSION_LIFETIME = timedelta(days=14)


@dataclass(frozen=True)
class StartedSession:
    """A new session and the key for its cookie (never stored, never shown again)."""

    session_id: int
    key: str


def hash_session_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def start_session(
    session: Session, user: User, *, ip: str = "", now: datetime | None = None
) -> StartedSession:
    """Open a session for ``user``; the caller puts ``key`` in the signed cookie."""
    key = secrets.token_urlsafe(32)
    row = AccountSession(
        user_id=user.id, key_hash=hash_session_key(key), ip=ip[:64], created_at=now or utcnow()
    )
    session.add(row)
    session.flush()
    return StartedSession(row.id, key)


def user_for_session(session: Session, key: str, *, now: datetime | None = None) -> User | None:
    """The active user whose live session has this key, else None. One read, no write."""
    if not key:
        return None
    oldest = (now or utcnow()) - SESSION_LIFETIME
    return session.scalar(
        select(User)
        .join(AccountSession, AccountSession.user_id == User.id)
        .where(
            AccountSession.key_hash == hash_session_key(key),
            AccountSession.ended_at.is_(None),
            AccountSession.created_at > oldest,
            User.is_active.is_(True),
        )
    )


def end_session(session: Session, key: str, reason: str = "signed out") -> bool:
    """End the session with this key; False when there was no live one."""
    result = session.execute(
        update(AccountSession)
        .where(AccountSession.key_hash == hash_session_key(key), AccountSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason[:40])
    )
    return bool(getattr(result, "rowcount", 0))


def end_user_sessions(session: Session, user_id: int, reason: str) -> int:
    """End every live session of the user; returns how many were ended."""
    result = session.execute(
        update(AccountSession)
        .where(AccountSession.user_id == user_id, AccountSession.ended_at.is_(None))
        .values(ended_at=utcnow(), end_reason=reason[:40])
    )
    return int(getattr(result, "rowcount", 0) or 0)


def count_live_sessions(session: Session, user_id: int, *, now: datetime | None = None) -> int:
    """How many browsers are signed in as the user now."""
    oldest = (now or utcnow()) - SESSION_LIFETIME
    live = select(func.count(AccountSession.id)).where(
        AccountSession.user_id == user_id,
        AccountSession.ended_at.is_(None),
        AccountSession.created_at > oldest,
    )
    return session.scalar(live) or 0
