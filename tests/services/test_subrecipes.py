"""Sub-recipes and prepared stock through the services (issue 15, docs/product.md §6.12):
lines and yields, loops and levels, bakes that make and draw prepared stock, "make what
is missing now", reversals, on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.confirmations import ConfirmationCode
from bakehouse.domain.kinds import AdjustmentReason
from bakehouse.errors import ConfirmationNeeded, Conflict, CycleDetected, InvalidInput
from bakehouse.models import Item, Lot, ProductionRecord, Recipe
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.pantry.prepared import list_prepared_stock
from bakehouse.services.pantry.stock import adjust_stock
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.outcomes import write_off_bake
from bakehouse.services.production.progress import get_production_progress
from bakehouse.services.recipes.recipes import (
    RecipeLineInput,
    YieldInput,
    create_item,
    create_recipe,
    set_recipe_lines,
    update_recipe,
)
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipient,
)

DAY = datetime(2026, 12, 1, 10, tzinfo=UTC)


@dataclass
class Kitchen:
    butter_id: int
    flour_id: int
    buttercream: Recipe
    cookie: Recipe
    event_id: int


def ingredient_line(ingredient_id: int, quantity: str, unit: str) -> RecipeLineInput:
    return RecipeLineInput(ingredient_id, Decimal(quantity), unit)


def sub_line(recipe: Recipe, quantity: str, unit: str) -> RecipeLineInput:
    return RecipeLineInput(None, Decimal(quantity), unit, sub_recipe_id=recipe.id)


@pytest.fixture
def kitchen(session: Session) -> Kitchen:
    """A buttercream (400 g butter at $6.00, 4 cup a batch, keeps 5 days) and a cookie
    with ½ cup of it and 100 g flour."""
    butter = make_ingredient(session, name="Butter", measure=Measure.MASS)
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
    make_lot(session, butter, quantity="4000", cost="60.00", received_on=date(2026, 11, 1))
    make_lot(session, flour, quantity="5000", cost="5.00", received_on=date(2026, 11, 1))
    cream = create_recipe(
        session,
        name="Buttercream",
        lines=[ingredient_line(butter.id, "400", "g")],
        batch_yield=YieldInput("4", "cup", shelf_life_days=5),
    )
    cookie = create_recipe(
        session,
        name="Cookie",
        lines=[ingredient_line(flour.id, "100", "g"), sub_line(cream, "0.5", "cup")],
    )
    item = make_item(session, cookie, name="Frosted cookie", items_per_batch=12)
    event = make_event(session, name="Christmas")
    box = make_package(session, name="Box of 12", contents=[(12, item)])
    make_assignment(session, event, make_recipient(session), box, quantity=10)  # 10 batches
    return Kitchen(butter.id, flour.id, cream, cookie, event.id)


def prepared(session: Session) -> list[tuple[Decimal, Decimal]]:
    return [(v.quantity_remaining, v.value_remaining) for v in list_prepared_stock(session)]


def test_a_sub_recipe_bake_makes_prepared_stock_worth_its_cost(
    session: Session, kitchen: Kitchen
) -> None:
    made = record_production(
        session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1, produced_at=DAY
    )
    assert made.actual_cost == Decimal("6.00")
    lot = session.scalars(select(Lot).where(Lot.recipe_id == kitchen.buttercream.id)).one()
    assert (lot.initial_quantity, lot.cost) == (Decimal(4), Decimal("6.00"))
    assert (lot.received_on, lot.best_before) == (date(2026, 12, 1), date(2026, 12, 6))
    assert ledger_discrepancies(session) == []


def test_a_bake_may_record_that_it_made_less_than_its_yield(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(
        session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1, yield_made="3.5"
    )
    assert prepared(session) == [(Decimal("3.5"), Decimal("6.00"))]
    with pytest.raises(InvalidInput, match="make 4 at most"):
        record_production(
            session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1, yield_made="5"
        )


def test_a_parent_bake_draws_prepared_stock_and_its_cost(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=2)
    result = record_production(
        session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=10
    )
    # 1,000 g flour ($1.00) and 5 cup of buttercream at $1.50 a cup.
    assert result.actual_cost == Decimal("8.50")
    assert prepared(session) == [(Decimal(3), Decimal("4.50"))]
    assert ledger_discrepancies(session) == []


def test_short_prepared_stock_is_refused_before_anything_is_written(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1)
    bakes = session.scalars(select(ProductionRecord.id)).all()
    with pytest.raises(ConfirmationNeeded) as refused:
        record_production(
            session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=10
        )
    [asked] = refused.value.confirmations
    assert asked.code == ConfirmationCode.MAKE_MISSING
    assert dict(asked.figures) == {"Buttercream: batches to make": 1}
    assert "Buttercream needs 5 cup, 4 on hand: make 1 batch now" in asked.message
    assert session.scalars(select(ProductionRecord.id)).all() == bakes


def test_making_what_is_missing_leaves_exactly_the_surplus(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1)
    result = record_production(
        session,
        event_id=kitchen.event_id,
        recipe_id=kitchen.cookie.id,
        batches=10,
        confirm=[ConfirmationCode.MAKE_MISSING],
    )
    made_now = session.scalars(
        select(ProductionRecord).where(ProductionRecord.parent_id == result.record.id)
    ).one()
    assert (made_now.recipe_id, made_now.batches, made_now.makes_stock) == (
        kitchen.buttercream.id,
        1,
        True,
    )
    assert made_now.event_id == kitchen.event_id
    # 8 cup made, 5 drawn: 3 cup left, worth 3 × $1.50.
    assert prepared(session) == [(Decimal(3), Decimal("4.50"))]
    assert result.actual_cost == Decimal("8.50")
    assert ledger_discrepancies(session) == []


def test_reversals_keep_sub_recipe_bakes_and_refuse_to_undo_drawn_stock(
    session: Session, kitchen: Kitchen
) -> None:
    cream = record_production(
        session, event_id=None, recipe_id=kitchen.buttercream.id, batches=2
    ).record
    cookie = record_production(
        session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=2
    ).record
    with pytest.raises(Conflict, match=f"drawn by bake {cookie.id} \\(Cookie\\)"):
        reverse_production(session, cream.id, "spilled")
    reverse_production(session, cookie.id, "burnt")
    assert prepared(session) == [(Decimal(8), Decimal("12.00"))]
    reverse_production(session, cream.id, "spilled")
    assert prepared(session) == []
    assert ledger_discrepancies(session) == []


def test_reversing_a_parent_leaves_what_was_made_for_it(session: Session, kitchen: Kitchen) -> None:
    cookie = record_production(
        session,
        event_id=kitchen.event_id,
        recipe_id=kitchen.cookie.id,
        batches=2,
        confirm=[ConfirmationCode.MAKE_MISSING],
    ).record
    reverse_production(session, cookie.id, "dropped the tray")
    assert prepared(session) == [(Decimal(4), Decimal("6.00"))]
    standing = session.scalars(
        select(ProductionRecord).where(ProductionRecord.parent_id == cookie.id)
    ).one()
    assert standing.reversed_at is None


def test_a_loop_is_refused_with_its_path(session: Session, kitchen: Kitchen) -> None:
    with pytest.raises(CycleDetected) as refused:
        set_recipe_lines(
            session,
            kitchen.buttercream.id,
            [
                ingredient_line(kitchen.butter_id, "400", "g"),
                sub_line(kitchen.cookie, "1", "batch"),
            ],
        )
    assert "Buttercream → Cookie → Buttercream" in refused.value.message


def test_more_than_five_levels_are_refused(session: Session, kitchen: Kitchen) -> None:
    below = kitchen.buttercream
    for n in range(4):  # buttercream + 4 = 5 levels
        below = create_recipe(session, name=f"Level {n}", lines=[sub_line(below, "1", "batch")])
    with pytest.raises(InvalidInput, match="6 levels deep"):
        create_recipe(session, name="Too deep", lines=[sub_line(below, "1", "batch")])


def test_half_a_batch_of_a_glaze_without_yield(session: Session, kitchen: Kitchen) -> None:
    glaze = create_recipe(
        session, name="Glaze", lines=[ingredient_line(kitchen.butter_id, "100", "g")]
    )
    bun = create_recipe(session, name="Bun", lines=[sub_line(glaze, "0.5", "batch")])
    assert bun.lines[0].unit == "batch"
    with pytest.raises(InvalidInput, match="no yield"):
        create_recipe(session, name="Bun 2", lines=[sub_line(glaze, "1", "cup")])
    record_production(session, event_id=None, recipe_id=glaze.id, batches=1)
    record_production(
        session, event_id=kitchen.event_id, recipe_id=bun.id, batches=1, confirm=["over_plan"]
    )
    assert [(v.recipe, v.unit, v.quantity_remaining) for v in list_prepared_stock(session)] == [
        ("Glaze", "batch", Decimal("0.5"))
    ]


def test_a_sub_recipe_makes_stock_not_items(session: Session, kitchen: Kitchen) -> None:
    with pytest.raises(InvalidInput, match="makes prepared stock, not items"):
        create_item(session, recipe_id=kitchen.buttercream.id, name="Tub", items_per_batch=1)
    with pytest.raises(InvalidInput, match="yields items"):
        create_recipe(session, name="Sandwich", lines=[sub_line(kitchen.cookie, "1", "batch")])


def test_an_ordinary_bake_still_needs_an_event(session: Session, kitchen: Kitchen) -> None:
    with pytest.raises(InvalidInput, match="which event"):
        record_production(session, event_id=None, recipe_id=kitchen.cookie.id, batches=1)


def test_the_yield_unit_stays_while_prepared_stock_could_come_back(
    session: Session, kitchen: Kitchen
) -> None:
    """A lot emptied by a parent bake would be refilled, in cups, by that bake's reversal:
    the unit may change only once no lot holds stock nor can get any back (§6.12)."""
    in_ml = YieldInput("946", "ml")
    cream = kitchen.buttercream.id
    record_production(session, event_id=None, recipe_id=cream, batches=1, produced_at=DAY)
    with pytest.raises(InvalidInput, match="prepared stock on hand in cup"):
        update_recipe(session, cream, batch_yield=in_ml)
    cookies = record_production(
        session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=8
    )
    assert prepared(session) == []  # the lot is empty, but the cookie bake stands
    with pytest.raises(InvalidInput, match=f"bake {cookies.record.id} drew prepared Buttercream"):
        update_recipe(session, cream, batch_yield=in_ml)
    reverse_production(session, cookies.record.id, "burnt")
    lot = session.scalars(select(Lot).where(Lot.recipe_id == cream)).one()
    assert lot.quantity_remaining == Decimal(4)  # back, in cups
    with pytest.raises(InvalidInput, match="on hand in cup"):
        update_recipe(session, cream, batch_yield=in_ml)
    adjust_stock(session, lot_id=lot.id, quantity=Decimal(-4), reason=AdjustmentReason.SPOILAGE)
    update_recipe(session, cream, batch_yield=in_ml)
    assert session.get_one(Recipe, cream).yield_unit == "ml"


def test_an_ordinary_bake_cannot_record_what_it_made(session: Session, kitchen: Kitchen) -> None:
    record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=2)
    with pytest.raises(InvalidInput, match="Cookie is not a sub-recipe") as refused:
        record_production(
            session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=1,
            yield_made="3",
        )  # fmt: skip
    assert refused.value.field == "yield_made"
    assert (
        session.scalars(
            select(ProductionRecord).where(ProductionRecord.recipe_id == kitchen.cookie.id)
        ).all()
        == []
    )
    # Blank, as the bake form sends it, is no yield recorded.
    record_production(
        session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=1, yield_made=" "
    )


def test_a_sub_recipe_bake_has_no_good_items_nor_losses(session: Session, kitchen: Kitchen) -> None:
    # Good items and losses are items' (docs/product.md §6.13); prepared stock has none.
    for outcome in ({"good": {1: 0}, "loss_reason": "burnt"}, {"loss_reason": "burnt"}):
        with pytest.raises(InvalidInput, match="makes prepared stock, not items"):
            record_production(
                session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1, **outcome
            )
    assert session.scalars(select(ProductionRecord)).all() == []
    made = record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=1)
    assert made.items == ()
    with pytest.raises(Conflict, match="prepared stock of a sub-recipe, not items"):
        write_off_bake(session, made.record.id)
    assert prepared(session) == [(Decimal(4), Decimal("6.00"))]


def test_a_bake_drawing_prepared_stock_counts_its_good_items_and_losses(
    session: Session, kitchen: Kitchen
) -> None:
    record_production(session, event_id=None, recipe_id=kitchen.buttercream.id, batches=2)
    item = session.scalars(select(Item).where(Item.recipe_id == kitchen.cookie.id)).one()

    result = record_production(
        session, event_id=kitchen.event_id, recipe_id=kitchen.cookie.id, batches=10,
        good={item.id: 108}, loss_reason="burnt",
    )  # fmt: skip

    # $8.50 with the buttercream drawn: 12 of 120 cookies lost cost a tenth of it.
    assert result.actual_cost == Decimal("8.50")
    [baked] = result.items
    assert (baked.expected, baked.good, baked.lost, baked.lost_cost) == (
        120, 108, 12, Decimal("0.8500")
    )  # fmt: skip
    rows = get_production_progress(session, kitchen.event_id).recipes
    [cookie] = [r for r in rows if not r.is_sub_recipe]
    [cream] = [r for r in rows if r.is_sub_recipe]
    assert (cookie.batches_produced, cookie.batches_still_to_bake, cookie.is_complete) == (
        10, 1, False
    )  # fmt: skip
    assert (cookie.actual_cost, cookie.lost_cost) == (Decimal("8.50"), Decimal("0.8500"))
    assert (cream.recipe_id, cream.items) == (kitchen.buttercream.id, ())
