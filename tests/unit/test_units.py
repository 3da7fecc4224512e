"""Units: parsing kitchen spellings, converting within a dimension and across it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.errors import ConversionNotPossible, UnknownUnit
from bakehouse.units.conversion import (
    ConversionFactors,
    Measure,
    canonical_unit,
    convert,
    dimension_of,
    normalize_unit,
    to_canonical,
)

FLOUR_BY_WEIGHT = ConversionFactors("Flour", Measure.MASS, density=Decimal("0.5"))
EGGS = ConversionFactors("Eggs", Measure.COUNT)
EGGS_WEIGHED = ConversionFactors(
    "Eggs", Measure.COUNT, density=Decimal("1.027"), grams_per_each=Decimal("50")
)

UNITS_BY_DIMENSION = {
    Measure.MASS: ["g", "kg", "oz", "lb"],
    Measure.VOLUME: ["ml", "l", "tsp", "tbsp", "fl oz", "cup", "pint", "quart", "gallon"],
    Measure.COUNT: ["each", "dozen"],
}


@pytest.mark.parametrize(
    ("written", "unit"),
    [
        ("cups", "cup"),
        ("Cup", "cup"),
        ("c", "cup"),
        ("Tbsp", "tbsp"),
        ("T", "tbsp"),
        ("tablespoons", "tbsp"),
        ("t", "tsp"),
        ("teaspoons", "tsp"),
        ("fl. oz.", "fl oz"),
        ("fluid ounces", "fl oz"),
        ("lbs", "lb"),
        ("pounds", "lb"),
        ("ounces", "oz"),
        ("grams", "g"),
        ("kilograms", "kg"),
        ("mL", "ml"),
        ("litre", "l"),
        ("pt", "pint"),
        ("qt", "quart"),
        ("gal", "gallon"),
        ("doz", "dozen"),
        ("eggs", "each"),
        ("  cup  ", "cup"),
    ],
)
def test_reads_common_spellings_and_abbreviations(written: str, unit: str) -> None:
    assert normalize_unit(written) == unit


@pytest.mark.parametrize("written", ["pinch", "stick", "", "   ", "C", "m", "(", "*", "cup^0"])
def test_refuses_units_outside_the_kitchen_list_with_the_list(written: str) -> None:
    with pytest.raises(UnknownUnit) as raised:
        normalize_unit(written)
    assert "use one of g, kg" in raised.value.message


@pytest.mark.parametrize(
    ("amount", "unit", "target", "expected"),
    [
        ("1", "lb", "g", "453.592370"),
        ("1", "oz", "g", "28.349523"),
        ("1", "kg", "g", "1000"),
        ("1", "cup", "ml", "236.588"),
        ("1", "tbsp", "tsp", "3"),
        ("1", "quart", "pint", "2"),
        ("1", "gallon", "quart", "4"),
        ("1", "l", "ml", "1000"),
        ("1", "dozen", "each", "12"),
        ("2.5", "dozen", "each", "30"),
    ],
)
def test_converts_within_a_dimension(amount: str, unit: str, target: str, expected: str) -> None:
    assert convert(Decimal(amount), unit, target) == Decimal(expected)


def test_a_us_cup_is_236_588_ml() -> None:
    assert to_canonical(Decimal(1), "cups", ConversionFactors("Milk", Measure.VOLUME)) == Decimal(
        "236.588"
    )


def test_two_teaspoons_of_an_ingredient_stocked_in_grams_convert_through_its_density() -> None:
    # 2 tsp = 9.8578431875 ml; at 0.5 g/ml that is 4.92892159375 g.
    assert to_canonical(Decimal(2), "tsp", FLOUR_BY_WEIGHT) == Decimal("4.928922")


def test_cups_of_eggs_without_grams_per_each_are_refused_naming_eggs() -> None:
    with pytest.raises(ConversionNotPossible) as raised:
        to_canonical(Decimal(2), "cups", EGGS)
    assert "Eggs" in raised.value.message
    assert "grams per each" in raised.value.message
    assert raised.value.details()["ingredient"] == "Eggs"


def test_cups_of_an_ingredient_without_density_say_to_set_one() -> None:
    brown_sugar = ConversionFactors("Brown Sugar", Measure.MASS)
    with pytest.raises(ConversionNotPossible, match="set a density for Brown Sugar to use cup"):
        to_canonical(Decimal(1), "cup", brown_sugar)


def test_grams_of_a_counted_ingredient_convert_through_grams_per_each() -> None:
    assert convert(Decimal(100), "g", "each", EGGS_WEIGHED) == Decimal(2)
    assert convert(Decimal(3), "each", "g", EGGS_WEIGHED) == Decimal(150)


def test_volume_to_count_goes_through_density_and_grams_per_each() -> None:
    # 1 cup × 1.027 g/ml = 242.975876 g = 4.85951752 eggs of 50 g
    assert convert(Decimal(1), "cup", "each", EGGS_WEIGHED) == Decimal("4.859518")


def test_crossing_dimensions_without_an_ingredient_names_what_is_missing() -> None:
    with pytest.raises(ConversionNotPossible, match="a density"):
        convert(Decimal(1), "cup", "g")


def test_dimension_and_canonical_unit_of_each_measure() -> None:
    assert dimension_of("tbsp") is Measure.VOLUME
    assert dimension_of("dozen") is Measure.COUNT
    assert [canonical_unit(m) for m in Measure] == ["g", "ml", "each"]


quantities = st.decimals(
    min_value=Decimal("0.001"), max_value=Decimal("100000"), places=3, allow_nan=False
)


@given(
    quantity=quantities,
    measure_and_unit=st.sampled_from(
        [(measure, unit) for measure, units in UNITS_BY_DIMENSION.items() for unit in units]
    ),
)
def test_converting_to_the_canonical_unit_and_back_returns_the_quantity(
    quantity: Decimal, measure_and_unit: tuple[Measure, str]
) -> None:
    measure, unit = measure_and_unit
    factors = ConversionFactors("Anything", measure)
    canonical = to_canonical(quantity, unit, factors)
    assert convert(canonical, canonical_unit(measure), unit, factors) == quantity


@given(
    quantity=quantities,
    density=st.decimals(min_value=Decimal("0.2"), max_value=Decimal("2"), places=3),
    unit=st.sampled_from(UNITS_BY_DIMENSION[Measure.VOLUME]),
)
def test_volume_to_grams_and_back_through_a_density_loses_at_most_a_millionth(
    quantity: Decimal, density: Decimal, unit: str
) -> None:
    factors = ConversionFactors("Flour", Measure.MASS, density=density)
    grams = to_canonical(quantity, unit, factors)
    assert abs(convert(grams, "g", unit, factors) - quantity) <= Decimal("0.000001")
