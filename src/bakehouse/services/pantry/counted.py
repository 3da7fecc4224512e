"""Stock the pantry holds but nobody bought on record: unrecorded stock (a confirmed short
bake) and found stock (a stock-take counted more), and stock-takes themselves.

docs/product.md §6.14: such a lot is priced by docs/product.md §6.2 — the latest purchase
price of its ingredient, else its chosen product's list price (§6.17; :func:`stock_prices`),
else unpriced (its cost not known, so what draws it is *incomplete*, never $0) — and never
becomes a price itself. A stock-take sets
each ingredient's on-hand to what was counted: a shortfall is taken from its lots in draw
order, as the next bakes would take them; a surplus becomes a found-stock lot.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.domain.fifo import (
    IngredientDraw,
    LotBalance,
    StockRequest,
    draw_order_key,
    fefo_order_key,
    plan_in_sequence,
)
from bakehouse.domain.inputs import (
    DEFAULT_LOCALE,
    QUANTITY,
    STORABLE_LIMIT,
    InputProblem,
    TextLimit,
    as_invalid_input,
    read_typed_number,
)
from bakehouse.domain.kinds import AdjustmentReason, DrawOrder, LotOrigin, MovementKind
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.errors import InvalidInput, UnitError
from bakehouse.models import Ingredient, Lot
from bakehouse.services.catalog.ingredients import get_ingredient
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.core.checks import canonical_quantity, decimal_input, line_input
from bakehouse.services.pantry.ledger import (
    append_movement,
    apply_draw_plans,
    load_lot_balances,
)


def stock_prices(session: Session, ingredient_ids: Collection[int]) -> dict[int, UnitPrice]:
    """The price of unrecorded and found stock of each ingredient (docs/product.md §6.2,
    §6.17): the newer of its latest purchase price and its chosen product's list price
    (one statement); an ingredient with neither is left out (unpriced)."""
    return latest_unit_prices(session, ingredient_ids)


def new_counted_lot(
    session: Session,
    ingredient: Ingredient | int,
    quantity: Decimal,
    *,
    origin: LotOrigin,
    price: UnitPrice | None,
    received_on: date,
    note: str = "",
    production_record_id: int | None = None,
) -> Lot:
    """A lot of unrecorded or found stock holding ``quantity`` (canonical unit), worth
    ``price`` of it, or unpriced (cost 0, ``priced`` false) without a price; its one
    movement (``unrecorded`` or ``found``) is appended. Never a price itself."""
    kind = MovementKind.UNRECORDED if origin is LotOrigin.UNRECORDED else MovementKind.FOUND
    cost = price.price_of(quantity) if price is not None else ZERO
    lot = Lot(
        received_on=received_on,
        initial_quantity=quantity,
        cost=cost,
        quantity_remaining=ZERO,
        value_remaining=ZERO,
        origin=origin,
        priced=price is not None,
        notes=note,
    )
    if isinstance(ingredient, Ingredient):
        lot.ingredient = ingredient
    else:
        lot.ingredient_id = ingredient
    session.add(lot)
    session.flush()
    append_movement(
        session,
        lot,
        kind=kind,
        quantity=quantity,
        value=cost,
        note=note,
        production_record_id=production_record_id,
    )
    session.flush()
    return lot


def order_key(draw_order: DrawOrder) -> Callable[[LotBalance], Any]:
    """The sort key of an ingredient's lots in its draw order (docs/product.md §6.14)."""
    return fefo_order_key if draw_order is DrawOrder.FEFO else draw_order_key


@dataclass(frozen=True)
class CountedIngredient:
    """One line of a stock-take: what the pantry held and what was counted (canonical
    unit), and what changed: the draws taken (a shortfall) or the found lot (a surplus)."""

    ingredient_id: int
    ingredient: str
    unit: str
    held: Decimal
    counted: Decimal
    #: Negative when less was counted than held.
    difference: Decimal
    #: The value taken out (a shortfall) or put in (found stock); 0 when nothing changed.
    value: Decimal
    #: A surplus whose ingredient has no price: the found lot is unpriced.
    unpriced: bool = False
    found_lot_id: int | None = None
    draws: IngredientDraw | None = None


@dataclass(frozen=True)
class StockTake:
    """What one stock-take changed, one line per ingredient counted."""

    reason: str
    counted_on: date
    lines: tuple[CountedIngredient, ...]


@dataclass(frozen=True)
class Count:
    """One ingredient counted: the ingredient (id, slug or name), the amount (exact
    grammar) and its unit (default: the ingredient's canonical unit)."""

    ingredient: int | str
    amount: Decimal | str
    unit: str | None = None


def typed_count(text: str, locale: str = DEFAULT_LOCALE) -> tuple[Decimal, str | None]:
    """What a person typed as a count ("1.5 kg", "2 1/4 cup", "½ cup", "250") as an
    amount read by the people's grammar (docs/product.md §6.1) and a unit (None when only
    a number is given). Raises :class:`InvalidInput` (field ``quantity``)."""
    words = text.strip().split()
    with as_invalid_input("quantity"):
        try:
            return read_typed_number(text, QUANTITY, locale), None
        except InputProblem:
            if len(words) < 2:
                raise
        return read_typed_number(" ".join(words[:-1]), QUANTITY, locale), words[-1]


def take_stock(
    session: Session,
    counts: Sequence[Count],
    *,
    reason: str,
    counted_on: date | None = None,
) -> StockTake:
    """Set each ingredient's on-hand to what was counted ("I now have 1.5 kg of flour"),
    all in the caller's transaction (docs/product.md §6.14).

    A shortfall is taken from the ingredient's lots in its draw order (oldest first, or
    earliest best-before first) as an adjustment for the reason ``stock_take``; a surplus
    becomes a found-stock lot priced by docs/product.md §6.2. Raises
    :class:`InvalidInput` naming the ingredient (no reason, no counts, an ingredient
    twice, a negative count, a unit that does not convert) and :class:`NotFound` — then
    nothing is changed.
    """
    why = line_input(reason, field="reason", max_length=TextLimit.NAME)
    if not why:
        raise InvalidInput("say why the stock is counted (e.g. 'December count')", field="reason")
    day = counted_on or date.today()
    if not counts:
        raise InvalidInput("count at least one ingredient", field="counts")
    wanted: dict[int, tuple[Ingredient, Decimal]] = {}
    # Ingredients named by id are read in one statement (the page and the API name them
    # so); a slug or a name is looked up on its own.
    ids = sorted({c.ingredient for c in counts if isinstance(c.ingredient, int)})
    by_id = {i.id: i for i in session.scalars(select(Ingredient).where(Ingredient.id.in_(ids)))}
    for count in counts:
        key = count.ingredient
        ingredient = by_id.get(key) if isinstance(key, int) else None
        ingredient = ingredient or get_ingredient(session, key)
        if ingredient.id in wanted:
            raise InvalidInput(f"{ingredient.name} is counted twice", field="counts")
        wanted[ingredient.id] = (ingredient, _counted(ingredient, count))
    # Every stocked lot of the counted ingredients, locked in id order (one statement).
    lots = load_lot_balances(session, wanted, lock=True)
    surplus = [i for i, (_ing, n) in wanted.items() if n > _held(lots.get(i, ()))]
    prices = stock_prices(session, surplus) if surplus else {}
    lines: list[CountedIngredient] = []
    plans: list[IngredientDraw] = []
    for ingredient_id, (ingredient, counted) in sorted(wanted.items()):
        held_lots = sorted(lots.get(ingredient_id, ()), key=order_key(ingredient.draw_order))
        held = _held(held_lots)
        difference = counted - held
        line = CountedIngredient(
            ingredient_id, ingredient.name, ingredient.unit, held, counted, difference, ZERO
        )
        if difference < 0:
            request = StockRequest(ingredient_id, ingredient.name, ingredient.unit, -difference)
            draws = plan_in_sequence(held_lots, -difference)
            assert draws is not None  # the lots hold more than is taken
            plan = IngredientDraw.of(request, draws)
            plans.append(plan)
            line = replace(line, value=-plan.cost, draws=plan)
        elif difference > 0:
            if difference >= STORABLE_LIMIT:
                raise InvalidInput(
                    f"{ingredient.name}: the count makes a lot larger than Bakehouse can hold",
                    field=f"counts.{ingredient.slug}",
                )
            price = prices.get(ingredient_id)
            lot = new_counted_lot(
                session, ingredient, difference, origin=LotOrigin.FOUND, price=price,
                received_on=day, note=f"stock-take: {why}",
            )  # fmt: skip
            line = replace(line, value=lot.cost, unpriced=price is None, found_lot_id=lot.id)
        lines.append(line)
    apply_draw_plans(
        session,
        plans,
        kind=MovementKind.ADJUSTMENT,
        reason=AdjustmentReason.STOCK_TAKE,
        note=f"stock-take: {why}",
    )
    session.flush()
    return StockTake(why, day, tuple(lines))


def _held(lots: Sequence[LotBalance]) -> Decimal:
    return sum((lot.quantity_remaining for lot in lots), ZERO)


def _counted(ingredient: Ingredient, count: Count) -> Decimal:
    """What was counted of ``ingredient``, in its canonical unit."""
    field = f"counts.{ingredient.slug}"
    try:
        amount = decimal_input(count.amount, field=field)
        if amount < 0:
            raise InvalidInput("a count cannot be negative", field=field)
        value = canonical_quantity(amount, count.unit or ingredient.unit, ingredient.factors)
    except (UnitError, InvalidInput) as error:
        raise InvalidInput(f"{ingredient.name}: {error}", field=field) from error
    return quantize_quantity(value)
