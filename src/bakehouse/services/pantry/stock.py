"""The pantry: purchases and opening stock create lots; adjustments and draws use them.

Every quantity change goes through :mod:`bakehouse.services.pantry.ledger` as an appended stock
movement, so a lot's balance always equals the sum of its movements. Quantities are held
in the ingredient's canonical unit (g, ml or each); costs follow docs/product.md §2.2 (FIFO,
proportional cost, the emptying draw takes what is left). Listing lots and on-hand
stock lives in :mod:`bakehouse.services.pantry.views` and is re-exported here.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.domain.fifo import book_value, draw_cost
from bakehouse.domain.inputs import STORABLE_LIMIT, TextLimit
from bakehouse.domain.kinds import AdjustmentReason, LotOrigin, MovementKind
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.errors import InvalidInput, NotFound, UnitError
from bakehouse.models import Ingredient, Lot, Purchase, StockMovement
from bakehouse.services.catalog.ingredients import get_ingredient
from bakehouse.services.catalog.products import get_product, package_quantity
from bakehouse.services.core.checks import (
    canonical_quantity,
    choice_input,
    date_input,
    decimal_input,
    money_input,
    optional_date_input,
    optional_text,
    positive_quantity,
    text_input,
)
from bakehouse.services.pantry.ledger import append_movement, balance_of


def record_purchase(
    session: Session,
    *,
    product_id: int | str,
    purchased_on: date,
    packages: Decimal | int | str,
    total_price: Decimal | int | str,
    supplier: str | None = None,
    best_before: date | None = None,
    location: str | None = None,
    notes: str = "",
) -> Purchase:
    """Record a purchase: one lot of ``packages`` × the product's size, costing ``total_price``.

    The product is named by id, slug or name. Returns the purchase (its ``lot`` holds
    the stock). Raises :class:`NotFound` and :class:`InvalidInput` naming the field.
    """
    product = get_product(session, product_id)
    count = positive_quantity(packages, field="packages")
    price = money_input(total_price, field="total_price")
    day = date_input(purchased_on, field="purchased_on")
    quantity = _positive_stock(count * package_quantity(product), field="packages")
    purchase = Purchase(
        product=product,
        purchased_on=day,
        packages=count,
        total_price=price,
        supplier=optional_text(supplier, field="supplier", max_length=TextLimit.SHORT)
        or product.supplier,
        notes=text_input(notes, field="notes", max_length=TextLimit.NOTES),
    )
    lot = _new_lot(session, product.ingredient, quantity, price, day, best_before, location)
    lot.purchase = purchase
    session.add(purchase)
    append_movement(session, lot, kind=MovementKind.PURCHASE, quantity=quantity, value=price)
    session.flush()
    return purchase


def add_opening_stock(
    session: Session,
    *,
    ingredient_id: int | str,
    quantity: Decimal | int | str,
    unit: str,
    cost: Decimal | int | str,
    received_on: date,
    best_before: date | None = None,
    location: str | None = None,
    notes: str = "",
) -> Lot:
    """Enter stock already in the pantry as a lot with a cost; returns the lot.

    The ingredient is named by id, slug or name.
    Raises :class:`NotFound`, :class:`InvalidInput` (a unit that does not convert for
    this ingredient names the field ``unit``).
    """
    ingredient = get_ingredient(session, ingredient_id)
    amount = positive_quantity(quantity, field="quantity")
    canonical = _positive_stock(
        canonical_quantity(amount, unit, ingredient.factors), field="quantity"
    )
    value = money_input(cost, field="cost")
    day = date_input(received_on, field="received_on")
    lot = _new_lot(session, ingredient, canonical, value, day, best_before, location)
    lot.origin = LotOrigin.OPENING
    lot.notes = text_input(notes, field="notes", max_length=TextLimit.NOTES)
    append_movement(session, lot, kind=MovementKind.OPENING, quantity=canonical, value=value)
    session.flush()
    return lot


def adjust_stock(
    session: Session,
    *,
    lot_id: int,
    quantity: Decimal | int | str,
    unit: str | None = None,
    reason: AdjustmentReason | str,
    note: str = "",
) -> StockMovement:
    """Add (positive) or remove (negative) stock from one lot, for a reason.

    A removal costs what a FIFO draw would (docs/product.md §2.2: the value before less
    the book value of what is left); an addition is valued at the lot's unit cost.
    Returns the movement.
    Raises :class:`NotFound`, and :class:`InvalidInput` when the removal is more than the
    lot holds (saying what is left) or a value is bad.
    """
    lot = session.get(Lot, lot_id, with_for_update=True, populate_existing=True)
    if lot is None:
        raise NotFound("lot", lot_id)
    why = choice_input(AdjustmentReason, reason, field="reason")
    amount = decimal_input(quantity, field="quantity")
    try:
        canonical = quantize_quantity(lot.quantity_in_stock_unit(amount, unit))
    except UnitError as error:
        error.field = "unit"
        raise
    if canonical == 0:
        raise InvalidInput("quantity must not be zero", field="quantity")
    if canonical < 0:
        if -canonical > lot.quantity_remaining:
            unit_name = lot.unit
            raise InvalidInput(
                f"lot {lot.id} of {lot.stock_name} has only "
                f"{_fmt(lot.quantity_remaining)} {unit_name} left; cannot remove "
                f"{_fmt(-canonical)} {unit_name}",
                field="quantity",
            )
        value = -draw_cost(balance_of(lot), -canonical)
    else:
        value = book_value(balance_of(lot), canonical)
    text = text_input(note, field="note", max_length=TextLimit.NOTES)
    movement = append_movement(
        session,
        lot,
        kind=MovementKind.ADJUSTMENT,
        quantity=canonical,
        value=value,
        reason=why,
        note=text,
    )
    session.flush()
    return movement


def _new_lot(
    session: Session,
    ingredient: Ingredient,
    quantity: Decimal,
    cost: Decimal,
    received_on: date,
    best_before: object,
    location: object,
) -> Lot:
    best_before_day = optional_date_input(best_before, field="best_before")
    place = optional_text(location, field="location", max_length=TextLimit.SHORT)
    lot = Lot(
        ingredient=ingredient,
        received_on=received_on,
        initial_quantity=quantity,
        cost=cost,
        quantity_remaining=ZERO,
        value_remaining=ZERO,
        best_before=best_before_day,
        location=place,
    )
    session.add(lot)
    return lot


def _positive_stock(quantity: Decimal, *, field: str) -> Decimal:
    canonical = quantize_quantity(quantity)
    if canonical <= 0:
        raise InvalidInput(f"{field} is too small to stock", field=field)
    if canonical >= STORABLE_LIMIT:
        raise InvalidInput(f"{field} makes a lot larger than Bakehouse can hold", field=field)
    return canonical


def _fmt(value: Decimal) -> str:
    return format(value.normalize(), "f")
