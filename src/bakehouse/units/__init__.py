"""Quantities and unit conversion, pure (no database).

Wraps pint (see :mod:`bakehouse.units.registry`) behind a small Decimal-in, Decimal-out API.
"""

from bakehouse.units.conversion import (
    CANONICAL_UNITS,
    ConversionFactors,
    Measure,
    canonical_unit,
    convert,
    dimension_of,
    normalize_unit,
    to_canonical,
)

__all__ = [
    "CANONICAL_UNITS",
    "ConversionFactors",
    "Measure",
    "canonical_unit",
    "convert",
    "dimension_of",
    "normalize_unit",
    "to_canonical",
]
