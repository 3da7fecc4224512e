"""Account test data. Users are built directly with one Argon2 hash computed per run,
so tests that only need someone signed in do not pay for hashing each time."""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import User
from bakehouse.services.accounts.passwords import hash_password

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


@lru_cache(maxsize=1)
def _password_hash() -> str:
    return hash_password(PASSWORD)


def make_user(session: Session, role: Role = Role.BAKER, **overrides: Any) -> User:
    """An active user whose password is :data:`PASSWORD`."""
    n = next(_counter)
    values: dict[str, Any] = {
        "username": f"user{n}",
        "display_name": f"User {n}",
        "role": role,
        "password_hash": _password_hash(),
        "is_active": True,
    }
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user
