"""Value conservation through sub-recipes (docs/product.md §6.12, "cost flows through
draws"), over random nestings and random orders of bakes, "make it now" bakes, reversals
and write-offs, for an event whose plan needs the top recipe (and bakes past the plan
confirmed), so parent bakes draw prepared stock and charge the event:

* Σ value in = value on hand in ingredient lots + Σ value drawn by bakes net of reversals
  + Σ adjustments out;
* Σ value drawn = Σ events' actual cost + value of prepared stock on hand + prepared stock
  written off.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.errors import Conflict, InsufficientStock
from bakehouse.models import Lot, ProductionRecord, Recipe, StockMovement
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.pantry.stock import adjust_stock
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipient,
)

START = datetime(2026, 12, 1, 9, tzinfo=UTC)

#: Per recipe (4 of them): its butter and flour in g, and the recipes below it it uses, as
#: (which, quantity in cups or batches).
nestings = st.lists(
    st.tuples(
        st.integers(1, 300),
        st.integers(0, 300),
        st.lists(
            st.tuples(st.integers(1, 3), st.sampled_from(["0.5", "1", "1.5", "0.25"])),
            max_size=2,
        ),
    ),
    min_size=4,
    max_size=4,
)
#: What happens, in order: (action, recipe or bake index, batches, flag).
actions = st.lists(
    st.tuples(
        st.sampled_from(["bake", "bake", "bake", "reverse", "write off"]),
        st.integers(0, 3),
        st.integers(1, 3),
        st.booleans(),
    ),
    min_size=1,
    max_size=10,
)


def _sum(session: Session, column: object, *where: object) -> Decimal:
    return session.scalar(select(func.coalesce(func.sum(column), 0)).where(*where)) or Decimal(0)


def _movements(session: Session, kinds: tuple[MovementKind, ...], prepared: bool) -> Decimal:
    side = Lot.recipe_id.is_not(None) if prepared else Lot.ingredient_id.is_not(None)
    return _sum(
        session,
        StockMovement.value,
        StockMovement.lot_id.in_(select(Lot.id).where(side)),
        StockMovement.kind.in_(kinds),
    )


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=40,
)
@given(nesting=nestings, steps=actions)
def test_value_is_conserved_through_sub_recipes(
    session: Session,
    nesting: list[tuple[int, int, list[tuple[int, str]]]],
    steps: list[tuple[str, int, int, bool]],
) -> None:
    savepoint = session.begin_nested()
    try:
        butter = make_ingredient(session)
        flour = make_ingredient(session)
        make_lot(session, butter, quantity="100000", cost="250.00", received_on=date(2026, 11, 1))
        make_lot(session, flour, quantity="100000", cost="33.33", received_on=date(2026, 11, 2))
        party = make_event(session, event_date=date(2026, 12, 24))
        # Built from the bottom: recipe i may use recipes i+1.. (so no loop); a recipe used
        # by another is a sub-recipe with a yield of 2 cup, or counted in batches.
        recipes: list[Recipe | None] = [None] * 4
        for i in reversed(range(4)):
            butter_g, flour_g, uses = nesting[i]
            lines = [RecipeLineInput(butter.id, Decimal(butter_g), "g")]
            if flour_g:
                lines.append(RecipeLineInput(flour.id, Decimal(flour_g), "g"))
            for below, quantity in uses:
                j = i + below
                if j < 4 and recipes[j] is not None:
                    sub = recipes[j]
                    assert sub is not None
                    unit = "cup" if sub.yield_unit else "batch"
                    lines.append(
                        RecipeLineInput(None, Decimal(quantity), unit, sub_recipe_id=sub.id)
                    )
            recipes[i] = create_recipe(
                session,
                name=f"R{i}-{butter.id}",
                lines=lines,
                batch_yield=YieldInput("2", "cup") if i % 2 else None,
            )
        # The event's plan needs 3 batches of the top recipe (never a sub-recipe); bakes
        # past a plan are confirmed, so no top-level bake is refused for it.
        top = recipes[0]
        assert top is not None
        box = make_package(session, contents=[(3, make_item(session, top, items_per_batch=1))])
        make_assignment(session, party, make_recipient(session), box)
        made: list[int] = []
        for n, (action, which, batches, flag) in enumerate(steps):
            when = START + timedelta(hours=n)
            try:
                if action == "bake":
                    recipe = recipes[which]
                    assert recipe is not None
                    result = record_production(
                        session, event_id=party.id, recipe_id=recipe.id, batches=batches,
                        confirm=["over_plan", "make_missing"] if flag else ["over_plan"],
                        produced_at=when,
                    )  # fmt: skip
                    made.append(result.record.id)
                elif action == "reverse" and made:
                    reverse_production(session, made[which % len(made)], "test")
                elif action == "write off":
                    lot = session.scalars(
                        select(Lot).where(Lot.recipe_id.is_not(None), Lot.quantity_remaining > 0)
                        .order_by(Lot.id)
                    ).first()  # fmt: skip
                    if lot is not None:
                        part = lot.quantity_remaining if flag else lot.quantity_remaining / 3
                        exact = part.quantize(Decimal("0.000001"))
                        adjust_stock(session, lot_id=lot.id, quantity=-exact,
                                     reason=AdjustmentReason.SPOILAGE)  # fmt: skip
            except (Conflict, InsufficientStock):
                pass  # refused: nothing written
            session.flush()

        value_in = _movements(session, (MovementKind.OPENING, MovementKind.PURCHASE), False)
        on_hand = _sum(session, Lot.value_remaining, Lot.ingredient_id.is_not(None))
        drawn = -_movements(session, (MovementKind.PRODUCTION, MovementKind.REVERSAL), False)
        adjusted_out = -_movements(session, (MovementKind.ADJUSTMENT,), False)
        assert value_in == on_hand + drawn + adjusted_out

        events_cost = _sum(
            session,
            ProductionRecord.actual_cost,
            ProductionRecord.reversed_at.is_(None),
            ProductionRecord.makes_stock.is_(False),
        )
        prepared_on_hand = _sum(session, Lot.value_remaining, Lot.recipe_id.is_not(None))
        written_off = -_movements(session, (MovementKind.ADJUSTMENT,), True)
        assert drawn == events_cost + prepared_on_hand + written_off
        event("events' actual cost > 0" if events_cost > 0 else "events' actual cost = 0")
        if _movements(session, (MovementKind.PRODUCTION,), True):
            event("a parent bake drew prepared stock")
        assert ledger_discrepancies(session) == []
    finally:
        savepoint.rollback()


def test_parent_bakes_charge_the_event_and_reversals_give_it_back(session: Session) -> None:
    """The deterministic companion: a parent bake drawing prepared stock puts a non-zero
    cost on the event, its reversal takes it off, and the equation holds at every step."""
    butter = make_ingredient(session)
    make_lot(session, butter, quantity="10000", cost="100.00", received_on=date(2026, 11, 1))
    party = make_event(session, event_date=date(2026, 12, 24))
    caramel = create_recipe(
        session, name="Caramel", lines=[RecipeLineInput(butter.id, Decimal(100), "g")],
        batch_yield=YieldInput("2", "cup"),
    )  # fmt: skip
    tart = create_recipe(
        session, name="Tart",
        lines=[RecipeLineInput(butter.id, Decimal(50), "g"),
               RecipeLineInput(None, Decimal(1), "cup", sub_recipe_id=caramel.id)],
    )  # fmt: skip
    box = make_package(session, contents=[(2, make_item(session, tart, items_per_batch=1))])
    make_assignment(session, party, make_recipient(session), box)

    def balance() -> tuple[Decimal, Decimal]:
        drawn = -_movements(session, (MovementKind.PRODUCTION, MovementKind.REVERSAL), False)
        events_cost = _sum(
            session,
            ProductionRecord.actual_cost,
            ProductionRecord.reversed_at.is_(None),
            ProductionRecord.makes_stock.is_(False),
        )
        prepared_on_hand = _sum(session, Lot.value_remaining, Lot.recipe_id.is_not(None))
        written_off = -_movements(session, (MovementKind.ADJUSTMENT,), True)
        assert drawn == events_cost + prepared_on_hand + written_off
        return events_cost, prepared_on_hand

    record_production(session, event_id=None, recipe_id=caramel.id, batches=1, produced_at=START)
    session.flush()
    assert balance() == (Decimal(0), Decimal("1.0000"))  # 100 g at 1¢/g, 2 cups on hand
    first = record_production(
        session, event_id=party.id, recipe_id=tart.id, batches=1,
        produced_at=START + timedelta(hours=1),
    )  # fmt: skip
    session.flush()
    # 50 g of butter (0.50) plus 1 of the 2 cups of caramel (0.50).
    assert balance() == (Decimal("1.0000"), Decimal("0.5000"))
    second = record_production(
        session, event_id=party.id, recipe_id=tart.id, batches=1,
        produced_at=START + timedelta(hours=2),
    )  # fmt: skip
    session.flush()
    assert balance() == (Decimal("2.0000"), Decimal(0))
    reverse_production(session, first.record.id, "dropped")
    session.flush()
    assert balance() == (Decimal("1.0000"), Decimal("0.5000"))
    reverse_production(session, second.record.id, "dropped")
    session.flush()
    assert balance() == (Decimal(0), Decimal("1.0000"))
    assert ledger_discrepancies(session) == []
