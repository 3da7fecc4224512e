"""Pasted lines added to a recipe and the recipe card, at the service: one transaction,
problems named by the pasted line, and reads whose statement counts do not grow
(docs/product.md §6.18)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.errors import BakehouseError, Conflict, ValidationFailed
from bakehouse.models import Ingredient
from bakehouse.services.recipes.card import recipe_card
from bakehouse.services.recipes.paste import (
    NewIngredientInput,
    PastedLineInput,
    add_pasted_lines,
    review_pasted_lines,
)
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_item, make_recipe


def test_two_lines_naming_one_new_ingredient_create_it_once(session: Session) -> None:
    recipe = make_recipe(session, name="Pralines")
    pecans = NewIngredientInput("Pecans", "mass", Decimal("0.45"), allergens=("tree_nuts",))
    add_pasted_lines(session, recipe.id, [
        PastedLineInput(Decimal("1"), "cup", "chopped", new_ingredient=pecans),
        PastedLineInput(Decimal("12"), "g", "to decorate", new_ingredient=pecans),
    ])  # fmt: skip
    made = session.scalars(select(Ingredient).where(Ingredient.name == "Pecans")).all()
    assert len(made) == 1
    assert [line.ingredient_id for line in recipe.lines] == [made[0].id, made[0].id]


def test_a_taken_name_is_named_by_its_pasted_line(session: Session) -> None:
    make_ingredient(session, name="Pecans", measure=Measure.MASS)
    recipe = make_recipe(session, name="Pralines")
    with pytest.raises(ValidationFailed) as refused:
        add_pasted_lines(session, recipe.id, [
            PastedLineInput(Decimal("1"), "g", new_ingredient=NewIngredientInput("x", "mass")),
            PastedLineInput(Decimal("1"), "g", new_ingredient=NewIngredientInput("pecans", "mass")),
        ])  # fmt: skip
    assert [p.location for p in refused.value.problems] == ["lines[1].new_name"]


def test_a_line_problem_is_numbered_among_the_pasted_lines_not_the_recipe(
    session: Session,
) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
    recipe = make_recipe(session, name="Bread", lines=[(flour, "500", "g"), (flour, "5", "g")])
    with pytest.raises(BakehouseError) as refused:
        add_pasted_lines(session, recipe.id, [
            PastedLineInput(Decimal("1"), "g", ingredient_id=flour.id),
            PastedLineInput(Decimal("1"), "cup", ingredient_id=flour.id),  # no density
        ])  # fmt: skip
    assert refused.value.field == "lines[1].unit"
    assert not isinstance(refused.value, Conflict)


def test_reading_a_paste_costs_one_statement_however_long(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    for n in range(30):
        make_ingredient(session, name=f"Spice {n}", measure=Measure.MASS)
    session.flush()
    text = "\n".join(f"{n} g spice {n}" for n in range(1, 101))
    with count_statements() as counter:
        review = review_pasted_lines(session, text)
    assert counter.count == 1
    assert len(review.ingredient_lines) == 100


@pytest.mark.parametrize("lines", [1, 40])
def test_a_recipe_card_costs_five_statements_however_many_lines(
    session: Session, count_statements: Callable[[], Any], lines: int
) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS)
    recipe = make_recipe(
        session, name="Bread", lines=[(flour, str(n), "g") for n in range(1, lines + 1)]
    )
    make_item(session, recipe, name="Loaf", items_per_batch=2)
    session.flush()
    session.expire_all()
    with count_statements() as counter:
        card = recipe_card(session, recipe.id, 2)
    assert counter.count == 5  # recipe, lines, their ingredients, sub-recipes, items
    assert len(card.lines) == lines
    assert card.makes[0].count == 4
