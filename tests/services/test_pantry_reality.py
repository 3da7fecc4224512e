"""The pantry as it really is (docs/product.md §6.14): short bakes covered by unrecorded
stock, stock-takes, best-before and expired stock, drawing earliest best-before first."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AdjustmentReason, DrawOrder, LotOrigin, MovementKind
from bakehouse.errors import ConfirmationNeeded, InvalidInput
from bakehouse.models import Ingredient, Lot, ProductionRecord, Recipe, StockMovement
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.events.planning import get_shopping_list
from bakehouse.services.pantry.counted import Count, take_stock, typed_count
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.pantry.views import list_counted_lots
from bakehouse.services.production.bakes import ProductionResult, record_production
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase
from tests.factories.planning import make_event, make_recipe
from tests.factories.season import cups, make_cookie_season

BAKE_DAY = datetime(2024, 12, 20, 10, 0, tzinfo=UTC)


def bake(session: Session, recipe: Recipe, batches: int, *confirm: str) -> ProductionResult:
    """A bake of a recipe no plan needs (so it always confirms ``over_plan``) on BAKE_DAY."""
    event = make_event(session, name=f"Bake sale {recipe.id}-{batches}-{len(confirm)}")
    return record_production(
        session,
        event_id=event.id,
        recipe_id=recipe.id,
        batches=batches,
        produced_at=BAKE_DAY,
        confirm=["over_plan", *confirm],
    )


def pantry_state(session: Session) -> list[tuple[Any, ...]]:
    session.expire_all()
    lots = session.execute(
        select(Lot.id, Lot.quantity_remaining, Lot.value_remaining).order_by(Lot.id)
    ).all()
    moved = session.scalar(select(func.count()).select_from(StockMovement))
    bakes = session.scalar(select(func.count()).select_from(ProductionRecord))
    return [*lots, ("movements", moved), ("bakes", bakes)]


def value_equation_holds(session: Session) -> bool:
    """docs/product.md §6.3, ingredient side: Σ value in (purchases, opening, found and
    unrecorded stock) = value on hand in ingredient lots + Σ value drawn by bakes net of
    reversals + Σ adjustments out (spoilage, stock-take reductions)."""
    rows = session.execute(
        select(StockMovement.kind, func.sum(StockMovement.value))
        .join(Lot, Lot.id == StockMovement.lot_id)
        .where(Lot.ingredient_id.is_not(None))
        .group_by(StockMovement.kind)
    ).all()
    by_kind = dict(rows)
    value_in = sum(
        (by_kind.get(k, Decimal(0)) for k in ("purchase", "opening", "found", "unrecorded")),
        Decimal(0),
    )
    drawn = -(by_kind.get("production", Decimal(0)) + by_kind.get("reversal", Decimal(0)))
    adjusted_out = -by_kind.get("adjustment", Decimal(0))
    on_hand = session.scalar(
        select(func.coalesce(func.sum(Lot.value_remaining), 0)).where(
            Lot.ingredient_id.is_not(None)
        )
    )
    return bool(value_in == Decimal(on_hand) + drawn + adjusted_out)


@pytest.fixture
def almonds(session: Session) -> Ingredient:
    almonds = make_ingredient(session, name="Almonds")
    make_lot(session, almonds, quantity="1000", cost="10.00", received_on=date(2024, 1, 1))
    return almonds


@pytest.fixture
def macarons(session: Session, almonds: Ingredient) -> Recipe:
    return make_recipe(session, name="Macarons", lines=[(almonds, "100", "g")])


# -- short bakes ---------------------------------------------------------------------


def test_an_unconfirmed_short_bake_is_refused_offering_to_cover_it_and_changes_nothing(
    session: Session, macarons: Recipe
) -> None:
    before = pantry_state(session)

    with pytest.raises(ConfirmationNeeded) as refused:
        bake(session, macarons, 12)

    [cover] = refused.value.confirmations
    assert cover.code == "cover_shortage"
    assert dict(cover.figures) == {"Almonds: missing": "200 g"}
    assert "Almonds needs 1200 g, 1000 g in the pantry: 200 g missing" in cover.message
    assert pantry_state(session) == before


def test_a_confirmed_short_bake_books_the_missing_stock_at_the_latest_purchase_price(
    session: Session, almonds: Ingredient
) -> None:
    product = make_product(session, almonds, package_size=Decimal("500"))
    make_purchase(session, product, total_price="7.50", purchased_on=date(2024, 3, 1))
    recipe = make_recipe(session, name="Almond bars", lines=[(almonds, "200", "g")])

    result = bake(session, recipe, 8, "cover_shortage")  # 1600 g of 1500 g

    [booked] = result.unrecorded
    assert (booked.quantity, booked.value) == (Decimal(100), Decimal("1.5000"))
    lot = session.get_one(Lot, booked.lot_id)
    assert (lot.origin, lot.priced, lot.received_on) == (
        LotOrigin.UNRECORDED,
        True,
        BAKE_DAY.date(),
    )
    # 1000 g for $10.00, 500 g for $7.50, then the 100 g booked at $0.015 a gram.
    assert result.actual_cost == Decimal("19.0000")
    assert result.cost_incomplete is False
    unrecorded = session.scalars(
        select(StockMovement).where(StockMovement.kind == MovementKind.UNRECORDED)
    ).all()
    assert [(m.lot_id, m.quantity, m.production_record_id) for m in unrecorded] == [
        (lot.id, Decimal(100), result.record.id)
    ]
    assert ledger_discrepancies(session) == []
    assert value_equation_holds(session)
    # The unrecorded lot, received last, never becomes the price.
    assert latest_unit_prices(session, [almonds.id])[almonds.id].cost == Decimal("7.50")


def test_an_ingredient_never_priced_is_booked_unpriced_and_the_bake_cost_is_incomplete(
    session: Session, almonds: Ingredient
) -> None:
    vanilla = make_ingredient(session, name="Vanilla")
    recipe = make_recipe(
        session, name="Vanilla macarons", lines=[(almonds, "100", "g"), (vanilla, "5", "g")]
    )

    result = bake(session, recipe, 2, "cover_shortage")

    [booked] = result.unrecorded
    assert (booked.ingredient, booked.quantity, booked.value) == ("Vanilla", Decimal(10), None)
    lot = session.get_one(Lot, booked.lot_id)
    assert (lot.cost, lot.priced) == (Decimal(0), False)
    assert result.cost_incomplete is True
    assert session.get_one(ProductionRecord, result.record.id).cost_incomplete is True
    assert result.actual_cost == Decimal("2.0000")  # the almonds only, never "$0 vanilla"
    assert vanilla.id not in latest_unit_prices(session, [vanilla.id])
    assert ledger_discrepancies(session) == []
    assert value_equation_holds(session)


def test_each_short_ingredient_gets_exactly_one_unrecorded_movement(
    session: Session, almonds: Ingredient
) -> None:
    sugar = make_ingredient(session, name="Sugar")
    make_lot(session, sugar, quantity="100", cost="0.50")
    recipe = make_recipe(
        session, name="Marzipan", lines=[(almonds, "300", "g"), (sugar, "60", "g")]
    )

    result = bake(session, recipe, 4, "cover_shortage")  # 1200 g almonds, 240 g sugar

    assert sorted((u.ingredient, u.quantity) for u in result.unrecorded) == [
        ("Almonds", Decimal(200)),
        ("Sugar", Decimal(140)),
    ]
    kinds = session.execute(
        select(Lot.ingredient_id, func.count())
        .join(StockMovement, StockMovement.lot_id == Lot.id)
        .where(StockMovement.kind == MovementKind.UNRECORDED)
        .group_by(Lot.ingredient_id)
    ).all()
    assert sorted(kinds) == sorted([(almonds.id, 1), (sugar.id, 1)])
    assert ledger_discrepancies(session) == []


# -- stock-takes ---------------------------------------------------------------------


@pytest.fixture
def two_almond_lots(session: Session) -> tuple[Ingredient, Lot, Lot]:
    almonds = make_ingredient(session, name="Counted almonds")
    old = make_lot(session, almonds, quantity="300", cost="3.00", received_on=date(2024, 1, 1))
    new = make_lot(session, almonds, quantity="500", cost="6.00", received_on=date(2024, 2, 1))
    return almonds, old, new


def test_a_stock_take_down_takes_the_shortfall_from_the_oldest_lots_first(
    session: Session, two_almond_lots: tuple[Ingredient, Lot, Lot]
) -> None:
    almonds, old, new = two_almond_lots
    amount, unit = typed_count("0.4 kg")

    taken = take_stock(session, [Count(almonds.slug, amount, unit)], reason="December count")

    [line] = taken.lines
    assert (line.held, line.counted, line.difference) == (Decimal(800), Decimal(400), -400)
    assert line.value == Decimal("-4.2000")  # all of the old lot, 100 g of the new
    session.expire_all()
    assert (old.quantity_remaining, new.quantity_remaining) == (Decimal(0), Decimal(400))
    moves = session.scalars(
        select(StockMovement).where(StockMovement.kind == MovementKind.ADJUSTMENT)
    ).all()
    assert {(m.lot_id, m.reason) for m in moves} == {
        (old.id, AdjustmentReason.STOCK_TAKE),
        (new.id, AdjustmentReason.STOCK_TAKE),
    }
    assert all(m.note == "stock-take: December count" for m in moves)
    assert ledger_discrepancies(session) == []
    assert value_equation_holds(session)


def test_a_stock_take_up_books_found_stock_that_never_becomes_a_price(
    session: Session, two_almond_lots: tuple[Ingredient, Lot, Lot]
) -> None:
    almonds, _old, _new = two_almond_lots

    taken = take_stock(session, [Count(almonds.id, "1000")], reason="found a bag")

    [line] = taken.lines
    assert (line.difference, line.value, line.unpriced) == (Decimal(200), Decimal("2.4000"), False)
    found = session.get_one(Lot, line.found_lot_id)
    assert (found.origin, found.initial_quantity) == (LotOrigin.FOUND, Decimal(200))
    assert latest_unit_prices(session, [almonds.id])[almonds.id].cost == Decimal("6.00")
    assert ledger_discrepancies(session) == []
    assert value_equation_holds(session)


def test_a_count_sheet_of_five_ingredients_is_one_transaction(session: Session) -> None:
    names = ["Flour", "Butter", "Sugar", "Cocoa", "Salt"]
    ingredients = [make_ingredient(session, name=f"Sheet {n}") for n in names]
    for ingredient in ingredients:
        make_lot(session, ingredient, quantity="1000", cost="4.00")
    counts = ["1 kg", "250 g", "1.5 kg", "0", "2 lb"]
    before = pantry_state(session)

    with pytest.raises(InvalidInput, match="Sheet Salt") as refused:
        take_stock(
            session,
            [Count(i.id, *typed_count(c)) for i, c in zip(ingredients[:4], counts[:4], strict=True)]
            + [Count(ingredients[4].id, "2", "furlong")],
            reason="sheet",
        )
    assert refused.value.field == "counts.sheet-salt"
    assert pantry_state(session) == before

    taken = take_stock(
        session,
        [Count(i.id, *typed_count(c)) for i, c in zip(ingredients, counts, strict=True)],
        reason="sheet",
    )

    assert [line.counted for line in taken.lines] == [
        Decimal(1000), Decimal(250), Decimal(1500), Decimal(0), Decimal("907.18474"),
    ]  # fmt: skip
    assert [line.difference for line in taken.lines] == [
        Decimal(0), Decimal(-750), Decimal(500), Decimal(-1000), Decimal("-92.81526"),
    ]  # fmt: skip
    assert ledger_discrepancies(session) == []
    assert value_equation_holds(session)


def test_a_stock_take_needs_a_reason_and_no_negative_counts(
    session: Session, two_almond_lots: tuple[Ingredient, Lot, Lot]
) -> None:
    almonds, _old, _new = two_almond_lots
    with pytest.raises(InvalidInput) as no_reason:
        take_stock(session, [Count(almonds.id, "1")], reason="  ")
    assert no_reason.value.field == "reason"
    with pytest.raises(InvalidInput, match="cannot be negative"):
        take_stock(session, [Count(almonds.id, "-1")], reason="oops")


# -- best-before ---------------------------------------------------------------------


@pytest.fixture
def old_and_new(session: Session) -> tuple[Recipe, Lot, Lot]:
    hazelnuts = make_ingredient(session, name="Hazelnuts")
    expired = make_lot(
        session, hazelnuts, quantity="100", cost="2.00", received_on=date(2024, 1, 1),
        best_before=date(2024, 6, 1),
    )  # fmt: skip
    good = make_lot(session, hazelnuts, quantity="500", cost="5.00", received_on=date(2024, 3, 1))
    recipe = make_recipe(session, name="Hazelnut crescents", lines=[(hazelnuts, "50", "g")])
    return recipe, expired, good


def test_a_bake_skips_a_lot_past_its_best_before(
    session: Session, old_and_new: tuple[Recipe, Lot, Lot]
) -> None:
    recipe, expired, good = old_and_new

    result = bake(session, recipe, 4)

    [draw] = result.draws
    assert [(d.lot_id, d.quantity) for d in draw.lots] == [(good.id, Decimal(200))]
    session.expire_all()
    assert expired.quantity_remaining == Decimal(100)


def test_only_expired_stock_covering_a_bake_is_a_confirmation(
    session: Session, old_and_new: tuple[Recipe, Lot, Lot]
) -> None:
    recipe, expired, good = old_and_new
    before = pantry_state(session)

    with pytest.raises(ConfirmationNeeded) as refused:
        bake(session, recipe, 11)  # 550 g: 500 g good, 50 g expired

    [use] = refused.value.confirmations
    assert use.code == "use_expired"
    assert "use 50 g of Hazelnuts (expired on 2024-06-01)" in use.message
    assert dict(use.figures) == {"Hazelnuts: expired used": "50 g"}
    assert pantry_state(session) == before

    result = bake(session, recipe, 11, "use_expired")

    [draw] = result.draws
    assert [(d.lot_id, d.quantity) for d in draw.lots] == [
        (good.id, Decimal(500)),
        (expired.id, Decimal(50)),
    ]
    assert result.unrecorded == ()


def test_expired_stock_and_a_shortage_are_asked_together(
    session: Session, old_and_new: tuple[Recipe, Lot, Lot]
) -> None:
    recipe, _expired, _good = old_and_new

    with pytest.raises(ConfirmationNeeded) as refused:
        bake(session, recipe, 14)  # 700 g: 500 good, 100 expired, 100 missing

    assert [c.code for c in refused.value.confirmations] == ["cover_shortage", "use_expired"]
    result = bake(session, recipe, 14, "cover_shortage", "use_expired")
    assert [u.quantity for u in result.unrecorded] == [Decimal(100)]
    assert ledger_discrepancies(session) == []


def test_fefo_draws_earliest_best_before_first_then_received_date_then_creation(
    session: Session,
) -> None:
    pistachios = make_ingredient(session, name="Pistachios", draw_order=DrawOrder.FEFO)

    def lot(received: date, best_before: date | None) -> Lot:
        return make_lot(
            session, pistachios, quantity="100", cost="1.00", received_on=received,
            best_before=best_before,
        )  # fmt: skip

    later = lot(date(2024, 1, 1), date(2025, 3, 1))
    none = lot(date(2024, 1, 1), None)
    second = lot(date(2024, 1, 2), date(2025, 2, 1))
    third = lot(date(2024, 1, 2), date(2025, 2, 1))  # same dates: creation order
    first = lot(date(2024, 1, 1), date(2025, 2, 1))
    recipe = make_recipe(session, name="Pistachio rounds", lines=[(pistachios, "50", "g")])

    result = bake(session, recipe, 9)  # 450 g

    [draw] = result.draws
    assert [(d.lot_id, d.quantity) for d in draw.lots] == [
        (first.id, Decimal(100)),
        (second.id, Decimal(100)),
        (third.id, Decimal(100)),
        (later.id, Decimal(100)),
        (none.id, Decimal(50)),
    ]


def test_the_shopping_list_leaves_expired_stock_out_and_lists_it_apart(
    session: Session,
) -> None:
    season = make_cookie_season(session)  # the event is on 2024-12-25
    season.old_flour.best_before = date(2024, 6, 1)
    session.flush()

    shopping = get_shopping_list(session, season.event.id)

    flour = next(line for line in shopping.lines if line.ingredient == "Flour")
    assert flour.on_hand == cups(10)
    [expired] = shopping.expired
    assert (expired.ingredient, expired.quantity, expired.since) == (
        "Flour",
        cups(5),
        date(2024, 6, 1),
    )


# -- statement counts ----------------------------------------------------------------


@pytest.mark.parametrize("ingredients", [2, 10])
def test_a_count_sheet_issues_the_same_statements_for_2_or_10_ingredients(
    session: Session, ingredients: int, count_statements: Any
) -> None:
    counted = []
    for n in range(ingredients):
        ingredient = make_ingredient(session, name=f"Counted {ingredients}-{n}")
        for month in (1, 2, 3):
            make_lot(session, ingredient, quantity="100", cost="1.00",
                     received_on=date(2024, month, 1))  # fmt: skip
        counted.append(Count(ingredient.id, "150"))  # each 150 short, over two lots
    session.flush()

    with count_statements() as counter:
        take_stock(session, counted, reason="count")

    # The ingredients, their stocked lots (locked), the balances moved, the movements.
    assert counter.count == 4


def test_the_shopping_list_reads_expired_stock_in_its_on_hand_statement(
    session: Session, count_statements: Any
) -> None:
    season = make_cookie_season(session)
    with count_statements() as plain:
        get_shopping_list(session, season.event.id)
    season.old_flour.best_before = date(2024, 6, 1)
    session.flush()

    with count_statements() as counter:
        shopping = get_shopping_list(session, season.event.id)

    assert shopping.expired
    assert counter.count == plain.count


def test_the_pantry_lists_unrecorded_and_found_stock_in_one_statement(
    session: Session, macarons: Recipe, count_statements: Any
) -> None:
    result = bake(session, macarons, 12, "cover_shortage")
    with count_statements() as counter:
        listed = list_counted_lots(session)
    assert counter.count == 1
    assert [(v.origin, v.initial_quantity, v.quantity_remaining) for v in listed] == [
        (LotOrigin.UNRECORDED, Decimal(200), Decimal(0))
    ]
    assert listed[0].notes == f"short bake {result.record.id}"
