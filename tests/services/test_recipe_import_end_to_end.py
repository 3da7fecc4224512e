"""After import, a recipe costs, plans and bakes like the same recipe made by hand
(docs/product.md §6.22): a page's "Lemon drizzle squares" with a "For the glaze" section,
imported, against its hand-made twin with a glaze sub-recipe."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.io.recipe_sources import read_recipe_file
from bakehouse.models import Item, Recipe
from bakehouse.services.production.bakes import ProductionResult, record_production
from bakehouse.services.production.progress import get_production_progress
from bakehouse.services.recipes.costing import get_recipe_cost
from bakehouse.services.recipes.importing import review_import, save_import
from bakehouse.services.recipes.recipes import RecipeLineInput, create_item, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product, make_purchase
from tests.factories.planning import make_assignment, make_event, make_package, make_recipient
from tests.io.recipe_sources.conftest import FIXTURES

TODAY = date(2026, 12, 1)


def _pantry(session: Session) -> dict[str, int]:
    """Each ingredient bought on Nov 1: plenty for two batches of each recipe."""
    ids = {}
    for name, measure, size, price in (
        ("Flour", Measure.MASS, "5000", "5.00"),
        ("Butter", Measure.MASS, "4000", "60.00"),
        ("Sugar", Measure.MASS, "2000", "4.00"),
        ("Powdered sugar", Measure.MASS, "1000", "3.00"),
        ("Lemon juice", Measure.VOLUME, "500", "2.50"),
    ):
        ingredient = make_ingredient(session, name=name, measure=measure)
        product = make_product(session, ingredient, package_size=Decimal(size))
        make_purchase(session, product, total_price=price, purchased_on=date(2026, 11, 1))
        ids[name] = ingredient.id
    return ids


def _by_hand(session: Session, ids: dict[str, int]) -> tuple[Recipe, Item]:
    def line(name: str, quantity: str, unit: str, note: str = "") -> RecipeLineInput:
        return RecipeLineInput(ids[name], Decimal(quantity), unit, note)

    glaze = create_recipe(
        session,
        name="Glaze (by hand)",
        lines=[line("Powdered sugar", "100", "g"), line("Lemon juice", "30", "ml")],
    )
    squares = create_recipe(
        session,
        name="Squares (by hand)",
        lines=[
            line("Flour", "250", "g"),
            line("Butter", "200", "g", "softened"),
            line("Sugar", "200", "g"),
            RecipeLineInput(None, Decimal(1), "batch", sub_recipe_id=glaze.id),
        ],
    )
    item = create_item(session, recipe_id=squares.id, name="Square (by hand)", items_per_batch=12)
    return squares, item


def test_an_imported_recipe_costs_plans_and_bakes_like_a_hand_made_one(
    session: Session,
) -> None:
    ids = _pantry(session)
    hand, hand_item = _by_hand(session, ids)
    reading = read_recipe_file(FIXTURES / "lemon-drizzle.html")

    result = save_import(session, review_import(session, reading))

    glaze, squares = result.recipes
    (item,) = result.items
    assert (glaze.name, squares.name, item.items_per_batch) == (
        "Lemon drizzle squares: glaze", "Lemon drizzle squares", 12
    )  # fmt: skip
    assert "https://crumbandkettle.example/lemon-drizzle-squares" in squares.notes
    assert squares.instructions.startswith("Beat the butter and sugar")

    # Costs: the same, to the cent, and fully priced.
    imported_cost, hand_cost = (
        get_recipe_cost(session, squares.id),
        get_recipe_cost(session, hand.id),
    )
    assert imported_cost.per_batch.total == hand_cost.per_batch.total
    assert imported_cost.per_batch.total > 0
    assert imported_cost.per_batch.unpriced_ingredients == ()
    assert [s.cost.total for s in imported_cost.sub_lines] == [
        s.cost.total for s in hand_cost.sub_lines
    ]

    # Plans: 30 squares of each for one event need 3 batches, and 3 of each glaze.
    recipient = make_recipient(session, name="Ann")
    event = make_event(session=session, name="Fair", event_date=date(2026, 12, 20))
    for one in (item, hand_item):
        box = make_package(session, name=f"Box of {one.name}", contents=[(10, one)])
        make_assignment(session, event, recipient, box, quantity=3)
    rows = {r.recipe_id: r for r in get_production_progress(session, event.id, today=TODAY).recipes}
    assert rows[squares.id].batches_required == rows[hand.id].batches_required == 3
    assert rows[glaze.id].batches_required == 3
    assert rows[glaze.id].is_sub_recipe

    # Bakes: one batch each, glaze made first, drawing the same ingredients at the same cost.
    baked = record_production(
        session, event_id=event.id, recipe_id=squares.id, batches=1, confirm=("make_missing",)
    )
    by_hand = record_production(
        session, event_id=event.id, recipe_id=hand.id, batches=1, confirm=("make_missing",)
    )
    assert baked.actual_cost == by_hand.actual_cost > 0

    # The main bake draws its own ingredients and one batch of its glaze's prepared stock.
    def drawn(result: ProductionResult, glaze_name: str) -> list[tuple[str, Decimal, Decimal]]:
        return sorted(
            ("glaze" if d.ingredient == glaze_name else d.ingredient, d.quantity, d.cost)
            for d in result.draws
        )

    assert drawn(baked, glaze.name) == drawn(by_hand, "Glaze (by hand)")
    assert len(baked.draws) == 4
    assert [(i.expected, i.good) for i in baked.items] == [(12, 12)]
