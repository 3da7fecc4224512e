"""The stock ledger: the only writer of movements and lot balances, and its own check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import (
    IngredientDraw,
    LotDraw,
    StockRequest,
    available,
    fifo_order,
    plan_all,
)
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.errors import InsufficientStock
from bakehouse.models import Ingredient, Lot
from bakehouse.services.pantry.ledger import (
    append_movement,
    apply_draw_plans,
    ledger_discrepancies,
    load_covering_lots,
    load_lot_balances,
    reverse_movements,
)
from tests.factories.catalog import make_ingredient, make_lot


def request(ingredient: Ingredient, quantity: int | str) -> StockRequest:
    return StockRequest(ingredient.id, ingredient.name, "g", Decimal(quantity))


def plan(ingredient: Ingredient, *draws: LotDraw) -> IngredientDraw:
    total = sum((d.quantity for d in draws), Decimal(0))
    return IngredientDraw.of(StockRequest(ingredient.id, ingredient.name, "g", total), draws)


def test_a_movement_moves_the_lot_balance_with_it(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    lot = make_lot(session, sugar, quantity="1000", cost="3.00")
    movement = append_movement(
        session,
        lot,
        kind=MovementKind.ADJUSTMENT,
        quantity=Decimal(-100),
        value=Decimal("-0.30"),
        reason=AdjustmentReason.SPOILAGE,
    )
    session.flush()
    assert movement.id is not None
    assert (lot.quantity_remaining, lot.value_remaining) == (Decimal(900), Decimal("2.70"))
    assert ledger_discrepancies(session) == []


def test_loads_balances_with_stock_left_in_fifo_order(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    salt = make_ingredient(session, name="Salt")
    late = make_lot(session, sugar, quantity="10", cost="1", received_on=date(2024, 5, 1))
    early = make_lot(session, sugar, quantity="10", cost="1", received_on=date(2024, 1, 1))
    empty = make_lot(session, sugar, quantity="10", cost="1", received_on=date(2023, 1, 1))
    append_movement(
        session, empty, kind=MovementKind.ADJUSTMENT, quantity=Decimal(-10), value=Decimal(-1)
    )
    make_lot(session, salt, quantity="5", cost="1")
    session.flush()
    balances = load_lot_balances(session, [sugar.id])
    assert [b.lot_id for b in balances[sugar.id]] == [early.id, late.id]
    assert set(balances) == {sugar.id}
    assert load_lot_balances(session, []) == {}


def test_locked_loading_reads_lots_as_they_are_not_as_the_session_has_them(
    session: Session,
) -> None:
    sugar = make_ingredient(session, name="Sugar")
    lot = make_lot(session, sugar, quantity="1000", cost="3.00")
    # Someone else's committed draw, as this session would meet it: the row changes while
    # the session's object still says 1000 g.
    session.execute(
        update(Lot)
        .where(Lot.id == lot.id)
        .values(quantity_remaining=Decimal(400))
        .execution_options(synchronize_session=False)
    )
    assert lot.quantity_remaining == 1000
    [balance] = load_lot_balances(session, [sugar.id], lock=True)[sugar.id]
    assert balance.quantity_remaining == 400
    [covering] = load_covering_lots(session, [request(sugar, 100)], lock=True)[sugar.id]
    assert covering.quantity_remaining == 400
    # Drawing moves the row from what it holds, and tells the session's lot the result.
    apply_draw_plans(session, [plan(sugar, LotDraw(lot.id, Decimal(100), Decimal("0.30")))])
    assert lot.quantity_remaining == 300


def test_applying_plans_writes_negative_movements_without_reading_again(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    flour = make_ingredient(session, name="Flour")
    first = make_lot(session, flour, quantity="500", cost="1.00", received_on=date(2024, 1, 1))
    second = make_lot(session, flour, quantity="500", cost="2.00", received_on=date(2024, 2, 1))
    load_lot_balances(session, [flour.id], lock=True)
    draws = plan(
        flour,
        LotDraw(first.id, Decimal(500), Decimal("1.00")),
        LotDraw(second.id, Decimal(100), Decimal("0.40")),
    )
    with count_statements() as counter:
        movements = apply_draw_plans(session, [draws], note="batch 1")
    assert not [s for s in counter.statements if s.lstrip().upper().startswith("SELECT")]
    assert [(m.lot_id, m.kind, m.quantity, m.value, m.note) for m in movements] == [
        (first.id, MovementKind.PRODUCTION, Decimal(-500), Decimal("-1.00"), "batch 1"),
        (second.id, MovementKind.PRODUCTION, Decimal(-100), Decimal("-0.40"), "batch 1"),
    ]
    assert (first.quantity_remaining, second.quantity_remaining) == (Decimal(0), Decimal(400))
    assert ledger_discrepancies(session) == []


def test_applying_plans_finds_lots_not_yet_loaded(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    lot_id = make_lot(session, flour, quantity="500", cost="1.00").id
    session.expunge_all()
    flour_again = session.get(Ingredient, flour.id)
    assert flour_again is not None
    draws = plan(flour_again, LotDraw(lot_id, Decimal(100), Decimal("0.20")))
    [movement] = apply_draw_plans(session, [draws])
    assert movement.quantity == -100
    assert apply_draw_plans(session, []) == []
    assert ledger_discrepancies(session) == []


def test_a_reversal_gives_the_quantity_and_value_back(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    lot = make_lot(session, flour, quantity="500", cost="1.00")
    drawn = apply_draw_plans(session, [plan(flour, LotDraw(lot.id, Decimal(500), Decimal("1.00")))])
    [reversal] = reverse_movements(session, drawn, note="oops")
    assert (reversal.kind, reversal.reverses_id, reversal.quantity) == (
        MovementKind.REVERSAL,
        drawn[0].id,
        Decimal(500),
    )
    assert (lot.quantity_remaining, lot.value_remaining) == (Decimal(500), Decimal("1.00"))
    assert ledger_discrepancies(session) == []


def test_a_balance_changed_behind_the_ledgers_back_is_reported(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    good = make_lot(session, flour, quantity="500", cost="1.00")
    bad = make_lot(session, flour, quantity="500", cost="1.00")
    session.execute(
        update(Lot)
        .where(Lot.id == bad.id)
        .values(value_remaining=Decimal("0.50"))
        .execution_options(synchronize_session=False)
    )
    assert ledger_discrepancies(session) == [bad.id]
    assert good.id not in ledger_discrepancies(session)


def test_the_database_refuses_a_negative_balance(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    lot = make_lot(session, flour, quantity="500", cost="1.00")
    with pytest.raises(IntegrityError), session.begin_nested():
        append_movement(
            session, lot, kind=MovementKind.ADJUSTMENT, quantity=Decimal(-501), value=Decimal(0)
        )


def test_a_draw_reads_only_the_oldest_lots_that_cover_it(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    lots = [
        make_lot(session, flour, quantity="100", cost="1", received_on=date(2024, 1, day))
        for day in (5, 1, 3, 2, 4)
    ]
    emptied = lots[3]  # received on the 2nd
    append_movement(
        session, emptied, kind=MovementKind.ADJUSTMENT, quantity=Decimal(-100), value=Decimal(-1)
    )
    session.flush()

    covering = load_covering_lots(session, [request(flour, "150")])[flour.id]

    # Received on the 1st and the 3rd; the emptied lot of the 2nd is stepped over.
    assert [b.lot_id for b in covering] == [lots[1].id, lots[2].id]
    everything = load_covering_lots(session, [request(flour, "1000")])[flour.id]
    assert [b.lot_id for b in everything] == [lots[i].id for i in (1, 2, 4, 0)]


stocked_lots = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # ingredient
        st.integers(min_value=0, max_value=3),  # day: ties are common
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal("500"), places=3),
        st.booleans(),  # used up
    ),
    max_size=12,
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(
    specs=stocked_lots,
    wanted=st.lists(
        st.decimals(min_value=Decimal("0.001"), max_value=Decimal("1500"), places=3),
        min_size=2,
        max_size=2,
    ),
    lock=st.booleans(),
)
def test_the_lots_a_draw_reads_are_the_fifo_prefix_that_covers_it(
    session: Session,
    specs: list[tuple[int, int, Decimal, bool]],
    wanted: list[Decimal],
    lock: bool,
) -> None:
    """The index walk reads, per ingredient, exactly the oldest stocked lots whose sum first
    reaches the request (all of them when none does), so planning over them is planning
    over the whole pantry."""
    savepoint = session.begin_nested()
    try:
        ingredients = [make_ingredient(session) for _ in range(2)]
        for which, day, quantity, used_up in specs:
            made = make_lot(session, ingredients[which], quantity=quantity, cost="2.50",
                            received_on=date(2024, 1, 1) + timedelta(days=day))  # fmt: skip
            if used_up:
                append_movement(session, made, kind=MovementKind.ADJUSTMENT,
                                quantity=-quantity, value=Decimal("-2.50"))  # fmt: skip
        session.flush()
        requests = [request(i, str(q)) for i, q in zip(ingredients, wanted, strict=True)]
        everything = load_lot_balances(session, [i.id for i in ingredients])

        covering = load_covering_lots(session, requests, lock=lock)

        for ingredient, quantity in zip(ingredients, wanted, strict=True):
            stocked = fifo_order(everything.get(ingredient.id, []))
            prefix = []
            for balance in stocked:
                if available(prefix) >= quantity:
                    break
                prefix.append(balance)
            assert covering.get(ingredient.id, []) == prefix
        try:
            expected: object = plan_all(requests, everything)
        except InsufficientStock as short:
            expected = short.shortages
        try:
            planned: object = plan_all(requests, covering)
        except InsufficientStock as short:
            planned = short.shortages
        assert planned == expected
    finally:
        savepoint.rollback()
        session.expunge_all()
