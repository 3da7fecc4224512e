"""Shopping: ticks on a shopping list's lines and the order of the aisles
(docs/product.md §6.17)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bakehouse.models.base import Base, Quantity
from bakehouse.models.types import utcnow


class ShoppingTick(Base):
    """A line of a shopping list ticked on screen: one per (scope key, ingredient), shared
    by the household. ``shortfall`` is what the line asked for when it was ticked, so the
    list can say "changed since ticked"."""

    __tablename__ = "shopping_tick"
    __table_args__ = (
        UniqueConstraint("scope_key", "ingredient_id"),
        CheckConstraint("shortfall >= 0", name="shortfall_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``event:N``, ``season:<id>`` or ``upcoming`` (services/shopping ``shopping_scope_key``).
    scope_key: Mapped[str] = mapped_column(String(60), index=True)
    ingredient_id: Mapped[int] = mapped_column(ForeignKey("ingredient.id"), index=True)
    shortfall: Mapped[Quantity] = mapped_column(default=Decimal(0))
    ticked_at: Mapped[datetime] = mapped_column(default=utcnow)
    ticked_by: Mapped[str] = mapped_column(String(120), default="")


class Aisle(Base):
    """Where a category of ingredients sits in the shop: lists are grouped by category in
    ``position`` order; a category without a row comes after, by name."""

    __tablename__ = "shopping_aisle"
    __table_args__ = (CheckConstraint("position >= 0", name="position_not_negative"),)

    category: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int]
