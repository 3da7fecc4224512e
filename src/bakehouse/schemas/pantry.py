"""Read models of the pantry: purchases, lots, movements, stock on hand and its value."""

from __future__ import annotations

from datetime import date, datetime

from bakehouse.domain.kinds import AdjustmentReason, LotOrigin, MovementKind
from bakehouse.models import Lot, Purchase
from bakehouse.schemas.base import Exact, ReadModel


class LotRead(ReadModel):
    lot_id: int
    #: The ingredient's lot; for prepared stock ``recipe_id`` instead, and ``ingredient``
    #: names the recipe (docs/product.md §6.12).
    ingredient_id: int | None
    recipe_id: int | None = None
    ingredient: str
    unit: str
    received_on: date
    initial_quantity: Exact
    quantity_remaining: Exact
    cost: Exact
    value_remaining: Exact
    best_before: date | None
    days_to_best_before: int | None = None
    location: str | None
    product: str | None
    purchase_id: int | None
    notes: str
    #: purchase, opening, unrecorded, found or prepared (docs/product.md §6.14).
    origin: LotOrigin = LotOrigin.PURCHASE
    #: False when the lot's cost is not known: what draws it has an incomplete cost.
    priced: bool = True

    @classmethod
    def of_lot(cls, lot: Lot) -> LotRead:
        product = lot.purchase.product.label if lot.purchase is not None else None
        return cls(
            lot_id=lot.id, ingredient_id=lot.ingredient_id, ingredient=lot.stock_name,
            unit=lot.unit, received_on=lot.received_on, recipe_id=lot.recipe_id,
            initial_quantity=lot.initial_quantity, quantity_remaining=lot.quantity_remaining,
            cost=lot.cost, value_remaining=lot.value_remaining, best_before=lot.best_before,
            location=lot.location, product=product, purchase_id=lot.purchase_id, notes=lot.notes,
            origin=lot.origin, priced=lot.priced,
        )  # fmt: skip


class PurchaseRead(ReadModel):
    id: int
    product_id: int
    product: str
    purchased_on: date
    packages: Exact
    total_price: Exact
    supplier: str | None
    notes: str
    lot: LotRead

    @classmethod
    def of(cls, purchase: Purchase) -> PurchaseRead:
        assert purchase.lot is not None  # a purchase always creates its lot
        return cls(
            id=purchase.id, product_id=purchase.product_id, product=purchase.product.label,
            purchased_on=purchase.purchased_on, packages=purchase.packages,
            total_price=purchase.total_price, supplier=purchase.supplier, notes=purchase.notes,
            lot=LotRead.of_lot(purchase.lot),
        )  # fmt: skip


class MovementRead(ReadModel):
    id: int
    lot_id: int
    kind: MovementKind
    quantity: Exact
    value: Exact
    reason: AdjustmentReason | None
    note: str
    occurred_at: datetime


class OnHandRead(ReadModel):
    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact
    value: Exact
    lot_count: int
    next_best_before: date | None


class PreparedLotRead(ReadModel):
    """A lot of prepared stock (a sub-recipe's bake), in the recipe's stock unit
    (docs/product.md §6.12)."""

    lot_id: int
    recipe_id: int
    recipe: str
    unit: str
    made_on: date
    best_before: date | None
    quantity: Exact
    quantity_remaining: Exact
    value_remaining: Exact
    bake_id: int | None


class StockValueRead(ReadModel):
    """What everything in the pantry is worth, at the cost of its lots."""

    value: Exact


class CountedIngredientRead(ReadModel):
    """One line of a stock-take (canonical unit): held before, counted, the difference
    and the value taken out (negative) or found (positive); ``found_lot_id`` is the
    found-stock lot of a surplus, ``unpriced`` when it has no price (docs/product.md §6.14)."""

    ingredient_id: int
    ingredient: str
    unit: str
    held: Exact
    counted: Exact
    difference: Exact
    value: Exact
    unpriced: bool
    found_lot_id: int | None


class StockTakeRead(ReadModel):
    reason: str
    counted_on: date
    lines: list[CountedIngredientRead]
