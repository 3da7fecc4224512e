"""Sub-recipes in cost, planning, progress and shopping (issue 15, docs/product.md §6.12):
the issue's buttercream numbers through the services, caramel at two depths, an unpriced
leaf, and statement counts that do not grow with depth or recipes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.models import Event, Recipe
from bakehouse.services.events.planning import get_event_needs, get_shopping_list
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from bakehouse.services.recipes.costing import get_recipe_cost
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product, make_purchase
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipient,
)


def line(ingredient_id: int, quantity: str, unit: str) -> RecipeLineInput:
    return RecipeLineInput(ingredient_id, Decimal(quantity), unit)


def sub(recipe: Recipe, quantity: str, unit: str) -> RecipeLineInput:
    return RecipeLineInput(None, Decimal(quantity), unit, sub_recipe_id=recipe.id)


class Bakery:
    """Butter at $6.00 per 400 g, flour at $0.10 per 100 g; a buttercream of 400 g butter
    yielding 4 cup; a cookie of 100 g flour and ½ cup buttercream, 12 to a batch, packed
    12 to a box."""

    def __init__(self, session: Session) -> None:
        self.session = session
        butter = make_ingredient(session, name="Butter", measure=Measure.MASS)
        flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
        self.sugar = make_ingredient(session, name="Sugar", measure=Measure.MASS)  # never bought
        self.butter_id, self.flour_id = butter.id, flour.id
        make_purchase(session, make_product(session, butter, package_size=Decimal(4000)),
                      total_price="60.00", purchased_on=date(2026, 11, 1))  # fmt: skip
        make_purchase(session, make_product(session, flour, package_size=Decimal(5000)),
                      total_price="5.00", purchased_on=date(2026, 11, 1))  # fmt: skip
        self.cream = create_recipe(
            session,
            name="Buttercream",
            lines=[line(butter.id, "400", "g")],
            batch_yield=YieldInput("4", "cup", shelf_life_days=10),
        )
        self.cookie = create_recipe(
            session,
            name="Cookie",
            lines=[line(flour.id, "100", "g"), sub(self.cream, "0.5", "cup")],
        )
        item = make_item(session, self.cookie, name="Frosted cookie", items_per_batch=12)
        self.box = make_package(session, name="Box", contents=[(12, item)])
        self.recipient = make_recipient(session, name="Ann")

    def event(self, name: str, day: int, boxes: int) -> Event:
        event = make_event(session=self.session, name=name, event_date=date(2026, 12, day))
        make_assignment(self.session, event, self.recipient, self.box, quantity=boxes)
        return event

    def prepare(self, cups: str) -> None:
        """``cups`` of buttercream on hand (from one batch, what was made recorded)."""
        record_production(self.session, event_id=None, recipe_id=self.cream.id, batches=1,
                          yield_made=cups)  # fmt: skip


@pytest.fixture
def bakery(session: Session) -> Bakery:
    return Bakery(session)


#: The day the progress is read on: every event of these tests is upcoming unless said.
TODAY = date(2026, 12, 1)


def sub_row(session: Session, event: Event, recipe: Recipe) -> Any:
    progress = get_production_progress(session, event.id, today=TODAY)
    return next(r for r in progress.recipes if r.recipe_id == recipe.id)


def test_a_cookie_batch_holds_75_cents_of_buttercream(session: Session, bakery: Bakery) -> None:
    cost = get_recipe_cost(session, bakery.cookie.id)
    assert [(s.sub_recipe, s.share_of_batch, s.cost.total) for s in cost.sub_lines] == [
        ("Buttercream", Decimal("0.125"), Decimal("0.75"))
    ]
    assert cost.per_batch.total == Decimal("0.85")
    assert get_recipe_cost(session, bakery.cream.id).used_in == ("Cookie",)


@pytest.mark.parametrize(("prepared", "to_make"), [(None, 2), ("2", 1), ("4", 1)])
def test_ten_cookie_batches_need_two_buttercream_batches_less_what_is_prepared(
    session: Session, bakery: Bakery, prepared: str | None, to_make: int
) -> None:
    event = bakery.event("Christmas", 24, 10)
    if prepared is not None:
        bakery.prepare(prepared)
    row = sub_row(session, event, bakery.cream)
    assert row.is_sub_recipe
    assert (row.batches_required, row.still_to_make) == (2, to_make)
    assert (row.actual_cost, row.planned_cost) == (0, 0)
    summary = next(r for r in get_dashboard_summary(session).rows if r.event_id == event.id)
    assert summary.recipes_total == 1  # the cookie only
    breakdown = get_recipe_cost_breakdown(session, event.id)
    assert [r.recipe_name for r in breakdown.rows] == ["Cookie"]
    # The cookie's planned cost holds the buttercream: 10 × $0.85.
    assert breakdown.planned_total == Decimal("8.50")


def test_five_cups_prepared_leave_nothing_to_make(session: Session, bakery: Bakery) -> None:
    event = bakery.event("Christmas", 24, 10)
    bakery.prepare("4")
    bakery.prepare("1")
    row = sub_row(session, event, bakery.cream)
    assert (row.batches_required, row.still_to_make, row.is_complete) == (2, 0, True)


def test_prepared_stock_serves_the_earlier_event_first(session: Session, bakery: Bakery) -> None:
    # Six cookie batches draw 3 cup each event; 5 cup are prepared.
    later = bakery.event("New Year", 31, 6)
    earlier = bakery.event("Christmas", 24, 6)
    bakery.prepare("4")
    bakery.prepare("1")
    assert sub_row(session, earlier, bakery.cream).still_to_make == 0
    assert sub_row(session, later, bakery.cream).still_to_make == 1


def test_an_old_unbaked_event_takes_no_prepared_stock_from_upcoming_ones(
    session: Session, bakery: Bakery
) -> None:
    # Last month's event never baked its 6 cookie batches (3 cup): it is out of scope, so
    # the 5 cup prepared go to Christmas, as on the shopping list (docs/product.md §6.12).
    old = make_event(session, name="Harvest", event_date=date(2026, 11, 1))
    make_assignment(session, old, bakery.recipient, bakery.box, quantity=6)
    christmas = bakery.event("Christmas", 24, 6)
    new_year = bakery.event("New Year", 31, 6)
    bakery.prepare("4")
    bakery.prepare("1")
    assert sub_row(session, christmas, bakery.cream).still_to_make == 0
    assert sub_row(session, new_year, bakery.cream).still_to_make == 1
    shopping = get_shopping_list(session, upcoming=True, today=TODAY)
    assert shopping.event_ids == (christmas.id, new_year.id)
    butter = next(line for line in shopping.lines if line.ingredient == "Butter")
    assert butter.needed == Decimal(400)  # the one batch New Year still needs
    # Viewed, the old event is in scope itself, and comes first.
    assert sub_row(session, old, bakery.cream).still_to_make == 0


def test_the_shopping_list_buys_leaves_and_never_prepared_stock_twice(
    session: Session, bakery: Bakery
) -> None:
    event = bakery.event("Christmas", 24, 10)
    needs = {n.ingredient: n.quantity for n in get_event_needs(session, event.id).ingredients}
    assert needs == {"Butter": Decimal(800), "Flour": Decimal(1000)}
    bakery.prepare("4")  # one batch made: 400 g butter drawn, 4 cup prepared
    shopping = get_shopping_list(session, event.id)
    wanted = {s.ingredient: s.needed for s in shopping.lines}
    # One buttercream batch still to make: 400 g butter, not 800.
    assert wanted == {"Butter": Decimal(400), "Flour": Decimal(1000)}


def test_made_for_the_event_counts_on_its_row(session: Session, bakery: Bakery) -> None:
    event = bakery.event("Christmas", 24, 10)
    record_production(session, event_id=event.id, recipe_id=bakery.cream.id, batches=1)
    row = sub_row(session, event, bakery.cream)
    assert (row.batches_produced, row.still_to_make) == (1, 1)


def test_caramel_at_two_depths_and_an_unpriced_leaf(session: Session, bakery: Bakery) -> None:
    caramel = create_recipe(session, name="Caramel", lines=[line(bakery.sugar.id, "200", "g")])
    filling = create_recipe(
        session,
        name="Filling",
        lines=[line(bakery.butter_id, "100", "g"), sub(caramel, "0.5", "batch")],
        batch_yield=YieldInput("2", "cup"),
    )
    bars = create_recipe(
        session,
        name="Bars",
        lines=[
            line(bakery.flour_id, "100", "g"),
            sub(filling, "1", "cup"),
            sub(caramel, "0.25", "batch"),
        ],
    )
    item = make_item(session, bars, name="Bar", items_per_batch=10)
    package = make_package(session, name="Bar box", contents=[(10, item)])
    event = make_event(session, name="Swap", event_date=date(2026, 12, 10))
    make_assignment(session, event, bakery.recipient, package, quantity=3)
    rows = {r.recipe_name: r for r in get_production_progress(session, event.id).recipes}
    # 3 bars → filling ceil(3 × ½) = 2 → caramel ceil(3 × ¼ + 2 × ½) = 2.
    assert (rows["Filling"].batches_required, rows["Caramel"].batches_required) == (2, 2)
    cost = get_recipe_cost(session, bars.id)
    assert not cost.per_batch.is_complete
    assert cost.per_batch.unpriced_ingredients == ("Sugar",)
    progress = get_production_progress(session, event.id)
    assert progress.costs.unpriced


def _nest(session: Session, bakery: Bakery, levels: int, recipes: int) -> Event:
    """A chain ``levels`` deep under each of ``recipes`` cookies, all in one event."""
    event = make_event(session, name=f"Nest {levels}-{recipes}", event_date=date(2026, 12, 5))
    below = create_recipe(session, name=f"Base {levels}-{recipes}",
                          lines=[line(bakery.butter_id, "10", "g")])  # fmt: skip
    for n in range(levels - 2):
        below = create_recipe(session, name=f"Mid {levels}-{recipes}-{n}",
                              lines=[sub(below, "1", "batch")])  # fmt: skip
    for n in range(recipes):
        top = create_recipe(session, name=f"Top {levels}-{recipes}-{n}",
                            lines=[sub(below, "0.5", "batch")])  # fmt: skip
        item = make_item(session, top, name=f"Top item {levels}-{recipes}-{n}", items_per_batch=1)
        package = make_package(session, name=f"Top box {levels}-{recipes}-{n}",
                               contents=[(1, item)])  # fmt: skip
        make_assignment(session, event, bakery.recipient, package, quantity=2)
    return event


@pytest.mark.parametrize("read", ["progress", "dashboard", "shopping"])
def test_statement_counts_do_not_grow_with_depth_or_recipes(
    session: Session, bakery: Bakery, count_statements: Callable[[], Any], read: str
) -> None:
    def counted(event: Event) -> int:
        with count_statements() as counter:
            if read == "progress":
                get_production_progress(session, event.id)
            elif read == "dashboard":
                get_dashboard_summary(session)
            else:
                get_shopping_list(session, event.id)
        return int(counter.count)

    shallow = counted(_nest(session, bakery, 2, 1))
    deep = counted(_nest(session, bakery, 5, 1))
    many = counted(_nest(session, bakery, 2, 50))
    assert shallow == deep == many


@pytest.mark.parametrize("scope", ["event", "upcoming"])
def test_with_sub_recipes_the_shopping_list_reads_thirteen_statements(
    session: Session, bakery: Bakery, count_statements: Callable[[], Any], scope: str
) -> None:
    def counted(event: Event) -> int:
        session.expire_all()  # the event is read again, as in a new request
        with count_statements() as counter:
            if scope == "event":
                get_shopping_list(session, event.id)
            else:
                get_shopping_list(session, upcoming=True, today=TODAY)
        return int(counter.count)

    bakery.prepare("2")
    assert counted(_nest(session, bakery, 2, 1)) == counted(_nest(session, bakery, 5, 50)) == 13
