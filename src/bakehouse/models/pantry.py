"""Pantry aggregate: purchases, the lots they create, and the append-only movement ledger.

A lot's ``quantity_remaining`` and ``value_remaining`` are the running sums of its
movements, kept in step in the same statement batch as each new movement (see
``services/pantry/ledger.py``, the only writer). The database refuses a negative balance; a
test checks that the balances equal the sums of the ledger.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from bakehouse.domain.kinds import AdjustmentReason, LotOrigin, MovementKind
from bakehouse.models.base import Base, Money, Quantity
from bakehouse.models.catalog import Ingredient, Product
from bakehouse.models.recipes import Recipe
from bakehouse.models.types import utcnow
from bakehouse.units.conversion import to_canonical


class Purchase(Base):
    __tablename__ = "purchase"
    __table_args__ = (
        CheckConstraint("packages > 0", name="packages_positive"),
        CheckConstraint("total_price >= 0", name="price_not_negative"),
        # A product's latest purchase is one look-up (the shopping list's package prices).
        Index("ix_purchase_product_latest", "product_id", "purchased_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    purchased_on: Mapped[date]
    packages: Mapped[Quantity]
    total_price: Mapped[Money]
    supplier: Mapped[str | None] = mapped_column(String(120), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[Product] = relationship()
    lot: Mapped[Lot | None] = relationship(back_populates="purchase")


class Lot(Base):
    """Stock of one ingredient (canonical unit), or prepared stock of one sub-recipe
    (``recipe_id``, held in the recipe's stock unit: its yield unit, or batches;
    docs/product.md §6.12) made by the bake ``production_record_id``."""

    __tablename__ = "lot"
    __table_args__ = (
        CheckConstraint(
            "(ingredient_id IS NULL) <> (recipe_id IS NULL)", name="ingredient_or_recipe"
        ),
        CheckConstraint("initial_quantity > 0", name="initial_quantity_positive"),
        CheckConstraint("cost >= 0", name="cost_not_negative"),
        CheckConstraint("quantity_remaining >= 0", name="quantity_remaining_not_negative"),
        CheckConstraint("value_remaining >= 0", name="value_remaining_not_negative"),
        # FIFO order: oldest received first, then creation order.
        Index("ix_lot_fifo", "ingredient_id", "received_on", "id"),
        # The lots a draw may take from, in draw order: a bake walks only these and stops
        # once its request is covered (docs/product.md §2.2).
        Index(
            "ix_lot_stocked",
            "ingredient_id",
            "received_on",
            "id",
            sqlite_where=text("quantity_remaining > 0"),
            postgresql_where=text("quantity_remaining > 0"),
        ),
        # The latest lot bought as a product: its price is one look-up (docs/product.md §2.4).
        Index("ix_lot_product_latest", "product_id", "received_on", "id"),
        # Prepared stock with some left, in draw order: earliest best-before first, then
        # FIFO (docs/product.md §6.12).
        Index(
            "ix_lot_prepared_stocked",
            "recipe_id",
            "best_before",
            "received_on",
            "id",
            sqlite_where=text("quantity_remaining > 0 AND recipe_id IS NOT NULL"),
            postgresql_where=text("quantity_remaining > 0 AND recipe_id IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ingredient_id: Mapped[int | None] = mapped_column(ForeignKey("ingredient.id"), default=None)
    recipe_id: Mapped[int | None] = mapped_column(ForeignKey("recipe.id"), default=None)
    production_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("production_record.id"), index=True, default=None
    )
    purchase_id: Mapped[int | None] = mapped_column(
        ForeignKey("purchase.id"), unique=True, default=None
    )
    #: The product of the lot's purchase (None for stock not bought), copied so that the
    #: latest price of a product is an index look-up; set with the purchase, never changed,
    #: and checked against the purchase by ``ledger_discrepancies``.
    product_id: Mapped[int | None] = mapped_column(ForeignKey("product.id"), default=None)
    received_on: Mapped[date]
    initial_quantity: Mapped[Quantity]
    cost: Mapped[Money]
    quantity_remaining: Mapped[Quantity]
    value_remaining: Mapped[Money]
    best_before: Mapped[date | None] = mapped_column(default=None)
    location: Mapped[str | None] = mapped_column(String(120), default=None)
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    #: Where the stock came from; only purchases and opening stock are prices
    #: (docs/product.md §6.14).
    origin: Mapped[LotOrigin] = mapped_column(default=LotOrigin.PURCHASE)
    #: False when the lot's cost is not known (unrecorded or found stock of an ingredient
    #: never priced; prepared stock made by such a bake): draws from it make a bake's
    #: actual cost incomplete, never $0 (docs/product.md §6.14).
    priced: Mapped[bool] = mapped_column(default=True)

    ingredient: Mapped[Ingredient | None] = relationship()
    recipe: Mapped[Recipe | None] = relationship()
    purchase: Mapped[Purchase | None] = relationship(back_populates="lot")
    product: Mapped[Product | None] = relationship()
    movements: Mapped[list[StockMovement]] = relationship(
        back_populates="lot", order_by="StockMovement.id"
    )

    @property
    def unit(self) -> str:
        """The unit the lot's quantities are in (canonical, or the recipe's stock unit)."""
        if self.ingredient is not None:
            return self.ingredient.unit
        assert self.recipe is not None
        return self.recipe.stock_unit

    @property
    def stock_name(self) -> str:
        """What the lot holds: the ingredient's name, or the recipe's."""
        if self.ingredient is not None:
            return self.ingredient.name
        assert self.recipe is not None
        return self.recipe.name

    def quantity_in_stock_unit(self, amount: Decimal, unit: str | None) -> Decimal:
        """``amount`` ``unit`` (default: the lot's unit) in the lot's unit."""
        if self.ingredient is not None:
            return to_canonical(amount, unit or self.ingredient.unit, self.ingredient.factors)
        assert self.recipe is not None
        return self.recipe.to_stock_unit(amount, unit or self.recipe.stock_unit)

    @validates("purchase")
    def _copy_product(self, _key: str, purchase: Purchase | None) -> Purchase | None:
        self.product = purchase.product if purchase is not None else None
        return purchase


#: Lots with stock left. Written as a literal so that SQLite uses the partial index
#: ``ix_lot_stocked`` (it cannot match a bound parameter).
STOCKED = Lot.quantity_remaining > literal_column("0")


class StockMovement(Base):
    """One signed change to one lot. Rows are only ever added, never edited or deleted."""

    __tablename__ = "stock_movement"
    __table_args__ = (CheckConstraint("quantity <> 0", name="quantity_not_zero"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lot_id: Mapped[int] = mapped_column(ForeignKey("lot.id"), index=True)
    kind: Mapped[MovementKind]
    quantity: Mapped[Quantity]
    value: Mapped[Money]
    reason: Mapped[AdjustmentReason | None] = mapped_column(default=None)
    note: Mapped[str] = mapped_column(Text, default="")
    production_record_id: Mapped[int | None] = mapped_column(
        ForeignKey("production_record.id"), index=True, default=None
    )
    reverses_id: Mapped[int | None] = mapped_column(ForeignKey("stock_movement.id"), default=None)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)

    lot: Mapped[Lot] = relationship(back_populates="movements")
