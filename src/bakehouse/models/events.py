"""Event aggregate: an event, who gets which package at it, and each status step."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models.base import Base, Money, Name, Quantity, Slug
from bakehouse.models.packaging import ContentSnapshot, Package
from bakehouse.models.people import Recipient
from bakehouse.models.types import utcnow


class Event(Base):
    __tablename__ = "event"
    __table_args__ = (
        # The dashboard's order: the nearest upcoming events are an index range (§3).
        Index("ix_event_calendar", "event_date", "name", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: When it was archived: hidden from pickers and lists, kept for history
    #: (docs/product.md §6.20). ``None`` while in use.
    archived_at: Mapped[datetime | None] = mapped_column(default=None)
    name: Mapped[Name] = mapped_column(unique=True)
    slug: Mapped[Slug] = mapped_column(unique=True)
    event_date: Mapped[date] = mapped_column(index=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    #: What the owner means to spend on it, if they set one (docs/product.md §6.15).
    budget: Mapped[Money | None] = mapped_column(default=None)
    #: When its plan's prices were locked, ``None`` when not locked (docs/product.md §6.20).
    locked_at: Mapped[datetime | None] = mapped_column(default=None)
    #: The day its gifts are delivered, when not the event's day (docs/product.md §6.10).
    delivery_date: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignments: Mapped[list[Assignment]] = relationship(
        back_populates="event", order_by="Assignment.id"
    )

    @property
    def delivers_on(self) -> date:
        return self.delivery_date or self.event_date

    def __repr__(self) -> str:
        return f"Event({self.id}, {self.name!r})"


class Assignment(Base):
    """Recipient R gets Q of package P at event E."""

    __tablename__ = "assignment"
    __table_args__ = (
        UniqueConstraint("event_id", "recipient_id", "package_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
        # Covers the dashboard's Σ quantity per event, package and status (§3): read from
        # the index alone, in group order.
        # The snapshot rides along: assembled and delivered packages are counted by their
        # frozen contents (docs/product.md §6.20), still from the index alone.
        Index(
            "ix_assignment_event_sums",
            "event_id",
            "package_id",
            "snapshot_id",
            "status",
            "quantity",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"), index=True)
    recipient_id: Mapped[int] = mapped_column(ForeignKey("recipient.id"), index=True)
    package_id: Mapped[int] = mapped_column(ForeignKey("package.id"), index=True)
    quantity: Mapped[int] = mapped_column(default=1)
    status: Mapped[AssignmentStatus] = mapped_column(default=AssignmentStatus.PENDING)
    assembled_at: Mapped[datetime | None] = mapped_column(default=None)
    delivered_at: Mapped[datetime | None] = mapped_column(default=None)
    delivery_note: Mapped[str] = mapped_column(Text, default="")
    #: The package's contents as assembled: set when it leaves pending, cleared when
    #: corrected back to pending (docs/product.md §6.20).
    snapshot_id: Mapped[int | None] = mapped_column(
        ForeignKey("content_snapshot.id"), index=True, default=None
    )
    #: A delivery day of its own, else the event's (docs/product.md §6.10).
    delivery_date: Mapped[date | None] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event] = relationship(back_populates="assignments")
    recipient: Mapped[Recipient] = relationship()
    package: Mapped[Package] = relationship()
    snapshot: Mapped[ContentSnapshot | None] = relationship()
    history: Mapped[list[StatusChange]] = relationship(
        back_populates="assignment", order_by="StatusChange.id", cascade="all, delete-orphan"
    )


class StatusChange(Base):
    """One recorded step of an assignment's status, corrections included."""

    __tablename__ = "status_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    assignment_id: Mapped[int] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True
    )
    from_status: Mapped[AssignmentStatus]
    to_status: Mapped[AssignmentStatus]
    is_correction: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    assignment: Mapped[Assignment] = relationship(back_populates="history")


class EventPriceLock(Base):
    """A locked event's frozen unit price of one ingredient: ``cost`` for ``quantity``
    canonical units (docs/product.md §6.20)."""

    __tablename__ = "event_price_lock"
    __table_args__ = (
        UniqueConstraint("event_id", "ingredient_id"),
        CheckConstraint("quantity > 0", name="quantity_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("ingredient.id"), index=True)
    cost: Mapped[Money]
    quantity: Mapped[Quantity]


class EventRecipeLock(Base):
    """A locked event's planned cost of one recipe when it was locked (``None``: some
    line had no price then)."""

    __tablename__ = "event_recipe_lock"
    __table_args__ = (UniqueConstraint("event_id", "recipe_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"), index=True)
    batches: Mapped[int]
    planned_cost: Mapped[Money]
    unpriced: Mapped[bool] = mapped_column(default=False)


class EventLockChange(Base):
    """One recorded lock or unlock of an event's prices; an unlock says why."""

    __tablename__ = "event_lock_change"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    locked: Mapped[bool]
    reason: Mapped[str] = mapped_column(Text, default="")
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
