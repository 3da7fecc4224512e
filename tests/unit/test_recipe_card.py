"""A recipe card's amounts: scaled exactly, written in fractions a baker measures with, and
read back by the people's number grammar (docs/product.md §6.18)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.inputs import read_typed_number
from bakehouse.domain.recipe_card import kitchen_amount, scale
from bakehouse.domain.recipe_text import (
    IngredientMatcher,
    NeedsConfirmation,
    SectionHeading,
    parse_ingredient_list,
)
from bakehouse.services.recipes import paste

pytestmark = pytest.mark.usefixtures("loopback_only")


@pytest.mark.parametrize(
    ("quantity", "unit", "batches", "written"),
    [
        ("2.25", "cup", 1, "2 ¼"),
        ("0.333333", "tsp", 1, "⅓"),
        ("0.666667", "cup", 1, "⅔"),
        ("0.999999", "tsp", 3, "1"),
        ("0.999999", "tsp", 1, "0.999999"),
        ("33.3333", "cup", 100, "33 ⅓"),
        ("0.375", "cup", 1, "⅜"),
        ("1.5", "tbsp", 1, "1 ½"),
        ("2", "each", 1, "2"),
        ("2.2", "cup", 1, "2.2"),
        ("2.25", "g", 1, "2.25"),
        ("375", "g", 1, "375"),
        ("0.0001", "cup", 1, "0.0001"),
    ],
)
def test_amounts_are_written_as_measured(
    quantity: str, unit: str, batches: int, written: str
) -> None:
    assert kitchen_amount(Decimal(quantity), unit, batches=batches) == written


stored = st.decimals(min_value=Decimal("0.000001"), max_value=Decimal(1000), places=6)


@given(stored, st.integers(min_value=1, max_value=100_000))
def test_scaling_is_exact(quantity: Decimal, batches: int) -> None:
    assert Fraction(scale(quantity, batches)) == Fraction(quantity) * batches


@given(stored, st.integers(min_value=1, max_value=1000))
def test_what_a_card_says_reads_back_within_rounding_of_the_scaled_amount(
    quantity: Decimal, batches: int
) -> None:
    amount = scale(quantity, batches)
    written = kitchen_amount(amount, "cup", batches=batches)
    read = read_typed_number(written)
    assert abs(read - amount) <= Decimal("0.0000005") * batches + Decimal("0.0000005")


@given(st.integers(min_value=0, max_value=50), st.sampled_from([2, 3, 4, 8]),
       st.integers(min_value=1, max_value=7))  # fmt: skip
def test_a_typed_fraction_comes_back_as_that_fraction(
    whole: int, denominator: int, numerator: int
) -> None:
    typed = f"{whole} {numerator}/{denominator}" if whole else f"{numerator}/{denominator}"
    quantity = read_typed_number(typed)
    assert read_typed_number(kitchen_amount(quantity, "cup")) == quantity


def test_the_paste_review_reads_its_starter_catalog_from_the_package_not_the_network() -> None:
    paste._starter.cache_clear()
    matcher = IngredientMatcher([], paste._starter())
    (line,) = parse_ingredient_list("1 cup peanut butter")
    assert not isinstance(line, SectionHeading)
    result = matcher.match_line(line)
    assert not isinstance(result, NeedsConfirmation)
    assert result.starter_suggestion is not None
    assert result.starter_suggestion.name == "Peanut butter"
