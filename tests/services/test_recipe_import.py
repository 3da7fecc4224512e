"""Imported recipes into the costing model, at the service: the review (lines, matches,
sub-recipes, items), the save in one transaction, and nothing unplaced saved unless the
baker accepts (docs/product.md §6.22)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound, ValidationFailed
from bakehouse.io.recipe_sources import (
    ImportedRecipe,
    ImportedSection,
    NotARecipe,
    RecipeSource,
    RecipeYield,
    SourceFormat,
    SourceReading,
    read_recipe_bytes,
    read_recipe_file,
)
from bakehouse.models import Ingredient, Item, Recipe, RecipeLine
from bakehouse.services.recipes.importing import (
    RecipeDecision,
    read_source,
    read_typed_recipe,
    review_import,
    save_import,
)
from bakehouse.services.recipes.paste import NewIngredientInput, PastedLineInput
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.io.recipe_sources.builders import FAKE_WEBP, zip_of
from tests.io.recipe_sources.conftest import FIXTURES, fixture_bytes


def _counts(session: Session) -> tuple[int, ...]:
    return tuple(
        session.scalar(select(func.count()).select_from(table)) or 0
        for table in (Recipe, RecipeLine, Item, Ingredient)
    )


def _recipe(name: str, *sections: ImportedSection, yield_: RecipeYield | None = None) -> Any:
    source = RecipeSource(SourceFormat.TEXT, "card.txt")
    return ImportedRecipe(name, source, sections, recipe_yield=yield_)


def _catalog(session: Session) -> dict[str, Ingredient]:
    return {
        name: make_ingredient(session, name=name, measure=measure, density=density)
        for name, measure, density in (
            ("Flour", Measure.MASS, Decimal("0.53")),
            ("Butter", Measure.MASS, Decimal("0.96")),
            ("Sugar", Measure.MASS, Decimal("0.85")),
            ("Powdered sugar", Measure.MASS, Decimal("0.56")),
            ("Lemon juice", Measure.VOLUME, None),
        )
    }


def test_a_page_of_several_recipes_is_reviewed_line_by_line_with_items_from_counts(
    session: Session,
) -> None:
    _catalog(session)
    reading = read_recipe_file(FIXTURES / "several-recipes.html")

    review = review_import(session, reading)

    stars, people, bark = review.recipes
    assert [(p.line.text, p.action) for p in stars.lines] == [
        ("2 cups flour", "use"),
        ("1 cup butter, softened", "use"),
        ("1/2 cup powdered sugar", "use"),
    ]
    assert (stars.items_per_batch, people.items_per_batch, bark.items_per_batch) == (36, 18, None)
    assert "Source: " in stars.notes
    unplaced = review.unplaced
    assert ("Peppermint Bark", "items_per_batch") in {(u.recipe_name, u.field) for u in unplaced}
    assert all(u.reason for u in unplaced)


def test_a_named_section_is_offered_as_a_sub_recipe_and_saved_as_one_batch_of_it(
    session: Session,
) -> None:
    catalog = _catalog(session)
    cake = _recipe(
        "Lemon drizzle",
        ImportedSection(None, ("200 g flour", "150 g butter", "150 g sugar")),
        ImportedSection("For the glaze", ("100 g powdered sugar", "2 tbsp lemon juice")),
        yield_=RecipeYield("12 slices", 12, "slices"),
    )
    review = review_import(session, SourceReading((cake,)))
    (plan,) = review.recipes
    assert [s.sub_recipe_name for s in plan.sections] == [None, "Lemon drizzle: glaze"]
    assert review.unplaced == []

    result = save_import(session, review)

    glaze, drizzle = result.recipes
    assert glaze.name == "Lemon drizzle: glaze"
    assert [line.ingredient_id for line in glaze.lines] == [
        catalog["Powdered sugar"].id,
        catalog["Lemon juice"].id,
    ]
    assert [(line.sub_recipe_id, line.quantity, line.unit) for line in drizzle.lines[3:]] == [
        (glaze.id, Decimal(1), "batch")
    ]
    (item,) = result.items
    assert (item.name, item.items_per_batch, item.recipe_id) == ("Lemon drizzle", 12, drizzle.id)


def test_sections_can_be_kept_as_plain_lines(session: Session) -> None:
    _catalog(session)
    cake = _recipe(
        "Lemon drizzle",
        ImportedSection(None, ("200 g flour",)),
        ImportedSection("For the glaze", ("100 g powdered sugar",)),
        yield_=RecipeYield("12", 12),
    )
    review = review_import(session, SourceReading((cake,)))
    result = save_import(session, review, {0: RecipeDecision(sub_recipes=False)})
    (recipe,) = result.recipes
    assert len(recipe.lines) == 2


def test_unplaced_lines_refuse_the_whole_batch_and_change_nothing(session: Session) -> None:
    _catalog(session)
    good = _recipe(
        "Shortbread", ImportedSection(None, ("2 cups flour",)), yield_=RecipeYield("8", 8)
    )
    bad = _recipe(
        "Fudge",
        ImportedSection(None, ("1 cup sugar", "salt to taste", "1 can condensed milk")),
        yield_=RecipeYield("1 pan"),
    )
    before = _counts(session)
    review = review_import(session, SourceReading((good, bad)))

    with pytest.raises(ValidationFailed) as refused:
        save_import(session, review)

    where = [p.location for p in refused.value.problems]
    assert where == ["recipes[1].lines[1]", "recipes[1].lines[2]", "recipes[1].items_per_batch"]
    assert "1 pan" in refused.value.problems[2].message
    assert _counts(session) == before


def test_accepting_leaves_unplaced_lines_out_and_keeps_them_in_the_notes(
    session: Session,
) -> None:
    _catalog(session)
    fudge = _recipe(
        "Fudge",
        ImportedSection(None, ("1 cup sugar", "salt to taste")),
        yield_=RecipeYield("1 pan"),
    )
    review = review_import(session, SourceReading((fudge,)))

    result = save_import(session, review, accept_unplaced=True)

    (recipe,) = result.recipes
    assert len(recipe.lines) == 1
    assert "- salt to taste" in recipe.notes
    assert result.items == ()
    assert [(u.field, u.text) for u in result.left_out] == [
        ("lines[1]", "salt to taste"),
        ("items_per_batch", "1 pan"),
    ]


def test_the_bakers_fix_ups_place_a_line_and_give_items_per_batch(session: Session) -> None:
    catalog = _catalog(session)
    fudge = _recipe(
        "Fudge", ImportedSection(None, ("1 cup sugar", "2 cups sugr")), yield_=RecipeYield("1 pan")
    )
    review = review_import(session, SourceReading((fudge,)))
    (plan,) = review.recipes
    assert plan.lines[1].action == "unplaced"
    assert "Sugar" in plan.lines[1].reason

    fixed = PastedLineInput(Decimal(2), "cup", "", catalog["Sugar"].id)
    result = save_import(session, review, {0: RecipeDecision(items_per_batch=36, lines={1: fixed})})

    (recipe,) = result.recipes
    assert [line.quantity for line in recipe.lines] == [Decimal(1), Decimal(2)]
    assert result.items[0].items_per_batch == 36


def test_a_line_naming_a_starter_entry_exactly_creates_it_once(session: Session) -> None:
    cookies = _recipe(
        "Brown butter cookies",
        ImportedSection(None, ("1 cup granulated sugar", "2 tbsp granulated sugar")),
        yield_=RecipeYield("24", 24),
    )
    review = review_import(session, SourceReading((cookies,)))
    actions = [line.action for line in review.recipes[0].lines]
    assert actions == ["create", "create"]

    result = save_import(session, review)

    assert result.ingredients_created == 1
    (recipe,) = result.recipes
    assert len({line.ingredient_id for line in recipe.lines}) == 1


def test_a_taken_name_is_named_by_its_recipe_and_saves_nothing(session: Session) -> None:
    _catalog(session)
    first = _recipe(
        "Shortbread", ImportedSection(None, ("2 cups flour",)), yield_=RecipeYield("8", 8)
    )
    save_import(session, review_import(session, SourceReading((first,))))
    before = _counts(session)

    review = review_import(session, SourceReading((first,)))
    assert review.recipes[0].name_taken
    with pytest.raises(ValidationFailed) as refused:
        save_import(session, review, accept_unplaced=True)
    assert refused.value.problems[0].location == "recipes[0].name"
    assert _counts(session) == before

    renamed = save_import(session, review, {0: RecipeDecision(name="Shortbread (Gran's)")})
    assert renamed.recipes[0].name == "Shortbread (Gran's)"


def test_a_forty_recipe_export_is_reviewed_in_two_statements(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    _catalog(session)
    members = []
    for number in range(40):
        recipe = fixture_bytes("mealie-raw-brownies.json").replace(
            b"Fudgy Cocoa Brownies", f"Brownies no. {number}".encode()
        )
        members.append((f"recipes/b{number}/b{number}.json", recipe))
        members.append((f"recipes/b{number}/images/original.webp", FAKE_WEBP))
    reading = read_recipe_bytes(zip_of(members), name="mealie.zip")
    assert len(reading.recipes) == 40

    with count_statements() as counted:
        review = review_import(session, reading)

    assert counted.count == 2
    assert len(review.recipes) == 40
    # Each brownie recipe has the same unplaced lines, each listed with why.
    per_recipe = {u.recipe for u in review.unplaced}
    assert per_recipe == set(range(40))


def test_leaving_a_recipe_out_saves_the_others(session: Session) -> None:
    _catalog(session)
    a = _recipe("A", ImportedSection(None, ("2 cups flour",)), yield_=RecipeYield("8", 8))
    b = _recipe("B", ImportedSection(None, ("salt to taste",)))
    review = review_import(session, SourceReading((a, b)))
    result = save_import(session, review, {1: RecipeDecision(include=False)})
    assert [r.name for r in result.recipes] == ["A"]
    with pytest.raises(ValidationFailed, match="every recipe is left out"):
        save_import(
            session, review, {0: RecipeDecision(include=False), 1: RecipeDecision(include=False)}
        )


def test_fix_ups_that_cannot_be_saved_are_named_by_recipe_and_line(session: Session) -> None:
    _catalog(session)
    cake = _recipe(
        "Cake",
        ImportedSection(None, ("2 cups flour", "1 cup sugr", "1 cup buttr")),
        ImportedSection("For the glaze", ("salt to taste",)),
    )
    review = review_import(session, SourceReading((cake,)))
    (plan,) = review.recipes
    assert plan.offers_sub_recipes
    assert {u.field for u in review.unplaced} == {
        "lines[1]",
        "lines[2]",
        "lines[3]",
        "items_per_batch",
    }
    assert "does not say what it makes" in review.unplaced[-1].reason
    before = _counts(session)
    taken = PastedLineInput(Decimal(1), "cup", new_ingredient=NewIngredientInput("Flour", "mass"))
    nothing = PastedLineInput(Decimal(1), "cup")
    with pytest.raises(ValidationFailed) as refused:
        save_import(
            session, review, {0: RecipeDecision(items_per_batch=8, lines={1: taken, 2: nothing})},
            accept_unplaced=True,
        )  # fmt: skip
    assert [p.location for p in refused.value.problems] == ["recipes[0].lines[1].new_name"]
    with pytest.raises(ValidationFailed) as refused:
        save_import(
            session, review, {0: RecipeDecision(items_per_batch=8, lines={2: nothing})},
            accept_unplaced=True,
        )  # fmt: skip
    assert [p.location for p in refused.value.problems] == ["recipes[0].lines[2].ingredient"]
    assert _counts(session) == before


def test_a_typed_recipe_and_a_typed_non_recipe(session: Session) -> None:
    reading = read_typed_recipe("Fudge\nMakes 36 pieces\n\n1 cup sugar\n1 cup butter\n")
    assert [r.name for r in reading.recipes] == ["Fudge"]
    with pytest.raises(NotARecipe):
        read_typed_recipe("\n\n")
    with pytest.raises(NotFound):
        read_source(str(FIXTURES / "no-such-page.html"))
    assert len(read_source(str(FIXTURES / "several-recipes.html")).recipes) == 3
