"""Idempotency keys: a retried request gets the first answer instead of acting twice.

A client that sends ``Idempotency-Key: <key>`` with a POST (or a page form that carries
one) claims the key for its user before the action runs. The same key with the same
request within 24 hours gets the first answer back, replayed; with a different request it
is refused (:class:`IdempotencyKeyReused`), and while the first is still running the
retry is told so (:class:`IdempotencyKeyInUse`). A refused request records nothing, so
its key is released and may be used again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import (
    IDEMPOTENCY_KEY_FIELD,
    IdempotencyKeyInUse,
    IdempotencyKeyReused,
    InvalidInput,
)
from bakehouse.models import IdempotencyRecord
from bakehouse.models.types import utcnow

KEEP_FOR = timedelta(hours=24)
KEY_FIELD = IDEMPOTENCY_KEY_FIELD


@dataclass(frozen=True)
class StoredAnswer:
    """The first answer to a request, as replayed."""

    status_code: int
    content_type: str
    location: str | None
    body: bytes


def check_key(key: str) -> str:
    """``key`` if it is 1 to 200 printable ASCII characters; else :class:`InvalidInput`."""
    if not 0 < len(key) <= TextLimit.IDEMPOTENCY_KEY or not all(" " <= c <= "~" for c in key):
        raise InvalidInput(
            f"{KEY_FIELD} must be 1 to {TextLimit.IDEMPOTENCY_KEY} printable ASCII characters, "
            "e.g. a UUID",
            field=KEY_FIELD,
        )
    return key


def claim_key(
    session: Session, owner: str, key: str, request_hash: str, *, now: datetime | None = None
) -> StoredAnswer | None:
    """Claim ``key`` for ``owner``'s request: ``None`` when the request should run now,
    or the first answer to replay.

    Raises :class:`IdempotencyKeyReused` (same key, another request) and
    :class:`IdempotencyKeyInUse` (the first request has no answer yet). Keys older than
    24 hours are forgotten first.
    """
    now = now or utcnow()
    session.execute(delete(IdempotencyRecord).where(IdempotencyRecord.created_at < now - KEEP_FOR))
    record = _find(session, owner, key)
    if record is None:
        try:
            with session.begin_nested():
                session.add(
                    IdempotencyRecord(
                        owner=owner, key=key, request_hash=request_hash, created_at=now
                    )
                )
            return None
        except IntegrityError:  # a simultaneous retry claimed it first
            record = _find(session, owner, key)
            if record is None:  # pragma: no cover - it was released in between
                raise IdempotencyKeyInUse() from None
    if record.request_hash != request_hash:
        raise IdempotencyKeyReused()
    if record.status_code is None:
        raise IdempotencyKeyInUse()
    return StoredAnswer(record.status_code, record.content_type, record.location, record.body)


def record_answer(session: Session, owner: str, key: str, answer: StoredAnswer) -> None:
    """Keep the answer to the request that claimed ``key``, for its retries."""
    session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.owner == owner, IdempotencyRecord.key == key)
        .values(
            status_code=answer.status_code,
            content_type=answer.content_type[:200],
            location=answer.location,
            body=answer.body,
        )
    )


def release_key(session: Session, owner: str, key: str) -> None:
    """Forget ``key``: its request was refused or failed, so it recorded nothing."""
    session.execute(
        delete(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner, IdempotencyRecord.key == key
        )
    )


def _find(session: Session, owner: str, key: str) -> IdempotencyRecord | None:
    return session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.owner == owner, IdempotencyRecord.key == key
        )
    )
