from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.errors import (
    Conflict,
    ConversionNotPossible,
    InUse,
    InvalidInput,
    NotFound,
    UnknownUnit,
)
from bakehouse.models import Item, ProductionRecord, RecipeLine
from bakehouse.services.recipes.recipes import (
    RecipeLineInput,
    create_item,
    create_recipe,
    delete_item,
    delete_recipe,
    get_item,
    get_recipe,
    list_items,
    list_recipes,
    set_recipe_lines,
    update_item,
    update_recipe,
)
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import (
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
)


def test_creates_a_recipe_with_lines_in_the_units_written(session: Session) -> None:
    flour = make_ingredient(session, name="Flour", density=Decimal("0.507"))
    butter = make_ingredient(session, name="Butter")
    recipe = create_recipe(
        session,
        name="  Chocolate   chip ",
        instructions="Cream the butter.",
        lines=[
            RecipeLineInput(flour.id, Decimal("2.25"), "Cups"),
            RecipeLineInput(butter.id, Decimal("227"), "grams", note="softened"),
        ],
    )
    assert recipe.name == "Chocolate chip"
    assert recipe.slug == "chocolate-chip"
    assert [(line.ingredient.name, line.quantity, line.unit) for line in recipe.lines] == [
        ("Flour", Decimal("2.25"), "cup"),
        ("Butter", Decimal("227"), "g"),
    ]
    assert recipe.lines[1].note == "softened"


def test_refuses_a_unit_the_ingredient_cannot_be_measured_in(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    with pytest.raises(ConversionNotPossible) as refused:
        create_recipe(
            session,
            name="Custard",
            lines=[
                RecipeLineInput(flour.id, Decimal("100"), "g"),
                RecipeLineInput(flour.id, Decimal("10"), "g"),
                RecipeLineInput(eggs.id, Decimal("1"), "cup"),
            ],
        )
    assert refused.value.field == "lines[2].unit"
    assert "grams per each" in refused.value.message
    assert "Eggs" in refused.value.message


def test_refuses_an_unknown_unit_naming_the_line(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    with pytest.raises(UnknownUnit) as refused:
        create_recipe(
            session, name="Bread", lines=[RecipeLineInput(flour.id, Decimal(1), "handful")]
        )
    assert refused.value.field == "lines[0].unit"


@pytest.mark.parametrize("quantity", [Decimal(0), Decimal(-1), Decimal("NaN")])
def test_refuses_a_quantity_that_is_not_positive(session: Session, quantity: Decimal) -> None:
    flour = make_ingredient(session, name="Flour")
    with pytest.raises(InvalidInput) as refused:
        create_recipe(session, name="Bread", lines=[RecipeLineInput(flour.id, quantity, "g")])
    assert refused.value.field == "lines[0].quantity"


def test_refuses_an_unknown_ingredient_and_an_overlong_note(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    with pytest.raises(InvalidInput) as unknown:
        create_recipe(session, name="Bread", lines=[RecipeLineInput(999_999, Decimal(1), "g")])
    assert unknown.value.field == "lines[0].ingredient_id"
    with pytest.raises(InvalidInput) as long_note:
        create_recipe(
            session, name="Bread", lines=[RecipeLineInput(flour.id, Decimal(1), "g", "x" * 201)]
        )
    assert long_note.value.field == "lines[0].note"


def test_refuses_a_duplicate_or_empty_name(session: Session) -> None:
    make_recipe(session, name="Shortbread")
    with pytest.raises(Conflict):
        create_recipe(session, name="shortbread")
    with pytest.raises(InvalidInput):
        create_recipe(session, name="   ")


def test_updates_name_slug_instructions_and_notes(session: Session) -> None:
    recipe = make_recipe(session, name="Shortbread")
    other = make_recipe(session, name="Gingerbread")
    update_recipe(session, recipe.id, name="Scottish shortbread", instructions="Bake", notes="old")
    assert (recipe.name, recipe.slug, recipe.instructions, recipe.notes) == (
        "Scottish shortbread",
        "scottish-shortbread",
        "Bake",
        "old",
    )
    with pytest.raises(Conflict):
        update_recipe(session, recipe.id, name=other.name)
    with pytest.raises(NotFound):
        update_recipe(session, 999_999, notes="x")


def test_replaces_the_lines(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    sugar = make_ingredient(session, name="Sugar")
    recipe = make_recipe(session, lines=[(flour, "100", "g")])
    set_recipe_lines(session, recipe.id, [RecipeLineInput(sugar.id, Decimal("1"), "lb")])
    stored = session.scalars(select(RecipeLine).where(RecipeLine.recipe_id == recipe.id)).all()
    assert [(line.ingredient_id, line.quantity, line.unit) for line in stored] == [
        (sugar.id, Decimal("1.000000"), "lb")
    ]


def test_finds_a_recipe_by_id_slug_or_name(session: Session) -> None:
    recipe = make_recipe(session, name="Ginger Snaps")
    assert get_recipe(session, recipe.id) is recipe
    assert get_recipe(session, str(recipe.id)) is recipe
    assert get_recipe(session, "ginger-snaps") is recipe
    assert get_recipe(session, "ginger snaps") is recipe
    assert get_recipe(session, "GINGER-snaps!") is recipe
    with pytest.raises(NotFound):
        get_recipe(session, "sugar cookies")


def test_lists_recipes_by_name_with_lines_and_items(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    zebra = make_recipe(session, name="Zebra bars", lines=[(flour, "1", "kg")])
    make_item(session, zebra, name="Zebra bar")
    make_recipe(session, name="Almond crescents")
    names = [r.name for r in list_recipes(session) if r.name in ("Zebra bars", "Almond crescents")]
    assert names == ["Almond crescents", "Zebra bars"]


def test_deletes_an_unused_recipe_with_its_lines_and_items(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    recipe = make_recipe(session, lines=[(flour, "1", "kg")])
    item = make_item(session, recipe)
    delete_recipe(session, recipe.id)
    assert session.get(Item, item.id) is None
    with pytest.raises(NotFound):
        get_recipe(session, recipe.id)


def test_refuses_to_delete_a_recipe_whose_items_are_packed_or_baked(session: Session) -> None:
    recipe = make_recipe(session, name="Fudge")
    item = make_item(session, recipe, name="Fudge square")
    make_bundle(session, name="Sweet box", contents=[(4, item)])
    make_package(session, name="Gift", contents=[(2, item)])
    with pytest.raises(InUse) as in_use:
        delete_recipe(session, recipe.id)
    assert in_use.value.used_by == ["bundle 'Sweet box'", "package 'Gift'"]

    baked = make_recipe(session, name="Toffee")
    event = make_event(session, name="Christmas")
    session.add(ProductionRecord(event=event, recipe=baked, batches=1, actual_cost=Decimal("1.50")))
    session.flush()
    with pytest.raises(InUse) as baked_in_use:
        delete_recipe(session, baked.id)
    assert baked_in_use.value.used_by == ["a bake for event 'Christmas'"]


def test_creates_and_updates_items(session: Session) -> None:
    recipe = make_recipe(session, name="Sugar cookies")
    large = create_item(session, recipe_id=recipe.id, name="Large sugar cookie", items_per_batch=12)
    assert (large.recipe_id, large.slug, large.items_per_batch) == (
        recipe.id,
        "large-sugar-cookie",
        12,
    )
    update_item(session, large.id, name="Big sugar cookie", items_per_batch=10, notes="iced")
    assert (large.name, large.items_per_batch, large.notes) == ("Big sugar cookie", 10, "iced")
    assert get_item(session, "big-sugar-cookie") is large
    assert [i.name for i in list_items(session, recipe_id=recipe.id)] == ["Big sugar cookie"]
    assert large in list_items(session)


@pytest.mark.parametrize("per_batch", [0, -3, True])
def test_refuses_items_per_batch_that_is_not_a_positive_whole_number(
    session: Session, per_batch: int
) -> None:
    recipe = make_recipe(session)
    with pytest.raises(InvalidInput) as refused:
        create_item(session, recipe_id=recipe.id, name="Crumb", items_per_batch=per_batch)
    assert refused.value.field == "items_per_batch"


def test_refuses_an_item_for_an_unknown_recipe_or_a_taken_name(session: Session) -> None:
    recipe = make_recipe(session)
    make_item(session, recipe, name="Brownie")
    with pytest.raises(NotFound):
        create_item(session, recipe_id=999_999, name="Blondie", items_per_batch=9)
    with pytest.raises(Conflict):
        create_item(session, recipe_id=recipe.id, name="brownie", items_per_batch=9)


def test_deletes_an_item_only_when_nothing_holds_it(session: Session) -> None:
    recipe = make_recipe(session)
    loose = make_item(session, recipe)
    packed = make_item(session, recipe)
    make_package(session, name="Tin", contents=[(6, packed)])
    delete_item(session, loose.id)
    assert session.get(Item, loose.id) is None
    with pytest.raises(InUse) as in_use:
        delete_item(session, packed.id)
    assert in_use.value.used_by == ["package 'Tin'"]
