"""Read models of accounts: who is signed in, users, and personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bakehouse.domain.permissions import Role
from bakehouse.schemas.base import ReadModel


class PrincipalRead(ReadModel):
    """Who the request acts for; ``via`` is how it was recognised."""

    username: str
    display_name: str
    role: Role
    via: Literal["session", "token", "local"]


class UserRead(ReadModel):
    id: int
    username: str
    display_name: str
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None


class TokenRead(ReadModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreated(TokenRead):
    """A new token: ``token`` is shown this once and never stored."""

    token: str


class SessionsEnded(ReadModel):
    """How many browser sessions "sign out everywhere" ended."""

    sessions_ended: int
