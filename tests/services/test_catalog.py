"""Catalog services: ingredients and products, their rules, and what deleting refuses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.errors import (
    Conflict,
    ConversionNotPossible,
    InUse,
    InvalidInput,
    NotFound,
    UnknownUnit,
)
from bakehouse.models import Ingredient, Product, Recipe, RecipeLine
from bakehouse.services import catalog
from bakehouse.services.core.checks import unique_or_conflict
from bakehouse.services.pantry import record_purchase
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product


def make_recipe_using(session: Session, ingredient: Ingredient, name: str, unit: str) -> Recipe:
    recipe = Recipe(name=name, slug=name.lower().replace(" ", "-"))
    recipe.lines.append(RecipeLine(ingredient=ingredient, quantity=Decimal(1), unit=unit))
    session.add(recipe)
    session.flush()
    return recipe


# Ingredients ------------------------------------------------------------------------------


def test_creates_an_ingredient_with_slug_unit_and_normalised_allergens(session: Session) -> None:
    flour = catalog.create_ingredient(
        session,
        name="  Brown   Sugar (light) ",
        measure="mass",
        category=" Sugar ",
        density="0.9",
        allergens=["Dairy", "wheat", "milk"],
        notes=" packed ",
    )
    assert flour.id is not None
    assert (flour.name, flour.slug, flour.category) == (
        "Brown Sugar (light)",
        "brown-sugar-light",
        "sugar",
    )
    assert (flour.measure, flour.unit, flour.density) == (Measure.MASS, "g", Decimal("0.9"))
    assert flour.allergens == ["gluten", "milk"]
    assert flour.notes == "packed"


def test_allergens_may_be_one_comma_separated_text(session: Session) -> None:
    butter = catalog.create_ingredient(session, name="Butter", measure="mass", allergens="milk, ")
    assert butter.allergens == ["milk"]


def test_a_name_taken_in_any_case_is_a_conflict(session: Session) -> None:
    catalog.create_ingredient(session, name="Flour", measure="mass")
    with pytest.raises(Conflict, match="'Flour' already exists") as raised:
        catalog.create_ingredient(session, name="FLOUR", measure="volume")
    assert raised.value.field == "name"


def test_a_measure_is_one_of_three_words_in_any_case(session: Session) -> None:
    assert catalog.create_ingredient(session, name="Milk", measure=" Volume ").unit == "ml"
    with pytest.raises(InvalidInput) as raised:
        catalog.create_ingredient(session, name="Cocoa", measure="weight")
    assert raised.value.message == "unknown measure 'weight'; use one of mass, volume, count"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "name"),
        ({"name": "!!!"}, "name"),
        ({"name": None}, "name"),
        ({"measure": "weight"}, "measure"),
        ({"density": "-1"}, "density"),
        ({"density": "0"}, "density"),
        ({"density": 0.5}, "density"),
        ({"density": "heavy"}, "density"),
        ({"density": "NaN"}, "density"),
        ({"grams_per_each": "0.0000001"}, "grams_per_each"),
        ({"allergens": ["gluten", "shellfish"]}, "allergens"),
        ({"allergens": 42}, "allergens"),
        ({"category": "x" * 61}, "category"),
    ],
)
def test_bad_ingredient_input_names_its_field(
    session: Session, changes: dict[str, object], field: str
) -> None:
    values: dict[str, object] = {"name": "Cocoa", "measure": "mass", **changes}
    with pytest.raises(InvalidInput) as raised:
        catalog.create_ingredient(session, **values)  # type: ignore[arg-type]
    assert raised.value.field == field
    assert session.scalars(select(Ingredient)).all() == []


def test_gets_an_ingredient_by_id_slug_or_name(session: Session) -> None:
    sugar = catalog.create_ingredient(session, name="Icing Sugar", measure="mass")
    assert catalog.get_ingredient(session, sugar.id) is sugar
    assert catalog.get_ingredient(session, str(sugar.id)) is sugar
    assert catalog.get_ingredient(session, "icing-sugar") is sugar
    assert catalog.get_ingredient(session, "icing  sugar") is sugar
    with pytest.raises(NotFound, match="ingredient 'caster sugar' was not found"):
        catalog.get_ingredient(session, "caster sugar")
    with pytest.raises(NotFound):
        catalog.get_ingredient(session, 999_999)
    with pytest.raises(NotFound):
        catalog.get_ingredient(session, "???")


def test_lists_ingredients_by_name_with_search_and_category(session: Session) -> None:
    for name, category in [("Walnuts", "nuts"), ("almonds", "nuts"), ("100% Cocoa", "chocolate")]:
        catalog.create_ingredient(session, name=name, measure="mass", category=category)
    assert [i.name for i in catalog.list_ingredients(session)] == [
        "100% Cocoa",
        "almonds",
        "Walnuts",
    ]
    assert [i.name for i in catalog.list_ingredients(session, category="Nuts")] == [
        "almonds",
        "Walnuts",
    ]
    assert [i.name for i in catalog.list_ingredients(session, search="NUT")] == ["Walnuts"]
    assert [i.name for i in catalog.list_ingredients(session, search="0%")] == ["100% Cocoa"]
    assert catalog.list_ingredients(session, search="%") != []


def test_renaming_an_ingredient_moves_its_slug_and_refuses_a_taken_name(session: Session) -> None:
    sugar = catalog.create_ingredient(session, name="Sugar", measure="mass")
    catalog.create_ingredient(session, name="Salt", measure="mass")
    catalog.update_ingredient(session, sugar.id, name="Caster sugar", allergens=[])
    assert (sugar.name, sugar.slug) == ("Caster sugar", "caster-sugar")
    with pytest.raises(Conflict):
        catalog.update_ingredient(session, sugar.id, name="salt")
    assert catalog.update_ingredient(session, sugar.id, name="CASTER SUGAR").slug == "caster-sugar"


def test_updates_factors_category_and_notes(session: Session) -> None:
    eggs = catalog.create_ingredient(session, name="Eggs", measure="count")
    catalog.update_ingredient(
        session, eggs.id, grams_per_each="50", density="1.03", category="Eggs", notes="large"
    )
    assert (eggs.grams_per_each, eggs.density, eggs.category, eggs.notes) == (
        Decimal(50),
        Decimal("1.03"),
        "eggs",
        "large",
    )
    catalog.update_ingredient(session, eggs.id, density=None)
    assert eggs.density is None


def test_an_unknown_field_is_refused(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs")
    with pytest.raises(InvalidInput, match="no field 'colour'") as raised:
        catalog.update_ingredient(session, eggs.id, colour="brown")
    assert raised.value.field == "colour"


def test_changing_the_measure_is_refused_once_lots_exist(session: Session) -> None:
    flour = make_ingredient(session, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    catalog.update_ingredient(session, flour.id, measure="mass")  # no change is fine
    make_lot(session, flour, quantity="1000", cost="2")
    with pytest.raises(InvalidInput, match="lot") as raised:
        catalog.update_ingredient(session, flour.id, measure="volume")
    assert raised.value.field == "measure"
    assert flour.measure == Measure.MASS


def test_changing_the_measure_without_lots_keeps_products_convertible(session: Session) -> None:
    milk = make_ingredient(session, name="Milk", measure=Measure.VOLUME, density=Decimal("1.03"))
    make_product(session, milk, name="Carton", package_size=Decimal(1), package_unit="l")
    catalog.update_ingredient(session, milk.id, measure="mass")
    assert milk.unit == "g"


def test_removing_a_density_that_a_product_or_recipe_relies_on_is_refused(
    session: Session,
) -> None:
    flour = make_ingredient(session, name="Flour", density=Decimal("0.53"))
    make_recipe_using(session, flour, "Scones", "cup")
    with pytest.raises(InvalidInput, match="recipe Scones uses cup") as raised:
        catalog.update_ingredient(session, flour.id, density=None)
    assert raised.value.field == "density"
    session.refresh(flour)
    assert flour.density == Decimal("0.53")

    make_product(session, flour, name="Sack", package_size=Decimal(10), package_unit="cup")
    with pytest.raises(InvalidInput, match="product"):
        catalog.update_ingredient(session, flour.id, density=None, name="Plain flour")
    session.refresh(flour)
    assert (flour.name, flour.density) == ("Flour", Decimal("0.53"))


def test_deleting_an_unused_ingredient_removes_it(session: Session) -> None:
    cardamom = catalog.create_ingredient(session, name="Cardamom", measure="mass")
    catalog.delete_ingredient(session, cardamom.id)
    with pytest.raises(NotFound):
        catalog.get_ingredient(session, "cardamom")


def test_deleting_an_ingredient_in_use_lists_products_recipes_and_lots(session: Session) -> None:
    butter = make_ingredient(session, name="Butter")
    make_product(session, butter, brand="Kerry", name="Block", package_size=Decimal(250))
    make_recipe_using(session, butter, "Shortbread", "g")
    lot = make_lot(session, butter, quantity="250", cost="2.50", received_on=date(2024, 12, 1))
    with pytest.raises(InUse) as raised:
        catalog.delete_ingredient(session, butter.id)
    assert raised.value.used_by == [
        "product Kerry Block (250 g)",
        "recipe Shortbread",
        f"lot {lot.id} received 2024-12-01",
    ]
    assert "cannot delete ingredient 'Butter'" in raised.value.message
    assert catalog.get_ingredient(session, butter.id) is butter


# Products ---------------------------------------------------------------------------------


def test_creates_a_product_whose_unit_converts_to_the_ingredient(session: Session) -> None:
    flour = make_ingredient(session, name="Flour")
    bag = catalog.create_product(
        session,
        ingredient_id=flour.id,
        name="All-purpose flour",
        brand="King Arthur",
        package_size="5",
        package_unit="lbs",
        gtin="0 71012 01050 9",
        supplier=" Costco ",
    )
    assert (bag.slug, bag.package_unit, bag.gtin, bag.supplier) == (
        "king-arthur-all-purpose-flour-5-lb",
        "lb",
        "071012010509",
        "Costco",
    )
    assert bag.label == "King Arthur All-purpose flour (5 lb)"
    assert catalog.package_quantity(bag) == Decimal("2267.961850")
    assert bag in flour.products


def test_a_product_in_a_unit_the_ingredient_cannot_convert_is_refused(session: Session) -> None:
    eggs = make_ingredient(session, name="Eggs", measure=Measure.COUNT)
    catalog.create_product(
        session, ingredient_id=eggs.id, name="Eggs", package_size="1", package_unit="dozen"
    )
    with pytest.raises(ConversionNotPossible, match="Eggs") as raised:
        catalog.create_product(
            session, ingredient_id=eggs.id, name="Carton", package_size="16", package_unit="oz"
        )
    assert raised.value.field == "package_unit"
    with pytest.raises(UnknownUnit) as unknown:
        catalog.create_product(
            session, ingredient_id=eggs.id, name="Tray", package_size="30", package_unit="tray"
        )
    assert unknown.value.field == "package_unit"
    assert len(catalog.list_products(session, ingredient_id=eggs.id)) == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"package_size": "0"}, "package_size"),
        ({"package_unit": 5}, "package_unit"),
        ({"gtin": "12345"}, "gtin"),
        ({"gtin": "4006381333932"}, "gtin"),
        ({"gtin": "40063813339AB"}, "gtin"),
        ({"is_preferred": "yes"}, "is_preferred"),
        ({"brand": "b" * 121}, "brand"),
        ({"notes": 12}, "notes"),
    ],
)
def test_bad_product_input_names_its_field(
    session: Session, changes: dict[str, object], field: str
) -> None:
    sugar = make_ingredient(session, name="Sugar")
    values: dict[str, object] = {
        "ingredient_id": sugar.id,
        "name": "Sugar",
        "package_size": "1",
        "package_unit": "kg",
        **changes,
    }
    with pytest.raises(InvalidInput) as raised:
        catalog.create_product(session, **values)  # type: ignore[arg-type]
    assert raised.value.field == field


def test_a_valid_gtin_13_is_kept(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    product = catalog.create_product(
        session,
        ingredient_id=sugar.id,
        name="Sugar",
        package_size="1",
        package_unit="kg",
        gtin="4006381333931",
    )
    assert product.gtin == "4006381333931"


def test_the_same_product_twice_is_a_conflict(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    values = {"name": "Sugar", "brand": "Domino", "package_size": "4", "package_unit": "lb"}
    catalog.create_product(session, ingredient_id=sugar.id, **values)  # type: ignore[arg-type]
    with pytest.raises(Conflict, match="Domino Sugar"):
        catalog.create_product(session, ingredient_id=sugar.id, **values)  # type: ignore[arg-type]


def test_making_a_product_preferred_clears_the_previous_one(session: Session) -> None:
    butter = make_ingredient(session, name="Butter")
    other = make_ingredient(session, name="Margarine")
    old = catalog.create_product(
        session,
        ingredient_id=butter.id,
        name="Block",
        package_size="250",
        package_unit="g",
        is_preferred=True,
    )
    theirs = make_product(session, other, is_preferred=True)
    new = catalog.create_product(
        session,
        ingredient_id=butter.id,
        name="Pound",
        package_size="1",
        package_unit="lb",
        is_preferred=True,
    )
    assert (old.is_preferred, new.is_preferred, theirs.is_preferred) == (False, True, True)
    catalog.update_product(session, old.id, is_preferred=True)
    session.refresh(new)
    assert (old.is_preferred, new.is_preferred) == (True, False)
    assert [p.name for p in catalog.list_products(session, ingredient_id=butter.id)] == [
        "Block",
        "Pound",
    ]


def test_the_database_allows_only_one_preferred_product_per_ingredient(session: Session) -> None:
    butter = make_ingredient(session, name="Butter")
    make_product(session, butter, is_preferred=True)
    with pytest.raises(IntegrityError), session.begin_nested():
        make_product(session, butter, is_preferred=True)


def test_a_unique_constraint_the_checks_missed_becomes_a_conflict(session: Session) -> None:
    make_ingredient(session, name="Salt")
    with (
        pytest.raises(Conflict, match="taken"),
        unique_or_conflict(session, "taken"),
    ):
        session.add(Ingredient(name="Salt", slug="salt-2", measure=Measure.MASS))
    assert [i.slug for i in session.scalars(select(Ingredient))] == ["salt"]


def test_updating_a_product_rechecks_unit_and_slug(session: Session) -> None:
    milk = make_ingredient(session, name="Milk", measure=Measure.VOLUME)
    carton = catalog.create_product(
        session, ingredient_id=milk.id, name="Milk", package_size="1", package_unit="quart"
    )
    catalog.create_product(
        session, ingredient_id=milk.id, name="Milk", package_size="1", package_unit="gallon"
    )
    catalog.update_product(
        session, carton.id, package_size="2", brand="Horizon", supplier="", gtin=None, notes="x"
    )
    assert (carton.slug, carton.supplier, carton.notes) == ("horizon-milk-2-quart", None, "x")
    with pytest.raises(ConversionNotPossible):
        catalog.update_product(session, carton.id, package_unit="lb")
    with pytest.raises(Conflict):
        catalog.update_product(
            session, carton.id, brand="", package_size="1", package_unit="gallon"
        )
    with pytest.raises(InvalidInput, match="name must be text"):
        catalog.update_product(session, carton.id, name=None)
    with pytest.raises(InvalidInput, match="no field 'ingredient_id'"):
        catalog.update_product(session, carton.id, ingredient_id=milk.id)
    catalog.update_product(session, carton.id, name="Whole milk", package_unit="pint")
    session.refresh(carton)
    assert carton.label == "Horizon Whole milk (2 pint)"


def test_gets_a_product_by_id_slug_or_unambiguous_name(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    small = catalog.create_product(
        session, ingredient_id=sugar.id, name="Cane sugar", package_size="1", package_unit="kg"
    )
    assert catalog.get_product(session, small.id) is small
    assert catalog.get_product(session, str(small.id)) is small
    assert catalog.get_product(session, "cane-sugar-1-kg") is small
    assert catalog.get_product(session, "cane sugar") is small
    catalog.create_product(
        session, ingredient_id=sugar.id, name="Cane sugar", package_size="2", package_unit="kg"
    )
    with pytest.raises(InvalidInput, match="cane-sugar-1-kg, cane-sugar-2-kg"):
        catalog.get_product(session, "Cane sugar")
    with pytest.raises(NotFound):
        catalog.get_product(session, "brown sugar")
    with pytest.raises(NotFound):
        catalog.get_product(session, 424242)
    with pytest.raises(NotFound):
        catalog.get_product(session, "???")


def test_deleting_a_product_is_refused_once_it_was_bought(session: Session) -> None:
    sugar = make_ingredient(session, name="Sugar")
    bought = make_product(session, sugar, name="Bag")
    spare = make_product(session, sugar, name="Sack")
    purchase = record_purchase(
        session,
        product_id=bought.id,
        purchased_on=date(2024, 11, 2),
        packages=1,
        total_price="2.00",
    )
    with pytest.raises(InUse) as raised:
        catalog.delete_product(session, bought.id)
    assert raised.value.used_by == [f"purchase {purchase.id} on 2024-11-02"]
    catalog.delete_product(session, spare.id)
    assert session.get(Product, spare.id) is None
