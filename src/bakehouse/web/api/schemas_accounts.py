"""API models for accounts: who is signed in, users, and personal API tokens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.permissions import Role
from bakehouse.web.api.schemas_fields import InputModel, Name, NoControlCharacters, ReadModel

Username = Annotated[
    str, StringConstraints(min_length=1, max_length=TextLimit.USERNAME), NoControlCharacters
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=TextLimit.PASSWORD)]
DisplayName = Annotated[str, StringConstraints(max_length=TextLimit.NAME), NoControlCharacters]


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


class UserCreate(InputModel):
    username: Username
    password: Password = Field(description="at least 8 characters")
    role: Role = Role.VIEWER
    display_name: DisplayName = ""


class UserUpdate(InputModel):
    """Only the fields sent are changed; each change is recorded."""

    role: Role | None = None
    is_active: bool | None = None
    password: Password | None = None


class TokenRead(ReadModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreate(InputModel):
    name: Name


class TokenCreated(TokenRead):
    """A new token: ``token`` is shown this once and never stored."""

    token: str


class SessionsEnded(ReadModel):
    """How many browser sessions "sign out everywhere" ended."""

    sessions_ended: int
