"""Personal API tokens for scripts: shown once, stored as a SHA-256, revocable.

A token is 256 random bits, so a plain (unsalted, fast) hash is enough: there is nothing
to guess, and a fast hash lets every API request be checked with one indexed lookup.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.models import ApiToken, AuthEventKind, User
from bakehouse.models.types import utcnow
from bakehouse.services.accounts.accounts import get_user, record_auth_event

TOKEN_PREFIX = "bh_"
#: ``last_used_at`` is refreshed at most this often, so busy scripts do not write per request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    """A new token and its plain text, which is never stored and cannot be shown again."""

    token: ApiToken
    plain_text: str


def hash_token(plain_text: str) -> str:
    return hashlib.sha256(plain_text.encode()).hexdigest()


def create_api_token(session: Session, username: str, name: str, *, ip: str = "") -> CreatedToken:
    """A new token for ``username``. Raises NotFound (user) or InvalidInput (empty name)."""
    user = get_user(session, username)
    label = name.strip()
    if not label or len(label) > TextLimit.NAME:
        raise InvalidInput(
            f"give the token a name of 1 to {TextLimit.NAME} characters", field="name"
        )
    plain_text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=label, token_hash=hash_token(plain_text), created_at=utcnow())
    session.add(token)
    record_auth_event(session, AuthEventKind.TOKEN_CREATED, user.username, label, ip)
    session.flush()
    return CreatedToken(token, plain_text)


def list_api_tokens(session: Session, username: str) -> list[ApiToken]:
    """The user's tokens, revoked ones included, oldest first. NotFound for an unknown user."""
    user = get_user(session, username)
    return list(
        session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id))
    )


def revoke_api_token(
    session: Session, token_id: int, *, username: str | None = None, ip: str = ""
) -> ApiToken:
    """Revoke a token (recorded; revoking twice keeps the first time).

    With ``username``, only that user's own tokens can be revoked: another's is NotFound,
    as is an unknown id.
    """
    token = session.get(ApiToken, token_id)
    if token is None or (username is not None and token.user.username != username):
        raise NotFound("API token", token_id)
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_auth_event(session, AuthEventKind.TOKEN_REVOKED, token.user.username, token.name, ip)
        session.flush()
    return token


def find_token(session: Session, plain_text: str) -> tuple[ApiToken, User] | None:
    """The live token and its active user, or None (unknown, revoked, user disabled).

    Only reads: a request identified by a token takes no write lock for it.
    """
    if not plain_text.startswith(TOKEN_PREFIX):
        return None
    row = session.execute(
        select(ApiToken, User)
        .join(User, ApiToken.user_id == User.id)
        .where(
            ApiToken.token_hash == hash_token(plain_text),
            ApiToken.revoked_at.is_(None),
            User.is_active.is_(True),
        )
    ).one_or_none()
    if row is None:
        return None
    token, user = row
    return token, user


def token_use_is_stale(token: ApiToken, now: datetime | None = None) -> bool:
    """True when the token's last use is older than :data:`LAST_USED_RESOLUTION`."""
    last = token.last_used_at
    return last is None or (now or utcnow()) - last >= LAST_USED_RESOLUTION


def note_token_use(session: Session, token_id: int, now: datetime | None = None) -> None:
    """Record that the token was used now (a write; callers do it at most once a minute)."""
    token = session.get(ApiToken, token_id)
    if token is not None and token_use_is_stale(token, now):
        token.last_used_at = now or utcnow()
        session.flush()


def user_for_token(session: Session, plain_text: str) -> User | None:
    """The active user a token belongs to, or None; notes the use (at most once a minute)."""
    found = find_token(session, plain_text)
    if found is None:
        return None
    token, user = found
    if token_use_is_stale(token):
        note_token_use(session, token.id)
    return user
