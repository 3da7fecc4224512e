"""What labels read from an ingredient and the label settings, as people type them
(docs/product.md §6.8)."""

from __future__ import annotations

import pytest

from bakehouse.domain.allergens import (
    format_allergen_names,
    normalize_allergen_names,
    split_sub_ingredients,
)
from bakehouse.domain.settings import spec_of
from bakehouse.errors import InvalidInput


def test_specific_names_are_read_from_text_or_a_mapping_in_their_label_spelling() -> None:
    assert normalize_allergen_names("Tree nuts: Almond, pecan; gluten: Spelt; fish: Cod;") == {
        "fish": ["cod"],
        "gluten": ["spelt"],
        "tree_nuts": ["almonds", "pecans"],
    }
    assert normalize_allergen_names({"nuts": "walnut, walnuts", "crustaceans": []}) == {
        "tree_nuts": ["walnuts"]
    }
    assert normalize_allergen_names(None) == {}
    assert format_allergen_names({"tree_nuts": ["almonds"], "gluten": ["wheat"]}) == (
        "tree nuts: almonds; gluten: wheat"
    )


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("almonds", "write specific allergen names as 'tree nuts: almonds, hazelnuts"),
        ({"tree_nuts": 3}, "must map an allergen to a list of names"),
        (["almonds"], "must map an allergen to a list of names"),
        ({"tree_nuts": [3]}, "a specific allergen name must be text"),
        (": almonds", "name the allergen before its specific names"),
        ("nuts: peanut", "unknown tree nuts 'peanut'"),
        ("bananas: ripe", "unknown allergen 'bananas'"),
        ("eggs: hen", "eggs takes no specific name"),
    ],
)
def test_a_specific_name_labels_cannot_print_is_refused_naming_the_field(
    value: object, says: str
) -> None:
    with pytest.raises(InvalidInput, match=says) as refused:
        normalize_allergen_names(value)
    assert refused.value.field == "allergen_names"


def test_sub_ingredients_split_at_commas_outside_brackets() -> None:
    assert split_sub_ingredients(" sugar,  chocolate (cocoa mass, sugar), , soy lecithin ") == [
        "sugar",
        "chocolate (cocoa mass, sugar)",
        "soy lecithin",
    ]
    assert split_sub_ingredients(["a", " b  c "]) == ["a", "b c"]
    assert split_sub_ingredients(None) == []
    for bad, says in (
        ([1], "must be a list of names"),
        ("x" * 201, "longer than 200 characters"),
        ("sugar\x07", "invisible control character"),
    ):
        with pytest.raises(InvalidInput, match=says):
            split_sub_ingredients(bad)


def test_text_and_choice_settings_read_as_people_type_them() -> None:
    address = spec_of("label_maker_address")
    assert address.read("  12 Elm   St \r\n Springfield \n") == "12 Elm St\nSpringfield"
    with pytest.raises(InvalidInput, match="label_maker_address is 501 characters; at most 500"):
        address.read("x" * 501)
    with pytest.raises(InvalidInput, match="invisible control character"):
        address.read("12 Elm\x1b St")
    style = spec_of("label-style")
    assert style.read(" EU ") == "eu"
    with pytest.raises(InvalidInput, match="label_style must be one of us, eu, not 'uk'"):
        style.read("uk")
