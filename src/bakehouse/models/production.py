"""Production records: B batches of a recipe baked for an event, with their real cost."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

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
