"""Password hashing with Argon2id (argon2-cffi's defaults: RFC 9106, 64 MiB, t=3).

Hashing is deliberately slow; it runs once per sign-in, never per request (requests carry
a signed session cookie or an API token instead).
"""

from __future__ import annotations

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bakehouse.errors import InvalidInput

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 1024


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@lru_cache(maxsize=1)
def _decoy_hash() -> str:
    return _hasher().hash("a password nobody has")


def check_password_rules(password: str, field: str = "password") -> None:
    """Raise InvalidInput unless ``password`` is 8 to 1024 characters long."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long", field=field
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password must be at most {MAX_PASSWORD_LENGTH} characters long", field=field
        )


def hash_password(password: str) -> str:
    """An Argon2id hash of ``password`` (salted; a string to store as is)."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. With no hash, spends the same time and says False."""
    try:
        return _hasher().verify(password_hash or _decoy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)
