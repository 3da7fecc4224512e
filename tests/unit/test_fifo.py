"""FIFO drawing, pure: order, cost per draw, exact cost when a lot empties, all or nothing."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.fifo import (
    LotBalance,
    LotDraw,
    StockRequest,
    book_value,
    draw_cost,
    fifo_order,
    plan_all,
    plan_draws,
)
from bakehouse.errors import InsufficientStock, InvalidInput

CUP_ML = Decimal("236.588")
FLOUR = 1


def lot(lot_id: int, received: date, quantity: str | Decimal, cost: str | Decimal) -> LotBalance:
    q, c = Decimal(quantity), Decimal(cost)
    return LotBalance(lot_id, received, q, c, q, c)


def flour(quantity: Decimal) -> StockRequest:
    return StockRequest(FLOUR, "Flour", "ml", quantity)


def apply(lots: Sequence[LotBalance], draws: Sequence[LotDraw]) -> list[LotBalance]:
    """The lots after the draws, as the ledger would leave them."""
    by_id = {d.lot_id: d for d in draws}
    after = []
    for balance in lots:
        draw = by_id.get(balance.lot_id)
        if draw is not None:
            balance = replace(
                balance,
                quantity_remaining=balance.quantity_remaining - draw.quantity,
                value_remaining=balance.value_remaining - draw.cost,
            )
        after.append(balance)
    return after


FLOUR_LOTS = [
    lot(1, date(2024, 1, 1), 5 * CUP_ML, "2.00"),  # 5 cup at $0.40 a cup
    lot(2, date(2024, 6, 1), 10 * CUP_ML, "6.00"),  # 10 cup at $0.60 a cup
]


def test_drawing_six_cups_empties_the_old_lot_then_takes_one_cup_of_the_new() -> None:
    [plan] = plan_all([flour(6 * CUP_ML)], {FLOUR: FLOUR_LOTS})
    assert plan.lots == (
        LotDraw(1, 5 * CUP_ML, Decimal("2.00")),
        LotDraw(2, CUP_ML, Decimal("0.6000")),
    )
    assert plan.cost == Decimal("2.60")
    assert apply(FLOUR_LOTS, plan.lots)[1].quantity_remaining == 9 * CUP_ML


def test_drawing_more_than_all_lots_hold_lists_needed_and_available() -> None:
    with pytest.raises(InsufficientStock) as raised:
        plan_all([flour(16 * CUP_ML)], {FLOUR: FLOUR_LOTS})
    [shortage] = raised.value.shortages
    assert (shortage.ingredient, shortage.needed, shortage.available) == (
        "Flour",
        16 * CUP_ML,
        15 * CUP_ML,
    )
    assert shortage.missing == CUP_ML
    assert "Flour (needed 3785.41 ml, available 3548.82 ml)" in raised.value.message


def test_every_short_ingredient_is_listed_by_name() -> None:
    requests = [
        StockRequest(2, "Sugar", "g", Decimal(10)),
        flour(Decimal(1)),
        StockRequest(3, "Butter", "g", Decimal(5)),
    ]
    with pytest.raises(InsufficientStock) as raised:
        plan_all(requests, {FLOUR: FLOUR_LOTS})
    assert [s.ingredient for s in raised.value.shortages] == ["Butter", "Sugar"]


def test_lots_received_the_same_day_are_drawn_in_creation_order() -> None:
    day = date(2024, 3, 1)
    lots = [lot(7, day, "10", "1"), lot(3, day, "10", "1"), lot(5, day - timedelta(1), "1", "1")]
    assert [b.lot_id for b in fifo_order(lots)] == [5, 3, 7]
    draws = plan_draws(lots, Decimal(5))
    assert draws is not None
    assert [d.lot_id for d in draws] == [5, 3]


def test_requests_for_the_same_ingredient_are_drawn_once() -> None:
    plans = plan_all([flour(CUP_ML), flour(CUP_ML)], {FLOUR: FLOUR_LOTS})
    assert len(plans) == 1
    assert plans[0].quantity == 2 * CUP_ML


def test_a_zero_request_draws_nothing_and_a_negative_one_is_refused() -> None:
    assert plan_draws(FLOUR_LOTS, Decimal(0)) == ()
    with pytest.raises(InvalidInput):
        plan_draws(FLOUR_LOTS, Decimal(-1))


def test_empty_lots_are_skipped() -> None:
    empty = replace(FLOUR_LOTS[0], quantity_remaining=Decimal(0), value_remaining=Decimal(0))
    draws = plan_draws([empty, FLOUR_LOTS[1]], CUP_ML)
    assert draws is not None
    assert [d.lot_id for d in draws] == [2]


def test_three_jars_of_honey_cost_the_lot_price_with_no_draw_off_by_more_than_rounding() -> None:
    honey = lot(1, date(2024, 1, 1), "3", "2.00")
    costs = []
    for _ in range(3):
        [draw] = plan_draws([honey], Decimal(1)) or ()
        costs.append(draw.cost)
        [honey] = apply([honey], [draw])
    # 2.00 - round(2.00 × 2 ÷ 3) = 2.00 - 1.3333; 1.3333 - round(2.00 × 1 ÷ 3) = 1.3333 - 0.6667.
    assert costs == [Decimal("0.6667"), Decimal("0.6666"), Decimal("0.6667")]
    assert sum(costs) == Decimal("2.00")


def test_a_draw_costs_the_value_before_less_the_book_value_of_what_is_left() -> None:
    bag = lot(1, date(2024, 1, 1), "11339.80925", "18.99")  # a 25 lb bag
    assert book_value(bag, Decimal("11000")) == Decimal("18.4209")
    assert draw_cost(bag, Decimal("339.80925")) == Decimal("18.99") - Decimal("18.4209")


def test_a_thousand_draws_from_one_lot_are_each_within_a_hundredth_of_a_cent_of_exact() -> None:
    salt = lot(1, date(2024, 1, 1), "737", "1.19")
    rng = random.Random(719)
    pinches = [Decimal(rng.randint(1, 1400)) / 1000 for _ in range(999)]
    pinches.append(salt.quantity_remaining - sum(pinches, Decimal(0)))  # the rest
    assert len(pinches) == 1000
    assert pinches[-1] > 0
    drawn = []
    current = salt
    for pinch in pinches:
        draws = plan_draws([current], pinch)
        assert draws is not None
        [draw] = draws
        exact = pinch * salt.cost / salt.initial_quantity
        assert abs(draw.cost - exact) <= Decimal("0.0001"), (len(drawn), draw.cost, exact)
        drawn.append(draw.cost)
        [current] = apply([current], draws)
    # The last draw emptied the lot and was as close to exact as the first: no rounding of
    # the 999 before it was left for it to absorb.
    assert current.quantity_remaining == current.value_remaining == 0
    assert sum(drawn) == salt.cost


def test_a_lot_drawn_under_the_old_rule_comes_back_to_its_book_value_on_its_next_draw() -> None:
    # 737 g of salt for $1.19 drawn twenty times 15 g under the old rule, each draw rounded
    # on its own to $0.0242: it holds $0.7060, $0.0004 more than its book value.
    drifted = replace(
        lot(1, date(2024, 1, 1), "737", "1.19"),
        quantity_remaining=Decimal("437"),
        value_remaining=Decimal("1.19") - 20 * Decimal("0.0242"),
    )
    assert book_value(drifted, Decimal("437")) == Decimal("0.7056")
    [draw] = plan_draws([drifted], Decimal("37")) or ()
    assert draw.cost == Decimal("0.7060") - Decimal("0.6459")
    [after] = apply([drifted], [draw])
    assert after.value_remaining == book_value(after, after.quantity_remaining)


def test_a_lot_worth_less_than_its_book_value_gives_draws_of_nothing_until_it_catches_up() -> None:
    worn = replace(FLOUR_LOTS[1], value_remaining=Decimal("0.10"))
    assert draw_cost(worn, CUP_ML) == 0
    assert draw_cost(worn, worn.quantity_remaining) == Decimal("0.10")


# Property tests -------------------------------------------------------------------------

lot_lists = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=400),
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal("20000"), places=3),
        st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2),
    ),
    min_size=0,
    max_size=6,
).map(
    lambda specs: [
        lot(i + 1, date(2024, 1, 1) + timedelta(days), quantity, cost)
        for i, (days, quantity, cost) in enumerate(specs)
    ]
)
requested = st.decimals(min_value=Decimal("0"), max_value=Decimal("60000"), places=3)


@given(lots=lot_lists, quantity=requested)
def test_draws_the_whole_request_or_raises_the_shortfall(
    lots: list[LotBalance], quantity: Decimal
) -> None:
    available = sum((b.quantity_remaining for b in lots), Decimal(0))
    try:
        [plan] = plan_all([flour(quantity)], {FLOUR: lots})
    except InsufficientStock as short:
        assert quantity > available
        [shortage] = short.shortages
        assert (shortage.needed, shortage.available) == (quantity, available)
    else:
        assert quantity <= available
        assert plan.quantity == quantity


@given(lots=lot_lists, quantity=requested)
def test_draws_oldest_lots_first_and_never_below_zero(
    lots: list[LotBalance], quantity: Decimal
) -> None:
    draws = plan_draws(lots, quantity)
    if draws is None:
        return
    ordered = [b.lot_id for b in fifo_order(lots)]
    drawn = [d.lot_id for d in draws]
    assert drawn == ordered[: len(drawn)]
    after = {b.lot_id: b for b in apply(lots, draws)}
    assert all(after[d.lot_id].quantity_remaining == 0 for d in draws[:-1])
    for balance in after.values():
        assert balance.quantity_remaining >= 0
        assert balance.value_remaining >= 0


@given(
    lots=lot_lists.filter(bool),
    fractions=st.lists(
        st.decimals(min_value=Decimal("0.01"), max_value=Decimal("0.6"), places=2),
        min_size=1,
        max_size=12,
    ),
)
def test_the_draws_from_each_lot_add_up_to_its_price_exactly(
    lots: list[LotBalance], fractions: list[Decimal]
) -> None:
    total = sum((b.quantity_remaining for b in lots), Decimal(0))
    spent: dict[int, Decimal] = {b.lot_id: Decimal(0) for b in lots}
    current = lots
    for fraction in fractions:
        left = sum((b.quantity_remaining for b in current), Decimal(0))
        size = min(left, (total * fraction).quantize(Decimal("0.001")))
        if size <= 0:
            break
        draws = plan_draws(current, size)
        assert draws is not None
        for draw in draws:
            spent[draw.lot_id] += draw.cost
        current = apply(current, draws)
    rest = sum((b.quantity_remaining for b in current), Decimal(0))
    final = plan_draws(current, rest)
    assert final is not None
    for draw in final:
        spent[draw.lot_id] += draw.cost
    assert spent == {b.lot_id: b.cost for b in lots}
    assert all(b.value_remaining == 0 for b in apply(current, final))


one_lot = st.tuples(
    st.decimals(min_value=Decimal("0.001"), max_value=Decimal("20000"), places=3),
    st.decimals(min_value=Decimal("0"), max_value=Decimal("500"), places=2),
).map(lambda spec: lot(1, date(2024, 1, 1), *spec))
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("draw"),
            st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.6"), places=3),
        ),
        st.tuples(st.just("reverse"), st.integers(min_value=0, max_value=40)),
        st.tuples(
            st.just("add"),
            st.decimals(min_value=Decimal("0.001"), max_value=Decimal("0.3"), places=3),
        ),
    ),
    max_size=40,
)


@given(start=one_lot, steps=steps)
def test_draws_reversals_and_additions_keep_a_lots_books_exact(
    start: LotBalance, steps: list[tuple[str, Decimal | int]]
) -> None:
    """docs/product.md §6.3 for one lot: whatever happens to it, what went in equals what is
    left plus what was drawn net of reversals; each draw is within $0.0001 of its exact
    share plus however far the lot was from its book value (0 unless corrections or
    reversals of older draws moved it), and leaves the lot on its book value."""
    current = start
    added = Decimal(0)
    live: list[LotDraw] = []  # draws not reversed
    for kind, amount in steps:
        if kind == "draw":
            size = min(
                current.quantity_remaining,
                (start.initial_quantity * amount).quantize(Decimal("0.000001")),
            )
            if size <= 0:
                continue
            off_book = current.value_remaining - book_value(current, current.quantity_remaining)
            [draw] = plan_draws([current], size) or ()
            exact = size * start.cost / start.initial_quantity
            assert abs(draw.cost - exact) <= Decimal("0.0001") + abs(off_book)
            assert 0 <= draw.cost <= current.value_remaining
            [current] = apply([current], [draw])
            if draw.cost > 0 or off_book >= 0:
                assert current.value_remaining == book_value(current, current.quantity_remaining)
            live.append(draw)
        elif kind == "reverse" and live:
            # A reversal gives back exactly the quantity and value its draw took.
            draw = live.pop(int(amount) % len(live))
            current = replace(
                current,
                quantity_remaining=current.quantity_remaining + draw.quantity,
                value_remaining=current.value_remaining + draw.cost,
            )
        elif kind == "add":
            quantity = (start.initial_quantity * Decimal(amount)).quantize(Decimal("0.000001"))
            if quantity <= 0:
                continue
            value = book_value(current, quantity)  # a positive correction (§1.3)
            current = replace(
                current,
                quantity_remaining=current.quantity_remaining + quantity,
                value_remaining=current.value_remaining + value,
            )
            added += value
        drawn = sum((d.cost for d in live), Decimal(0))
        assert current.value_remaining >= 0
        assert start.cost + added == current.value_remaining + drawn
    [*last] = plan_draws([current], current.quantity_remaining) or ()
    [emptied] = apply([current], last)
    assert (emptied.quantity_remaining, emptied.value_remaining) == (0, 0)
    assert sum((d.cost for d in [*live, *last]), Decimal(0)) == start.cost + added
