"""FIFO drawing from pantry lots, pure.

docs/product.md §2.2: draw from the oldest lot first (received date, then creation order).
A draw costs the lot's value before it less the lot's *book value* after it, where the
book value of ``q`` left is ``round(cost × q ÷ initial quantity, 4)``: no rounding piles
up, each draw is within $0.0001 of its exact share, the draw that empties a lot takes
exactly the value left, and a lot's draws add up to its price. Planning is all or nothing:
when any ingredient is short, :class:`InsufficientStock` lists every short ingredient and
no plan is returned.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from bakehouse.domain.numbers import ZERO, quantize_money, quantize_quantity
from bakehouse.errors import InsufficientStock, InvalidInput, Shortage


@dataclass(frozen=True)
class LotBalance:
    """What FIFO needs to know about one lot."""

    lot_id: int
    received_on: date
    initial_quantity: Decimal
    cost: Decimal
    quantity_remaining: Decimal
    value_remaining: Decimal
    best_before: date | None = None
    #: False for a lot whose cost is not known (unrecorded or found stock with no price to
    #: go by): a bake drawing it has an incomplete actual cost (docs/product.md §6.14).
    priced: bool = True


@dataclass(frozen=True)
class LotDraw:
    """What one draw takes from one lot, and what that costs."""

    lot_id: int
    quantity: Decimal
    cost: Decimal


@dataclass(frozen=True)
class StockRequest:
    """``quantity`` of an ingredient, in its canonical ``unit``."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class IngredientDraw:
    """What drawing one ingredient takes (canonical unit), from which lots, at what cost.

    The one type for it: :func:`plan_all` plans them, the ledger applies them, a bake and a
    pantry draw report them.
    """

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal
    cost: Decimal
    lots: tuple[LotDraw, ...]

    @classmethod
    def of(cls, request: StockRequest, lots: tuple[LotDraw, ...]) -> IngredientDraw:
        quantity = sum((d.quantity for d in lots), ZERO)
        cost = sum((d.cost for d in lots), ZERO)
        return cls(request.ingredient_id, request.ingredient, request.unit, quantity, cost, lots)


def draw_order_key(lot: LotBalance) -> tuple[date, int]:
    """Where a lot stands in the draw order: received date, then creation (id) order.

    The database walks lots in the same order (``services/pantry/ledger.py``); a rule
    that draws in another order (best-before first, prepared stock first) changes both.
    """
    return (lot.received_on, lot.lot_id)


def prepared_order_key(lot: LotBalance) -> tuple[bool, date, date, int]:
    """Where a prepared-stock lot stands in its draw order: earliest best-before first
    (lots without one last), then FIFO (docs/product.md §6.12)."""
    return (lot.best_before is None, lot.best_before or date.max, lot.received_on, lot.lot_id)


def fefo_order_key(lot: LotBalance) -> tuple[bool, date, date, int]:
    """Where an ingredient lot stands when its ingredient draws by earliest best-before
    first (FEFO, docs/product.md §6.14): lots without a best-before last, then received
    date, then creation order, as prepared stock is drawn."""
    return prepared_order_key(lot)


def is_expired(lot: LotBalance, day: date) -> bool:
    """Past its best-before on ``day`` (a lot is still good on its best-before day)."""
    return lot.best_before is not None and lot.best_before < day


def split_expired(
    lots: Iterable[LotBalance], day: date
) -> tuple[list[LotBalance], list[LotBalance]]:
    """``lots`` (order kept) as those good on ``day`` and those past their best-before."""
    good: list[LotBalance] = []
    expired: list[LotBalance] = []
    for lot in lots:
        (expired if is_expired(lot, day) else good).append(lot)
    return good, expired


def plan_in_sequence(lots: Sequence[LotBalance], quantity: Decimal) -> tuple[LotDraw, ...] | None:
    """Draws covering ``quantity`` from ``lots`` in the order given (already in draw
    order: good lots, then expired ones, then unrecorded stock), or ``None`` when short."""
    return plan_draws(lots, quantity, order=lambda _lot: 0)


def fifo_order(lots: Iterable[LotBalance]) -> list[LotBalance]:
    """Oldest received first; lots received the same day in creation (id) order."""
    return sorted(lots, key=draw_order_key)


def book_value(lot: LotBalance, quantity: Decimal) -> Decimal:
    """What ``quantity`` of ``lot`` is worth at its price: ``cost × quantity ÷ initial``,
    rounded half to even to 4 places (docs/product.md §2.2)."""
    return quantize_money(lot.cost * quantity / lot.initial_quantity)


def draw_cost(lot: LotBalance, quantity: Decimal) -> Decimal:
    """Cost of drawing ``quantity`` from ``lot``: the value before the draw less the book
    value of what is left after it (docs/product.md §2.2).

    Never below 0 and never above the value left (a book value is never negative); the
    draw that empties the lot takes exactly the value left.
    """
    if quantity >= lot.quantity_remaining:
        return lot.value_remaining
    # A lot whose value sits below its book value (an older rounding rule, a correction
    # rounded the other way) gives draws of 0 until the book value catches up with it.
    return max(lot.value_remaining - book_value(lot, lot.quantity_remaining - quantity), ZERO)


def available(lots: Iterable[LotBalance]) -> Decimal:
    return sum((lot.quantity_remaining for lot in lots), ZERO)


def plan_draws(
    lots: Sequence[LotBalance],
    quantity: Decimal,
    order: Callable[[LotBalance], Any] = draw_order_key,
) -> tuple[LotDraw, ...] | None:
    """Draws covering ``quantity`` from ``lots`` in FIFO order (or ``order``), or ``None``
    when short."""
    wanted = quantize_quantity(quantity)
    if wanted < 0:
        raise InvalidInput(f"cannot draw a negative quantity ({quantity})")
    draws: list[LotDraw] = []
    left = wanted
    for lot in sorted(lots, key=order):
        if left == 0:
            break
        if lot.quantity_remaining <= 0:
            continue
        take = min(left, lot.quantity_remaining)
        draws.append(LotDraw(lot.lot_id, take, draw_cost(lot, take)))
        left -= take
    if left > 0:
        return None
    return tuple(draws)


def merge_requests(requests: Iterable[StockRequest]) -> list[StockRequest]:
    """One request per ingredient (in order of first mention), quantities summed and
    rounded to 6 places, as a bake draws them."""
    merged: dict[int, StockRequest] = {}
    for request in requests:
        previous = merged.get(request.ingredient_id)
        if previous is not None:
            request = StockRequest(
                request.ingredient_id,
                request.ingredient,
                request.unit,
                previous.quantity + request.quantity,
            )
        merged[request.ingredient_id] = request
    return [replace(r, quantity=quantize_quantity(r.quantity)) for r in merged.values()]


def plan_all(
    requests: Sequence[StockRequest],
    lots_by_ingredient: Mapping[int, Sequence[LotBalance]],
    order: Callable[[LotBalance], Any] = draw_order_key,
) -> list[IngredientDraw]:
    """Plan every request, or raise :class:`InsufficientStock` naming every shortage.

    Requests for the same ingredient are merged first, so one bake that uses flour in
    two lines draws it once.
    """
    plans: list[IngredientDraw] = []
    shortages: list[Shortage] = []
    for request in merge_requests(requests):
        lots = lots_by_ingredient.get(request.ingredient_id, ())
        draws = plan_draws(lots, request.quantity, order)
        if draws is None:
            shortages.append(
                Shortage(
                    request.ingredient_id,
                    request.ingredient,
                    request.unit,
                    quantize_quantity(request.quantity),
                    available(lots),
                )
            )
        else:
            plans.append(IngredientDraw.of(request, draws))
    if shortages:
        raise InsufficientStock(sorted(shortages, key=lambda s: s.ingredient.lower()))
    return plans
