"""Production records: B batches of a recipe baked for an event, with their real cost,
and what became of their items (losses, moves)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bakehouse.domain.outcomes import LossReason, OutcomeKind
from bakehouse.models.base import Base, Money
from bakehouse.models.events import Event
from bakehouse.models.pantry import StockMovement
from bakehouse.models.recipes import Recipe
from bakehouse.models.types import utcnow


class ProductionRecord(Base):
    """A bake. ``actual_cost`` is the sum of the draws it made (captured when recorded).

    A bake of a sub-recipe (``makes_stock``) makes a prepared-stock lot instead of items:
    its cost lies in that lot and reaches an event only through the bakes that draw it;
    ``event_id`` then only says which event it was made for, if any, and ``parent_id`` is
    the bake it was made for when made "now" for it (docs/product.md §6.12).
    """

    __tablename__ = "production_record"
    __table_args__ = (
        CheckConstraint("batches > 0", name="batches_positive"),
        Index("ix_production_record_event_recipe", "event_id", "recipe_id"),
        # Covers Σ batches and Σ cost of live bakes per event and recipe (the dashboard,
        # docs/product.md §3): read from the index alone.
        Index(
            "ix_production_record_live_sums",
            "event_id",
            "recipe_id",
            "batches",
            "actual_cost",
            "reversed_at",  # or SQLite visits the table to check the condition
            "makes_stock",  # a sub-recipe's bake is not the event's (docs/product.md §6.12)
            sqlite_where=text("reversed_at IS NULL"),
            postgresql_where=text("reversed_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), default=None)
    recipe_id: Mapped[int] = mapped_column(ForeignKey("recipe.id"), index=True)
    batches: Mapped[int]
    actual_cost: Mapped[Money]
    produced_at: Mapped[datetime] = mapped_column(default=utcnow)
    notes: Mapped[str] = mapped_column(Text, default="")
    makes_stock: Mapped[bool] = mapped_column(default=False)
    #: The bake drew stock whose cost is not known (unrecorded stock of an ingredient
    #: never priced): its actual cost is incomplete, never $0 (docs/product.md §6.14).
    cost_incomplete: Mapped[bool] = mapped_column(default=False)
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("production_record.id"), index=True, default=None
    )
    reversed_at: Mapped[datetime | None] = mapped_column(default=None)
    reversal_reason: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    event: Mapped[Event | None] = relationship()
    recipe: Mapped[Recipe] = relationship()
    movements: Mapped[list[StockMovement]] = relationship(
        order_by="StockMovement.id", foreign_keys="StockMovement.production_record_id"
    )

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None


class ItemOutcome(Base):
    """Good items of a bake lost, or moved from one event to another (docs/product.md §6.13).

    ``event_id`` is the event the items leave (where they were lost, or moved from);
    ``to_event_id`` the event a move takes them to. ``cost`` is the items' share of their
    bake's cost, fixed when recorded. ``at_bake`` marks the shortfall recorded with the bake
    itself (good items fewer than expected).
    """

    __tablename__ = "item_outcome"
    __table_args__ = (
        CheckConstraint("quantity > 0", name="quantity_positive"),
        CheckConstraint(
            "(kind = 'move' AND to_event_id IS NOT NULL AND reason IS NULL)"
            " OR (kind = 'loss' AND to_event_id IS NULL AND reason IS NOT NULL)",
            name="kind_fields",
        ),
        Index("ix_item_outcome_event", "event_id"),
        Index("ix_item_outcome_to_event", "to_event_id"),
        Index("ix_item_outcome_bake", "production_record_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[OutcomeKind]
    production_record_id: Mapped[int] = mapped_column(ForeignKey("production_record.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id"))
    to_event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id"), default=None)
    item_id: Mapped[int] = mapped_column(ForeignKey("item.id"))
    quantity: Mapped[int]
    reason: Mapped[LossReason | None] = mapped_column(default=None)
    cost: Mapped[Money]
    at_bake: Mapped[bool] = mapped_column(default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

    bake: Mapped[ProductionRecord] = relationship()
