"""Seasons (named date ranges with an optional budget) and the settings store
(docs/product.md §6.15)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bakehouse.models.base import Base, Money, Name, Slug
from bakehouse.models.types import utcnow


class Season(Base):
    """Events dated ``starts_on`` to ``ends_on`` belong to it; seasons never overlap
    (checked by the service: a range constraint is not portable)."""

    __tablename__ = "season"
    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("budget IS NULL OR budget >= 0", name="budget_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date]
    budget: Mapped[Money | None] = mapped_column(default=None)
    notes: Mapped[str] = mapped_column(Text, default="")

    def __repr__(self) -> str:
        return f"Season({self.id}, {self.name!r})"


class StoredSetting(Base):
    """A setting an owner changed from its default (``domain/settings.py``)."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(1000))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class CalendarDay(Base):
    """A one-off change to the baker's hours on one day (docs/product.md §6.10): ``minutes``
    instead of the weekday's or weekend day's, or ``unavailable`` (a day off wins)."""

    __tablename__ = "calendar_day"
    __table_args__ = (
        CheckConstraint("minutes IS NULL OR minutes >= 0", name="minutes_not_negative"),
        CheckConstraint("unavailable OR minutes IS NOT NULL", name="off_or_minutes"),
    )

    day: Mapped[date] = mapped_column(primary_key=True)
    minutes: Mapped[int | None] = mapped_column(default=None)
    unavailable: Mapped[bool] = mapped_column(default=False)


class CalendarFeedToken(Base):
    """A secret address for the bake calendar's subscribable feed: only its SHA-256 is
    stored, it is shown once and can be revoked (docs/multi-user.md)."""

    __tablename__ = "calendar_feed_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
