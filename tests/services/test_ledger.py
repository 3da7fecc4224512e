"""The stock ledger: the only writer of movements and lot balances, and its own check."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import IngredientDraw, LotDraw, StockRequest
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.models import Ingredient, Lot
from bakehouse.services.pantry.ledger import (
    append_movement,
    apply_draw_plans,
    ledger_discrepancies,
    load_lot_balances,
    reverse_movements,
)
from tests.factories.catalog import make_ingredient, make_lot


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


def test_locked_loading_refreshes_lots_the_session_holds_stale(session: Session) -> None:
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
    assert lot.quantity_remaining == 400


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
