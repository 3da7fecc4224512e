"""Recipients: who gets packages, and what they must avoid."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bakehouse.models.base import Base, Name, Slug, StrList


class Recipient(Base):
    __tablename__ = "recipient"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    household: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    allergens: Mapped[StrList] = mapped_column(default=list)

    def __repr__(self) -> str:
        return f"Recipient({self.id}, {self.name!r})"
