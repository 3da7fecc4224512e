"""Reading the pantry: lots in FIFO order, stock on hand per ingredient, stock value.

Each answer is one statement whatever the number of lots. Import these from
:mod:`bakehouse.services.pantry.stock`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import DrawOrder, LotOrigin
from bakehouse.domain.numbers import ZERO
from bakehouse.models import Ingredient, Lot, Product, Purchase
from bakehouse.units.conversion import Measure, canonical_unit


@dataclass(frozen=True)
class LotView:
    """One lot as the pantry page shows it (quantities in the ingredient's unit)."""

    lot_id: int
    ingredient_id: int
    ingredient: str
    unit: str
    received_on: date
    initial_quantity: Decimal
    quantity_remaining: Decimal
    cost: Decimal
    value_remaining: Decimal
    best_before: date | None
    #: Days from ``today`` to the best-before date (negative once past); None without one.
    days_to_best_before: int | None
    location: str | None
    product: str | None
    purchase_id: int | None
    notes: str
    #: Where the stock came from: purchase, opening, unrecorded, found, prepared
    #: (docs/product.md §6.14).
    origin: LotOrigin = LotOrigin.PURCHASE
    #: False when its cost is not known (unpriced unrecorded or found stock).
    priced: bool = True
    #: The ingredient's draw order: the lots are listed in it (docs/product.md §6.14).
    draw_order: DrawOrder = DrawOrder.FIFO

    @property
    def is_expired(self) -> bool:
        """Past its best-before (the day it was listed for): bakes skip it unless told."""
        return self.days_to_best_before is not None and self.days_to_best_before < 0


@dataclass(frozen=True)
class OnHand:
    """Stock of one ingredient: quantity and value over its lots with stock left."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal
    value: Decimal
    lot_count: int
    next_best_before: date | None


def list_lots(
    session: Session,
    *,
    ingredient_id: int | None = None,
    include_empty: bool = False,
    today: date | None = None,
) -> list[LotView]:
    """Lots by ingredient name, then in the ingredient's draw order: FIFO (received date,
    then creation), or earliest best-before first (docs/product.md §6.14).

    Empty lots are left out unless ``include_empty``. One statement.
    """
    stmt = (
        select(Lot, Ingredient.name, Ingredient.measure, Product, Ingredient.draw_order)
        .join(Ingredient, Ingredient.id == Lot.ingredient_id)
        .outerjoin(Purchase, Purchase.id == Lot.purchase_id)
        .outerjoin(Product, Product.id == Purchase.product_id)
        .order_by(func.lower(Ingredient.name), Ingredient.id, Lot.received_on, Lot.id)
    )
    if ingredient_id is not None:
        stmt = stmt.where(Lot.ingredient_id == ingredient_id)
    if not include_empty:
        stmt = stmt.where(Lot.quantity_remaining > 0)
    day = today or date.today()
    views = [
        _lot_view(lot, name, measure, draw_order, day, product)
        for lot, name, measure, product, draw_order in session.execute(stmt)
    ]
    # FEFO ingredients: their lots in that order, each ingredient's group kept in place.
    return sorted(
        views,
        key=lambda v: (
            (v.ingredient.lower(), v.ingredient_id)
            + (
                (v.best_before is None, v.best_before or date.max, v.received_on, v.lot_id)
                if v.draw_order is DrawOrder.FEFO
                else (False, date.max, v.received_on, v.lot_id)
            )
        ),
    )


def _lot_view(
    lot: Lot,
    name: str,
    measure: Measure,
    draw_order: DrawOrder,
    day: date,
    product: Product | None = None,
) -> LotView:
    """One lot as the pantry shows it, its ingredient joined (so ``ingredient_id`` is set)."""
    return LotView(
        lot_id=lot.id,
        ingredient_id=lot.ingredient_id or 0,
        ingredient=name,
        unit=canonical_unit(measure),
        received_on=lot.received_on,
        initial_quantity=lot.initial_quantity,
        quantity_remaining=lot.quantity_remaining,
        cost=lot.cost,
        value_remaining=lot.value_remaining,
        best_before=lot.best_before,
        days_to_best_before=(lot.best_before - day).days if lot.best_before else None,
        location=lot.location,
        product=product.label if product is not None else None,
        purchase_id=lot.purchase_id,
        notes=lot.notes,
        origin=lot.origin,
        priced=lot.priced,
        draw_order=draw_order,
    )


def get_on_hand(session: Session, *, include_empty: bool = False) -> list[OnHand]:
    """Stock per ingredient, by name, in one statement.

    Ingredients with nothing in stock are left out unless ``include_empty``.
    """
    stocked = Lot.quantity_remaining > 0
    stmt = (
        select(
            Ingredient.id,
            Ingredient.name,
            Ingredient.measure,
            func.sum(Lot.quantity_remaining),
            func.sum(Lot.value_remaining),
            func.count(Lot.id),
            func.min(Lot.best_before),
        )
        .group_by(Ingredient.id, Ingredient.name, Ingredient.measure)
        .order_by(func.lower(Ingredient.name), Ingredient.id)
    )
    if include_empty:
        stmt = stmt.outerjoin(Lot, (Lot.ingredient_id == Ingredient.id) & stocked)
    else:
        stmt = stmt.join(Lot, Lot.ingredient_id == Ingredient.id).where(stocked)
    return [
        OnHand(
            ingredient_id=ingredient_id,
            ingredient=name,
            unit=canonical_unit(measure),
            quantity=quantity if quantity is not None else ZERO,
            value=value if value is not None else ZERO,
            lot_count=lot_count,
            next_best_before=next_best_before,
        )
        for ingredient_id, name, measure, quantity, value, lot_count, next_best_before in (
            session.execute(stmt)
        )
    ]


def stock_value(session: Session) -> Decimal:
    """What everything in the pantry is worth, at the cost of its lots."""
    total = session.scalar(select(func.sum(Lot.value_remaining)))
    return total if total is not None else ZERO


#: How many unrecorded and found lots the pantry page lists.
RECENT_COUNTED = 20


def list_counted_lots(
    session: Session, *, limit: int = RECENT_COUNTED, today: date | None = None
) -> list[LotView]:
    """The latest unrecorded and found lots (docs/product.md §6.14), newest first, empty
    ones included: a covered short bake draws its unrecorded stock at once, so the pantry
    page shows them here. One statement."""
    stmt = (
        select(Lot, Ingredient.name, Ingredient.measure, Ingredient.draw_order)
        .join(Ingredient, Ingredient.id == Lot.ingredient_id)
        .where(Lot.origin.in_((LotOrigin.UNRECORDED, LotOrigin.FOUND)))
        .order_by(Lot.id.desc())
        .limit(limit)
    )
    day = today or date.today()
    return [
        _lot_view(lot, name, measure, draw_order, day)
        for lot, name, measure, draw_order in session.execute(stmt)
    ]
