"""Parse kitchen units and convert quantities, Decimal in and Decimal out.

Every ingredient is stocked in one canonical unit chosen by how it is measured:
grams (mass), millilitres (volume) or each (count). Conversions within a dimension come
from pint; conversions across dimensions only through the ingredient's density (g per ml)
or grams per each, and a missing factor raises :class:`ConversionNotPossible` naming the
ingredient and what to set.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

from bakehouse.domain.numbers import quantize_quantity
from bakehouse.errors import ConversionNotPossible, UnknownUnit
from bakehouse.units.registry import registry


class Measure(StrEnum):
    """How an ingredient is measured; decides its canonical unit."""

    MASS = "mass"
    VOLUME = "volume"
    COUNT = "count"


CANONICAL_UNITS: dict[Measure, str] = {
    Measure.MASS: "g",
    Measure.VOLUME: "ml",
    Measure.COUNT: "each",
}

# The units docs/product.md §2.1 allows, by their display name, with the pint unit each stands for.
_ALLOWED: dict[str, tuple[str, Measure]] = {
    "g": ("gram", Measure.MASS),
    "kg": ("kilogram", Measure.MASS),
    "oz": ("ounce", Measure.MASS),
    "lb": ("pound", Measure.MASS),
    "ml": ("milliliter", Measure.VOLUME),
    "l": ("liter", Measure.VOLUME),
    "tsp": ("teaspoon", Measure.VOLUME),
    "tbsp": ("tablespoon", Measure.VOLUME),
    "fl oz": ("fluid_ounce", Measure.VOLUME),
    "cup": ("cup", Measure.VOLUME),
    "pint": ("pint", Measure.VOLUME),
    "quart": ("quart", Measure.VOLUME),
    "gallon": ("gallon", Measure.VOLUME),
    "each": ("each", Measure.COUNT),
    "dozen": ("dozen", Measure.COUNT),
}
_BY_PINT_NAME = {pint_name: name for name, (pint_name, _) in _ALLOWED.items()}

# Kitchen spellings pint does not know, or reads differently (pint's "T" is tesla).
_KITCHEN_ALIASES = {
    "t": "tsp",
    "T": "tbsp",
    "tbs": "tbsp",
    "tbl": "tbsp",
    "tblsp": "tbsp",
    "fl oz": "fl oz",
    "fl. oz": "fl oz",
    "fl. oz.": "fl oz",
    "fluid ounce": "fl oz",
    "fluid ounces": "fl oz",
    "floz": "fl oz",
    "lbs": "lb",
    "grams": "g",
    "gram": "g",
    "gr": "g",
    "cc": "ml",
    "eggs": "each",
    "egg": "each",
    "large": "each",
    "x": "each",
}


@dataclass(frozen=True)
class ConversionFactors:
    """What an ingredient knows about itself for crossing dimensions."""

    name: str
    measure: Measure
    density: Decimal | None = None  # grams per millilitre
    grams_per_each: Decimal | None = None


def normalize_unit(unit: str) -> str:
    """Return the display name of ``unit`` ("cups" → "cup", "Tbsp" → "tbsp").

    Raises :class:`UnknownUnit` for anything outside docs/product.md §2.1's list.
    """
    text = " ".join(unit.strip().split())
    if not text:
        raise UnknownUnit(unit)
    alias = _KITCHEN_ALIASES.get(text) or _KITCHEN_ALIASES.get(text.lower())
    if alias is not None:
        return alias
    if text.lower() in _ALLOWED:
        return text.lower()
    parsed = _parse_pint_unit(text) or _parse_pint_unit(text.lower())
    name = _BY_PINT_NAME.get(str(parsed)) if parsed is not None else None
    if name is None:
        raise UnknownUnit(unit)
    return name


def _parse_pint_unit(text: str) -> Any:
    """pint's reading of ``text``, or None. Its parser raises many kinds of errors on junk
    ("(", "*", "cup^0": TokenError, AssertionError, KeyError…), all meaning "not a unit"."""
    try:
        return registry().parse_units(text.replace(" ", "_"))
    except Exception:
        return None


def dimension_of(unit: str) -> Measure:
    """The dimension (mass, volume or count) of a unit."""
    return _ALLOWED[normalize_unit(unit)][1]


def canonical_unit(measure: Measure | str) -> str:
    return CANONICAL_UNITS[Measure(measure)]


def _within(amount: Decimal, unit: str, target: str) -> Decimal:
    ureg = registry()
    quantity = ureg.Quantity(Decimal(amount), _ALLOWED[unit][0])
    magnitude = quantity.to(_ALLOWED[target][0]).magnitude
    return Decimal(magnitude)


def convert(
    amount: Decimal, unit: str, target: str, factors: ConversionFactors | None = None
) -> Decimal:
    """Convert ``amount`` of ``unit`` into ``target`` units, exact to 6 decimal places.

    Within a dimension no factors are needed. Across dimensions the ingredient's
    density or grams-per-each is used; when it is missing, raises
    :class:`ConversionNotPossible` naming the ingredient and the missing factor.
    """
    source = normalize_unit(unit)
    goal = normalize_unit(target)
    src_dim = _ALLOWED[source][1]
    goal_dim = _ALLOWED[goal][1]
    if src_dim == goal_dim:
        return quantize_quantity(_within(amount, source, goal))
    f = factors or ConversionFactors("this ingredient", src_dim)
    missing = _missing_factors(f, src_dim, goal_dim)
    if missing:
        raise ConversionNotPossible(f.name, source, goal, " and ".join(missing))
    grams = _to_grams(amount, source, src_dim, f, goal)
    return quantize_quantity(_from_grams(grams, goal, goal_dim, f, source))


def _missing_factors(f: ConversionFactors, a: Measure, b: Measure) -> list[str]:
    missing = []
    if Measure.VOLUME in (a, b) and f.density is None:
        missing.append("a density")
    if Measure.COUNT in (a, b) and f.grams_per_each is None:
        missing.append("grams per each")
    return missing


def _to_grams(amount: Decimal, unit: str, dim: Measure, f: ConversionFactors, goal: str) -> Decimal:
    if dim == Measure.MASS:
        return _within(amount, unit, "g")
    if dim == Measure.VOLUME:
        if f.density is None:
            raise ConversionNotPossible(f.name, unit, goal, "a density")
        return _within(amount, unit, "ml") * f.density
    if f.grams_per_each is None:
        raise ConversionNotPossible(f.name, unit, goal, "grams per each")
    return _within(amount, unit, "each") * f.grams_per_each


def _from_grams(
    grams: Decimal, unit: str, dim: Measure, f: ConversionFactors, source: str
) -> Decimal:
    if dim == Measure.MASS:
        return _within(grams, "g", unit)
    if dim == Measure.VOLUME:
        if f.density is None:
            raise ConversionNotPossible(f.name, source, unit, "a density")
        return _within(grams / f.density, "ml", unit)
    if f.grams_per_each is None:
        raise ConversionNotPossible(f.name, source, unit, "grams per each")
    return _within(grams / f.grams_per_each, "each", unit)


def to_canonical(amount: Decimal, unit: str, factors: ConversionFactors) -> Decimal:
    """Convert a quantity into the ingredient's canonical unit (g, ml or each)."""
    return convert(amount, unit, canonical_unit(factors.measure), factors)
