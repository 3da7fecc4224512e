"""What the application keeps about requests and guards, not baking data.

* :class:`IdempotencyRecord`: the answer given to a request sent with an idempotency key,
  replayed when the same request is retried (24 hours).
* :class:`LedgerGuard`: the one row the stock-movement triggers read; it is switched on
  only inside ``io.writer.empty_ledger``, the one path allowed to empty the ledger.

Neither is in the data file: like accounts, they are not part of a season.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bakehouse.models.base import Base
from bakehouse.models.types import utcnow


class IdempotencyRecord(Base):
    """One idempotency key of one caller: the request it came with and, once answered,
    the answer (``status_code`` is null while the first request is still running)."""

    __tablename__ = "idempotency_key"
    __table_args__ = (
        UniqueConstraint("owner", "key"),
        Index("ix_idempotency_key_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``user:<id>`` for a signed-in user or token, ``local`` for the local baker.
    owner: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    #: SHA-256 of the method, path, query and body: "the same request".
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int | None] = mapped_column(default=None)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    location: Mapped[str | None] = mapped_column(String(2000), default=None)
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class LedgerGuard(Base):
    """The stock-movement triggers' switch: one row, ``id`` 1."""

    __tablename__ = "ledger_guard"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    emptying: Mapped[bool] = mapped_column(default=False)
