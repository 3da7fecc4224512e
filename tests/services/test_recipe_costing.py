from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.models import Ingredient, Lot, StockMovement
from bakehouse.schemas.base import to_json
from bakehouse.schemas.recipes import RecipeCostRead
from bakehouse.services.recipes.costing import get_recipe_cost, get_recipe_costs
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase
from tests.factories.planning import make_item, make_recipe


def _pantry(session: Session) -> tuple[Ingredient, Ingredient, Ingredient]:
    """Flour (two opening lots), butter (bought as two products), vanilla (never bought)."""
    flour = make_ingredient(session)
    make_lot(session, flour, quantity="1000", cost="1.00", received_on=date(2026, 1, 1))
    make_lot(session, flour, quantity="1000", cost="3.00", received_on=date(2026, 2, 1))
    butter = make_ingredient(session)
    preferred = make_product(session, butter, package_size=Decimal("500"), is_preferred=True)
    other = make_product(session, butter, package_size=Decimal("250"))
    make_purchase(session, preferred, total_price="5.00", purchased_on=date(2026, 1, 2))
    make_purchase(session, other, total_price="5.00", purchased_on=date(2026, 1, 5))
    vanilla = make_ingredient(session, measure=Measure.VOLUME)
    return flour, butter, vanilla


def test_prices_each_line_at_the_latest_unit_price_preferred_product_first(
    session: Session,
) -> None:
    flour, butter, _ = _pantry(session)
    recipe = make_recipe(session, lines=[(flour, "250", "g"), (butter, "0.5", "lb")])
    cost = get_recipe_cost(session, recipe.id)
    flour_line, butter_line = cost.lines
    assert (flour_line.quantity, flour_line.unit, flour_line.canonical_quantity) == (
        Decimal("250"),
        "g",
        Decimal("250"),
    )
    assert (flour_line.unit_price, flour_line.cost) == (Decimal("0.003"), Decimal("0.75"))
    assert (butter_line.unit, butter_line.canonical_quantity) == ("lb", Decimal("226.796185"))
    # The preferred product's purchase (5.00 for 500 g), not the newer dearer one.
    assert (butter_line.unit_price, butter_line.cost) == (Decimal("0.01"), Decimal("2.268"))
    assert not butter_line.unpriced
    assert cost.per_batch.total == Decimal("3.018")
    assert cost.per_batch.is_complete


def test_reports_an_unpriced_ingredient_as_unpriced_not_as_zero(session: Session) -> None:
    flour, _, vanilla = _pantry(session)
    recipe = make_recipe(session, lines=[(flour, "250", "g"), (vanilla, "1", "tsp")])
    cost = get_recipe_cost(session, recipe.id)
    vanilla_line = cost.lines[1]
    assert (vanilla_line.unit_price, vanilla_line.cost, vanilla_line.unpriced) == (
        None,
        None,
        True,
    )
    assert cost.per_batch.total == Decimal("0.75")
    assert cost.per_batch.unpriced_ingredient_ids == (vanilla.id,)
    assert cost.per_batch.unpriced_ingredients == (vanilla.name,)
    assert not cost.per_batch.is_complete
    serialised = to_json(RecipeCostRead.model_validate(cost))
    assert serialised["per_batch"]["is_complete"] is False
    assert serialised["lines"][1]["unpriced"] is True


def test_cost_per_item_divides_a_batch_by_items_per_batch(session: Session) -> None:
    flour, butter, _ = _pantry(session)
    recipe = make_recipe(session, lines=[(flour, "250", "g"), (butter, "227", "g")])
    make_item(session, recipe, name="Small shortbread", items_per_batch=24)
    make_item(session, recipe, name="Large shortbread", items_per_batch=12)
    cost = get_recipe_cost(session, recipe.id)
    assert cost.per_batch.total == Decimal("3.02")
    assert [(i.item, i.items_per_batch, i.cost.total) for i in cost.per_item] == [
        ("Large shortbread", 12, Decimal("0.2517")),
        ("Small shortbread", 24, Decimal("0.1258")),
    ]


def test_from_the_pantry_draws_oldest_lots_first_and_writes_nothing(session: Session) -> None:
    flour, butter, _ = _pantry(session)
    recipe = make_recipe(session, lines=[(flour, "1200", "g"), (butter, "227", "g")])
    movements_before = session.scalar(select(func.count()).select_from(StockMovement))
    cost = get_recipe_cost(session, recipe.id)
    # 1000 g at 1.00 + 200 g of the 3.00 lot (0.60); 227 g of the 5.00 / 500 g lot (2.27).
    assert cost.from_pantry.cost == Decimal("3.87")
    assert cost.from_pantry.is_available
    assert session.scalar(select(func.count()).select_from(StockMovement)) == movements_before
    session.expire_all()
    remaining = session.scalars(select(Lot.quantity_remaining).where(Lot.ingredient_id == flour.id))
    assert sorted(remaining) == [Decimal("1000"), Decimal("1000")]


def test_from_the_pantry_reports_every_shortage_instead_of_raising(session: Session) -> None:
    flour, _, vanilla = _pantry(session)
    recipe = make_recipe(session, lines=[(flour, "2500", "g"), (vanilla, "1", "tsp")])
    pantry = get_recipe_cost(session, recipe.id).from_pantry
    assert pantry.cost is None
    assert not pantry.is_available
    assert {s.ingredient_id: (s.needed, s.available) for s in pantry.shortages} == {
        flour.id: (Decimal("2500"), Decimal("2000")),
        vanilla.id: (Decimal("4.928922"), Decimal("0")),
    }


def test_a_recipe_without_lines_costs_nothing_and_is_complete(session: Session) -> None:
    cost = get_recipe_cost(session, make_recipe(session).id)
    assert (cost.lines, cost.per_batch.total, cost.per_batch.is_complete) == ((), 0, True)
    assert cost.from_pantry.cost == 0


def test_unknown_recipe_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound):
        get_recipe_cost(session, 999_999)


def test_costs_every_recipe_in_the_same_number_of_statements(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    flour, butter, vanilla = _pantry(session)

    def add_recipes(count: int) -> None:
        for _ in range(count):
            recipe = make_recipe(
                session, lines=[(flour, "100", "g"), (butter, "50", "g"), (vanilla, "1", "tsp")]
            )
            make_item(session, recipe)

    add_recipes(2)
    session.expire_all()
    with count_statements() as few:
        few_costs = get_recipe_costs(session)
    add_recipes(20)
    session.expire_all()
    with count_statements() as many:
        many_costs = get_recipe_costs(session)
    assert len(many_costs) == len(few_costs) + 20
    assert few.count == many.count
