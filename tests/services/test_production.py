"""Recording bakes: FIFO cost, all or nothing, reversal, history (issue 4, docs/product.md §2.2)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import MovementKind
from bakehouse.errors import (
    AlreadyReversed,
    ConfirmationNeeded,
    Conflict,
    InvalidInput,
    NotFound,
)
from bakehouse.models import ProductionRecord, StockMovement
from bakehouse.services.events.status import update_package_status
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.pantry.stock import adjust_stock
from bakehouse.services.production.bakes import (
    list_production,
    record_production,
    reverse_production,
)
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import make_event, make_recipe
from tests.factories.season import CookieSeason, bake, cups, lot_state, make_cookie_season


@pytest.fixture
def season(session: Session) -> CookieSeason:
    return make_cookie_season(session)


@pytest.mark.parametrize(
    ("batches", "cost"), [(1, "1.10"), (2, "2.20"), (3, "3.50")], ids=["one", "two", "three"]
)
def test_a_bake_costs_what_it_draws_oldest_lot_first(
    session: Session, season: CookieSeason, batches: int, cost: str
) -> None:
    result = bake(session, season, batches)

    assert result.actual_cost == Decimal(cost)
    assert result.record.actual_cost == Decimal(cost)
    assert result.record.batches == batches


def test_three_batches_cross_into_the_second_flour_lot(
    session: Session, season: CookieSeason
) -> None:
    result = bake(session, season, 3)

    flour = next(d for d in result.draws if d.ingredient == "Flour")
    assert [(d.lot_id, d.cost) for d in flour.lots] == [
        (season.old_flour.id, Decimal("2.00")),
        (season.new_flour.id, Decimal("0.60")),
    ]
    assert flour.quantity == cups(6)
    assert season.old_flour.quantity_remaining == 0
    assert season.new_flour.quantity_remaining == cups(10) - cups(1)


def test_movements_are_linked_to_the_record_and_the_ledger_stays_balanced(
    session: Session, season: CookieSeason
) -> None:
    result = bake(session, season, 2)

    movements = session.scalars(
        select(StockMovement).where(StockMovement.production_record_id == result.record.id)
    ).all()
    assert {m.kind for m in movements} == {MovementKind.PRODUCTION}
    assert -sum(m.value for m in movements) == result.actual_cost
    assert ledger_discrepancies(session) == []


def test_a_short_bake_names_every_short_ingredient_and_consumes_nothing(
    session: Session, season: CookieSeason
) -> None:
    before = lot_state(season.lots)

    with pytest.raises(ConfirmationNeeded) as raised:
        bake(session, season, 100, confirm=["over_plan"])

    [cover] = raised.value.confirmations
    assert cover.code == "cover_shortage"
    assert list(cover.figures) == ["Flour: missing", "Sugar: missing"]
    assert f"Flour needs {cups(200).normalize():f} ml" in cover.message
    assert f"{cups(15).normalize():f} ml in the pantry" in cover.message
    assert cover.figures["Flour: missing"] == f"{(cups(200) - cups(15)).normalize():f} ml"
    session.expire_all()
    assert lot_state(season.lots) == before
    assert session.scalars(select(ProductionRecord)).all() == []


def test_only_the_short_ingredient_is_named_when_the_other_suffices(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(ConfirmationNeeded) as raised:
        bake(session, season, 8, confirm=["over_plan"])  # 16 cup flour > 15, 8 cup sugar ≤ 10

    [cover] = raised.value.confirmations
    assert list(cover.figures) == ["Flour: missing"]
    assert "Sugar" not in raised.value.message


@pytest.mark.parametrize("batches", [0, -1, True, 1.0, Decimal("1.5"), "2"])
def test_batches_must_be_a_positive_whole_number(
    session: Session, season: CookieSeason, batches: Any
) -> None:
    with pytest.raises(InvalidInput) as raised:
        bake(session, season, batches)

    assert raised.value.field == "batches"


def test_a_whole_decimal_number_of_batches_is_accepted(
    session: Session, season: CookieSeason
) -> None:
    assert bake(session, season, Decimal("2")).record.batches == 2


def test_an_absurd_number_of_batches_is_refused(session: Session, season: CookieSeason) -> None:
    with pytest.raises(InvalidInput):
        bake(session, season, 10**9)


def test_unknown_event_or_recipe_is_not_found(session: Session, season: CookieSeason) -> None:
    with pytest.raises(NotFound) as raised:
        record_production(
            session, event_id=999_999, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
        )
    assert raised.value.kind == "event"

    with pytest.raises(NotFound) as raised:
        record_production(
            session, event_id=season.event.id, recipe_id=999_999, batches=1, confirm=["over_plan"]
        )
    assert raised.value.kind == "recipe"


def test_a_recipe_without_lines_cannot_be_baked(session: Session, season: CookieSeason) -> None:
    empty = make_recipe(session, name="Nothing yet")

    with pytest.raises(InvalidInput, match="no ingredient lines"):
        record_production(
            session, event_id=season.event.id, recipe_id=empty.id, batches=1, confirm=["over_plan"]
        )


def test_baking_within_the_plan_gives_no_warning(session: Session, season: CookieSeason) -> None:
    result = bake(session, season, 1)

    assert result.batches_required == 1
    assert result.batches_produced_before == 0
    assert result.over_plan is False
    assert result.warnings == ()


def test_baking_more_than_the_plan_succeeds_with_a_warning(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season, 1)
    result = bake(session, season, 2)

    assert result.batches_produced_before == 1
    assert result.over_plan is True
    assert result.warnings == (
        "3 batches of Test Cookies now produced for Christmas 2024, "
        "2 more than the 1 the plan requires",
    )


def test_baking_more_than_the_plan_is_refused_before_anything_is_written(
    session: Session, season: CookieSeason
) -> None:
    """docs/product.md §6.11: the service decides, before writing, and lists it all."""
    bake(session, season, 1)
    lots = (season.old_flour, season.new_flour, season.sugar_lot)
    before = (lot_state(lots), session.query(StockMovement).count())

    with pytest.raises(ConfirmationNeeded) as refused:
        bake(session, season, 2, confirm=())

    session.expire_all()
    [confirmation] = refused.value.confirmations
    assert confirmation.code == "over_plan"
    assert dict(confirmation.figures) == {"planned": 1, "made": 1, "baking": 2, "over_by": 2}
    assert (lot_state(lots), session.query(StockMovement).count()) == before
    assert len(list_production(session, season.event.id)) == 1


def test_a_shortage_is_asked_together_with_the_other_confirmations(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(ConfirmationNeeded) as raised:
        bake(session, season, 100, confirm=())

    codes = [c.code for c in raised.value.confirmations]
    assert codes == ["over_plan", "cover_shortage"]


def test_an_unknown_confirmation_code_is_invalid_input(
    session: Session, season: CookieSeason
) -> None:
    with pytest.raises(InvalidInput, match="unknown confirmation 'sure'") as refused:
        bake(session, season, 2, confirm=["sure"])
    assert refused.value.field == "confirm"


def test_baking_for_an_event_that_does_not_need_the_recipe_warns(
    session: Session, season: CookieSeason
) -> None:
    other = make_event(session, name="New Year")

    result = record_production(
        session, event_id=other.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )

    assert result.batches_required == 0
    assert result.over_plan is True
    assert "does not need Test Cookies" in result.warnings[0]


def test_notes_and_time_of_the_bake_are_kept(session: Session, season: CookieSeason) -> None:
    when = datetime(2024, 12, 20, 9, 30, tzinfo=UTC)

    result = bake(session, season, 1, notes="  first tray  ", produced_at=when)

    assert result.record.notes == "first tray"
    assert result.record.produced_at == when


def test_a_line_used_twice_draws_its_ingredient_once(
    session: Session, season: CookieSeason
) -> None:
    twice = make_recipe(
        session, name="Double flour", lines=[(season.flour, "1", "cup"), (season.flour, "1", "cup")]
    )

    result = record_production(
        session, event_id=season.event.id, recipe_id=twice.id, batches=1, confirm=["over_plan"]
    )

    assert [(d.ingredient, d.quantity) for d in result.draws] == [("Flour", cups(2))]
    assert result.actual_cost == Decimal("0.80")


def test_reversing_a_bake_restores_every_lot_exactly(
    session: Session, season: CookieSeason
) -> None:
    before = lot_state(season.lots)
    result = bake(session, season, 3)

    record = reverse_production(session, result.record.id, "dropped the tray")

    session.expire_all()
    assert lot_state(season.lots) == before
    assert record.reversed_at is not None
    assert record.reversal_reason == "dropped the tray"
    reversals = session.scalars(
        select(StockMovement).where(StockMovement.kind == MovementKind.REVERSAL)
    ).all()
    draws = session.scalars(
        select(StockMovement).where(StockMovement.kind == MovementKind.PRODUCTION)
    ).all()
    assert sorted(r.reverses_id for r in reversals) == sorted(d.id for d in draws)
    assert all(r.note == "dropped the tray" for r in reversals)
    assert ledger_discrepancies(session) == []


def test_a_reversed_bake_stays_in_history_marked_reversed(
    session: Session, season: CookieSeason
) -> None:
    kept = bake(session, season, 1, produced_at=datetime(2024, 12, 1, tzinfo=UTC))
    undone = bake(session, season, 1, produced_at=datetime(2024, 12, 2, tzinfo=UTC))
    reverse_production(session, undone.record.id, "burnt")

    history = list_production(session, season.event.id)

    assert [(h.id, h.is_reversed) for h in history] == [
        (kept.record.id, False),
        (undone.record.id, True),
    ]
    assert history[1].reversal_reason == "burnt"
    assert history[0].recipe_name == "Test Cookies"


def test_a_bake_cannot_be_reversed_twice(session: Session, season: CookieSeason) -> None:
    result = bake(session, season, 1)
    reverse_production(session, result.record.id, "mistake")

    with pytest.raises(AlreadyReversed):
        reverse_production(session, result.record.id, "mistake again")


def test_reversing_needs_a_reason_and_a_known_record(
    session: Session, season: CookieSeason
) -> None:
    result = bake(session, season, 1)

    with pytest.raises(InvalidInput):
        reverse_production(session, result.record.id, "   ")
    with pytest.raises(NotFound):
        reverse_production(session, 999_999, "why not")


def test_history_of_an_unknown_event_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        list_production(session, 999_999)


def test_stock_freed_by_a_reversal_can_be_baked_again_at_the_same_cost(
    session: Session, season: CookieSeason
) -> None:
    first = bake(session, season, 3)
    reverse_production(session, first.record.id, "redo")

    again = bake(session, season, 3)

    assert again.actual_cost == first.actual_cost == Decimal("3.50")


def _recipe_with(session: Session, ingredients: int, lots_each: int) -> tuple[Any, Any]:
    lines = []
    for _ in range(ingredients):
        ingredient = make_ingredient(session)
        for day in range(lots_each):
            make_lot(
                session, ingredient, quantity="10", cost="1.00", received_on=date(2024, 1, day + 1)
            )
        lines.append((ingredient, "25", "g"))  # each bake crosses three lots
    recipe = make_recipe(session, lines=lines)
    return recipe, make_event(session)


def test_a_bake_issues_the_same_statements_for_3_or_12_ingredients_and_many_lots(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    small_recipe, small_event = _recipe_with(session, 3, 4)
    large_recipe, large_event = _recipe_with(session, 12, 20)

    with count_statements() as small:
        record_production(
            session,
            event_id=small_event.id,
            recipe_id=small_recipe.id,
            batches=1,
            confirm=["over_plan"],
        )
    with count_statements() as large:
        record_production(
            session,
            event_id=large_event.id,
            recipe_id=large_recipe.id,
            batches=1,
            confirm=["over_plan"],
        )

    assert small.count == large.count
    assert large.count <= 12


def test_a_bake_that_assembled_packages_rely_on_cannot_be_reversed(
    session: Session, season: CookieSeason
) -> None:
    result = bake(session, season, 1)
    update_package_status(session, season.assignment.id, "assembled")
    before = lot_state(season.lots)

    with pytest.raises(Conflict, match="assembled or delivered need 1 batch"):
        reverse_production(session, result.record.id, "dropped the tray")

    assert lot_state(season.lots) == before


def test_a_spare_bake_can_be_reversed_while_packages_are_assembled(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season, 1)
    spare = bake(session, season, 1)
    update_package_status(session, season.assignment.id, "assembled")

    record = reverse_production(session, spare.record.id, "extra tray")

    assert record.reversed_at is not None


def test_bakes_from_one_lot_each_cost_their_share_and_together_its_price(
    session: Session,
) -> None:
    salt = make_ingredient(session, name="Salt")
    lot = make_lot(session, salt, quantity="737", cost="1.19")
    recipe = make_recipe(session, lines=[(salt, "7.3", "g")])
    event = make_event(session)
    exact = Decimal("7.3") * Decimal("1.19") / Decimal(737)

    bakes = [
        record_production(
            session, event_id=event.id, recipe_id=recipe.id, batches=1, confirm=["over_plan"]
        )
        for _ in range(30)
    ]
    assert all(abs(b.actual_cost - exact) <= Decimal("0.0001") for b in bakes)
    held = (lot.quantity_remaining, lot.value_remaining)

    # A reversal gives back exactly what its draw took.
    reverse_production(session, bakes[4].record.id, "dropped the tray")
    assert (lot.quantity_remaining, lot.value_remaining) == (
        held[0] + Decimal("7.3"),
        held[1] + bakes[4].actual_cost,
    )
    # The next bake brings the lot back to its book value; the rest of the lot is spoiled.
    after = record_production(
        session, event_id=event.id, recipe_id=recipe.id, batches=1, confirm=["over_plan"]
    )
    assert abs(after.actual_cost - exact) <= Decimal("0.0002")
    spoiled = adjust_stock(
        session, lot_id=lot.id, quantity=-lot.quantity_remaining, reason="spoilage"
    )

    live = [b.actual_cost for i, b in enumerate(bakes) if i != 4]
    assert sum(live) + after.actual_cost - spoiled.value == Decimal("1.19")
    assert (lot.quantity_remaining, lot.value_remaining) == (0, 0)
    assert ledger_discrepancies(session) == []
