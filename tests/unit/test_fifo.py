"""FIFO drawing, pure: order, cost per draw, exact cost when a lot empties, all or nothing."""

from __future__ import annotations

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


def test_a_proportional_draw_never_costs_more_than_the_value_left() -> None:
    worn = replace(FLOUR_LOTS[1], value_remaining=Decimal("0.10"))
    assert draw_cost(worn, CUP_ML) == Decimal("0.10")


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
