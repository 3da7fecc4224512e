"""Password hashing with Argon2id (argon2-cffi's defaults: RFC 9106, 64 MiB, t=3).

Hashing is deliberately slow; it runs once per sign-in, never per request (requests carry
a session cookie or an API token instead), and never inside a database transaction.

Each hash or check takes 64 MiB for a tenth of a second or more, so a process runs only a
few at once (:func:`limit_password_work`, from the settings): the others wait their turn
for a short while, then get :class:`~bakehouse.errors.ServerBusy` (HTTP 503 with
``Retry-After``). Memory then stays bounded whatever arrives: at most
``at_once × 64 MiB`` for Argon2 per process.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import InvalidInput, ServerBusy

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = TextLimit.PASSWORD


class _Slots:
    """How many Argon2 operations may run at once in this process, and how long to queue."""

    def __init__(self, at_once: int, wait_seconds: float) -> None:
        self.at_once = at_once
        self.wait_seconds = wait_seconds
        self.semaphore = threading.BoundedSemaphore(at_once)


_slots = _Slots(2, 2.0)


def limit_password_work(at_once: int, wait_seconds: float) -> None:
    """Let at most ``at_once`` hashes or checks run together; queue others ``wait_seconds``."""
    global _slots
    if (at_once, wait_seconds) != (_slots.at_once, _slots.wait_seconds):
        _slots = _Slots(max(1, at_once), max(0.0, wait_seconds))


@contextmanager
def _argon2_slot() -> Iterator[None]:
    slots = _slots
    if not slots.semaphore.acquire(timeout=slots.wait_seconds):
        raise ServerBusy(
            "the server is busy checking other passwords; try again in a moment",
            retry_after_seconds=max(1, math.ceil(slots.wait_seconds)),
        )
    try:
        yield
    finally:
        slots.semaphore.release()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHasher:
    return PasswordHasher()


_decoy: list[str] = []
_decoy_lock = threading.Lock()


def _decoy_hash() -> str:
    """The hash unknown users are checked against, made once — by one thread, in a slot:
    forty simultaneous first sign-ins must not make forty 64 MiB hashes at once."""
    with _decoy_lock:
        if not _decoy:
            _decoy.append(hash_password("a password nobody has"))
        return _decoy[0]


@dataclass(frozen=True)
class HashedPassword:
    """A new password already checked against the rules and hashed.

    Made before a transaction begins (:func:`prepare_password`), so the slow hashing never
    happens while the database's write lock is held.
    """

    hash: str


def prepare_password(password: str, field: str = "password") -> HashedPassword:
    """Check ``password`` against the rules and hash it. InvalidInput, or ServerBusy."""
    check_password_rules(password, field=field)
    return HashedPassword(hash_password(password))


def hash_of(password: str | HashedPassword, field: str = "password") -> str:
    """The hash to store for a new password (prepared already, or checked and hashed now)."""
    if isinstance(password, HashedPassword):
        return password.hash
    return prepare_password(password, field).hash


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
    """An Argon2id hash of ``password`` (salted; a string to store as is).

    ServerBusy when too many hashes and checks are already running.
    """
    with _argon2_slot():
        return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches. With no hash, spends the same time and says False.

    ServerBusy when too many hashes and checks are already running.
    """
    target = password_hash or _decoy_hash()
    with _argon2_slot():
        try:
            return _hasher().verify(target, password) and bool(password_hash)
        except (VerificationError, InvalidHashError):
            return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)
