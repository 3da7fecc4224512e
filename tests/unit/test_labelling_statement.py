"""Ingredient statements and allergen lines, worked out by hand (docs/product.md §6.8)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.allergens import normalize_specific_name
from bakehouse.domain.labelling import (
    Allergen,
    BlockRole,
    BundleFacts,
    IngredientFacts,
    IngredientLine,
    ItemFacts,
    LabelSettings,
    LabelStyle,
    Part,
    RecipeFacts,
    Recipient,
    build_label,
    weigh_ingredients,
)
from bakehouse.domain.labelling.allergen_text import ingredient_runs, us_contains_line
from bakehouse.errors import InvalidInput
from bakehouse.units.conversion import Measure
from tests.labels.holiday_tin import (
    ALMOND_CRESCENTS,
    BUTTER,
    FLOUR,
    HOLIDAY_TIN,
    SUGAR,
    VANILLA,
)

US = LabelSettings(style=LabelStyle.US)
EU = LabelSettings(style=LabelStyle.EU)


def statement(
    label_settings: LabelSettings, contents: ItemFacts | BundleFacts = HOLIDAY_TIN
) -> str:
    block = build_label(contents, settings=label_settings).block(BlockRole.INGREDIENTS)
    assert block is not None
    return block.text


def strong_words(label_settings: LabelSettings, role: BlockRole) -> list[str]:
    block = build_label(HOLIDAY_TIN, settings=label_settings).block(role)
    assert block is not None
    return [run.text for run in block.runs if run.strong]


def test_a_package_of_two_bundles_with_a_sub_recipe_lists_its_ingredients_by_weight() -> None:
    """4 almond crescents (1/6 batch) + 4 chocolate chip (1/5) + 2 frosted sugar cookies
    (1/6 batch, whose ½ batch of buttercream makes 1/12 of a buttercream batch):
    flour 40 + 50 + 50 = 140 g; butter 33⅓ + 30 + 25 + 16⅔ (buttercream) = 105 g;
    sugar 10 + 20 + 16⅔ = 46⅔ g; chocolate chips 40 g; powdered sugar 400/12 = 33⅓ g;
    eggs (0.4 + 1/6) × 50 g = 28⅓ g; almond flour 16⅔ g; milk 40/12 ml × 1.03 = 3.4333 g."""
    weighing = weigh_ingredients(HOLIDAY_TIN)
    assert [(w.ingredient.name, w.grams) for w in weighing.ingredients] == [
        ("Wheat flour", Decimal("140.000000")),
        ("Butter", Decimal("105.000000")),
        ("Sugar", Decimal("46.666667")),
        ("Chocolate chips", Decimal("40.000000")),
        ("Powdered sugar", Decimal("33.333333")),
        ("Eggs", Decimal("28.333333")),
        ("Almond flour", Decimal("16.666667")),
        ("Whole milk", Decimal("3.433333")),
    ]
    assert not weighing.approximate
    assert statement(US) == (
        "Ingredients: Wheat flour, Butter, Sugar, Chocolate chips (sugar, chocolate, cocoa "
        "butter, soy lecithin), Powdered sugar, Eggs, Almond flour, Whole milk"
    )


def test_an_ingredient_of_unknown_weight_makes_the_order_approximate() -> None:
    glazed = ItemFacts(
        "Glazed shortbread",
        RecipeFacts(
            "Shortbread",
            (
                IngredientLine(FLOUR, Decimal(300)),
                IngredientLine(VANILLA, Decimal(10)),  # no density: 10 ml counted as 10 g to order
                IngredientLine(SUGAR, Decimal(5)),
            ),
        ),
        items_per_batch=10,
    )
    weighing = weigh_ingredients(glazed)
    assert weighing.approximate
    assert [(w.ingredient.name, w.grams) for w in weighing.ingredients] == [
        ("Wheat flour", Decimal("30.000000")),
        ("Vanilla extract", None),
        ("Sugar", Decimal("0.500000")),
    ]
    assert weighing.warnings == (
        "the weight of Vanilla extract is not known: set its density for an exact ingredient order",
    )
    assert statement(US, glazed).endswith("Sugar (order approximate)")


def test_a_counted_ingredient_without_grams_per_each_goes_last() -> None:
    egg = IngredientFacts("Egg", measure=Measure.COUNT, allergens=(Allergen("eggs"),))
    item = ItemFacts(
        "Meringue",
        RecipeFacts(
            "Meringue", (IngredientLine(egg, Decimal(4)), IngredientLine(SUGAR, Decimal(1)))
        ),
        items_per_batch=1,
    )
    assert [w.ingredient.name for w in weigh_ingredients(item).ingredients] == ["Sugar", "Egg"]
    assert (
        "weight of Egg is not known: set its grams per each" in weigh_ingredients(item).warnings[0]
    )


def test_the_us_line_names_the_specific_tree_nut() -> None:
    line = build_label(HOLIDAY_TIN, settings=US).block(BlockRole.ALLERGENS)
    assert line is not None
    assert line.text == "Contains: milk, eggs, wheat, soy, almonds"


def test_the_us_line_of_a_classic_cookie_reads_as_the_law_prints_it() -> None:
    ingredients = [
        BUTTER,
        FLOUR,
        IngredientFacts("Eggs", allergens=(Allergen("eggs"),)),
        IngredientFacts("Almonds", allergens=(Allergen("tree_nuts", "almonds"),)),
        IngredientFacts("Pecans", allergens=(Allergen("tree_nuts", "pecans"),)),
    ]
    line = us_contains_line(ingredients, avoids=())
    assert line is not None
    assert "".join(r.text for r in line.runs) == "Contains: milk, eggs, wheat, almonds, pecans"
    assert line.warnings == ()


def test_the_us_line_names_fish_and_shellfish_and_leaves_out_what_us_law_does_not_list() -> None:
    ingredients = [
        IngredientFacts("Anchovy paste", allergens=(Allergen("fish", "anchovy"),)),
        IngredientFacts("Shrimp", allergens=(Allergen("crustaceans", "shrimp"),)),
        IngredientFacts("Dijon", allergens=(Allergen("mustard"),)),
        IngredientFacts("Rye flour", allergens=(Allergen("gluten", "rye"),)),
    ]
    line = us_contains_line(ingredients, avoids=())
    assert line is not None
    assert "".join(r.text for r in line.runs) == "Contains: anchovy, shrimp"


def test_an_unnamed_tree_nut_or_cereal_is_printed_generally_and_the_preview_warns() -> None:
    ingredients = [
        IngredientFacts("Nut mix", allergens=(Allergen("tree_nuts"),)),
        IngredientFacts("Malt", allergens=(Allergen("gluten"),)),
    ]
    line = us_contains_line(ingredients, avoids=())
    assert line is not None
    assert "".join(r.text for r in line.runs) == "Contains: gluten, tree nuts"
    assert line.warnings == (
        "name the cereal in Malt for the Contains line",
        "name the tree nut in Nut mix for the Contains line",
    )


def test_no_us_line_without_a_major_allergen() -> None:
    assert us_contains_line([SUGAR], avoids=()) is None
    assert build_label(BundleFacts("Sugar", ()), settings=US).block(BlockRole.ALLERGENS) is None


def test_the_eu_style_emphasises_allergens_inside_the_ingredient_list() -> None:
    assert statement(EU) == (
        "Ingredients: Wheat flour, Butter (milk), Sugar, Chocolate chips (sugar, chocolate, "
        "cocoa butter, soy lecithin), Powdered sugar, Eggs, Almond flour, Whole milk"
    )
    assert strong_words(EU, BlockRole.INGREDIENTS) == [
        "Wheat",
        "milk",
        "soy",
        "Eggs",
        "Almond",
        "milk",
    ]
    assert build_label(HOLIDAY_TIN, settings=EU).block(BlockRole.ALLERGENS) is None


def test_the_us_style_emphasises_nothing_in_the_list_for_a_recipient_with_no_allergies() -> None:
    assert strong_words(US, BlockRole.INGREDIENTS) == []


def test_an_allergen_only_a_sub_ingredient_names_is_added_inside_its_brackets() -> None:
    chips = IngredientFacts(
        "Chocolate chips",
        allergens=(Allergen("soy"), Allergen("milk")),
        sub_ingredients=("sugar", "soy lecithin"),
    )
    runs = ingredient_runs(chips, emphasise={"soy", "milk"}, avoids=())
    assert "".join(r.text for r in runs) == "Chocolate chips (sugar, soy lecithin, milk)"
    assert [r.text for r in runs if r.strong] == ["soy", "milk"]


def test_a_recipients_avoided_allergen_is_highlighted_in_list_line_and_warning() -> None:
    label = build_label(
        HOLIDAY_TIN, settings=US, recipient=Recipient("Łucja Dvořák", frozenset({"tree_nuts"}))
    )
    warning = label.block(BlockRole.WARNING)
    assert warning is not None
    assert warning.text == "Warning: contains tree nuts (almonds), which you avoid"
    for role in (BlockRole.WARNING, BlockRole.INGREDIENTS, BlockRole.ALLERGENS):
        block = label.block(role)
        assert block is not None
        assert [r.text for r in block.runs if r.avoided] == [
            {"warning": "tree nuts (almonds)", "ingredients": "Almond"}.get(role.value, "almonds")
        ]


def test_no_warning_when_the_recipient_avoids_nothing_inside() -> None:
    label = build_label(
        ALMOND_CRESCENTS, settings=US, recipient=Recipient("Sam", frozenset({"sesame"}))
    )
    assert label.block(BlockRole.WARNING) is None
    assert [b.role for b in label.blocks][:2] == [BlockRole.TITLE, BlockRole.RECIPIENT]


def test_specific_names_are_spelled_one_way_and_checked() -> None:
    assert normalize_specific_name("tree_nuts", " Almond ") == "almonds"
    assert normalize_specific_name("fish", "Cod") == "cod"
    assert normalize_specific_name("gluten", "oat") == "oats"
    with pytest.raises(InvalidInput, match="unknown tree nuts 'peanut'; use one of: almonds"):
        normalize_specific_name("tree_nuts", "peanut")
    with pytest.raises(InvalidInput, match="milk takes no specific name"):
        normalize_specific_name("milk", "cow")
    with pytest.raises(InvalidInput, match="cannot be blank"):
        normalize_specific_name("fish", "  ")


grams = st.integers(min_value=1, max_value=5000).map(Decimal)


@given(
    st.lists(st.tuples(st.sampled_from("ABCDEFG"), grams), min_size=1, max_size=8),
    st.integers(min_value=1, max_value=48),
    st.integers(min_value=1, max_value=12),
)
def test_weights_add_up_and_come_heaviest_first(
    lines: list[tuple[str, Decimal]], per_batch: int, count: int
) -> None:
    recipe = RecipeFacts(
        "R", tuple(IngredientLine(IngredientFacts(name), qty) for name, qty in lines)
    )
    item = ItemFacts("Cookie", recipe, items_per_batch=per_batch)
    weighing = weigh_ingredients(BundleFacts("Box", (Part(item, count),)))
    weights = [w.grams for w in weighing.ingredients]
    assert all(w is not None for w in weights)
    known = [w for w in weights if w is not None]
    assert known == sorted(known, reverse=True)
    expected = sum((qty for _, qty in lines), Decimal(0)) * count / per_batch
    assert abs(sum(known, Decimal(0)) - expected) <= Decimal("0.000001") * len(known)
