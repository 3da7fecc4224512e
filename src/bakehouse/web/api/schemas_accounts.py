"""Request bodies of the accounts API: users and personal API tokens.

What the API answers is in :mod:`bakehouse.schemas.accounts`.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.permissions import Role
from bakehouse.web.api.schemas_fields import InputModel, Name, NoControlCharacters

Username = Annotated[
    str, StringConstraints(min_length=1, max_length=TextLimit.USERNAME), NoControlCharacters
]
Password = Annotated[str, StringConstraints(min_length=1, max_length=TextLimit.PASSWORD)]
DisplayName = Annotated[str, StringConstraints(max_length=TextLimit.NAME), NoControlCharacters]


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


class TokenCreate(InputModel):
    name: Name
