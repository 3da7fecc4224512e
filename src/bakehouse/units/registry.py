"""The pint registry, configured for kitchen units with Decimal magnitudes.

Why pint: it is the best-kept Python units library, its definitions of the US customary
units are exact (1 lb = 0.45359237 kg, 1 US gallon = 231 in³), it supports Decimal
magnitudes (``non_int_type``), and it parses names, plurals and abbreviations. We only
add what baking needs and pint lacks: the US cup fixed at 236.588 ml (as docs/product.md §2.1
states) and a ``count`` dimension for eggs ("each", "dozen").
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import Any

import pint

_DEFINITIONS = (
    "cup = 236.588 * milliliter = _ = cups = c",
    "each = [count] = ea = pc = piece = pieces = whole = count",
    "dozen = 12 * each = doz = dozens",
)


@lru_cache(maxsize=1)
def registry() -> Any:
    """The one registry (built lazily on first use, then shared)."""
    ureg: Any = pint.UnitRegistry(non_int_type=Decimal, cache_folder=None)
    for definition in _DEFINITIONS:
        ureg.define(definition)
    return ureg
