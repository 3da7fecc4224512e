"""Numbers typed on the command line, read by the people's grammar (docs/product.md §6.1).

``--price '$1,234.50'``, ``--quantity '2 1/4'`` and ``--quantity ½`` are read as a person
means them; a range (``1-2``), another script's digits or a value finer than Bakehouse
keeps are refused naming the option, before anything is opened.
"""

from __future__ import annotations

from decimal import Decimal

from bakehouse.domain.inputs import (
    DEFAULT_LOCALE,
    DENSITY,
    MAX_BATCHES,
    MAX_COUNT,
    MONEY,
    QUANTITY,
    SIGNED_QUANTITY,
    NumberRule,
    as_invalid_input,
    read_typed_count,
    read_typed_number,
)


def _typed(text: str, rule: NumberRule, field: str) -> Decimal:
    with as_invalid_input(field):
        return read_typed_number(text, rule, DEFAULT_LOCALE)


def quantity(text: str, *, field: str) -> Decimal:
    """A quantity of zero or more as typed ("2 1/4", "1,500")."""
    return _typed(text, QUANTITY, field)


def optional_quantity(text: str | None, *, field: str) -> Decimal | None:
    return None if text is None or not text.strip() else quantity(text, field=field)


def optional_density(text: str | None) -> Decimal | None:
    """Grams per millilitre as typed ("0.53"), or None."""
    return None if text is None or not text.strip() else _typed(text, DENSITY, "density")


def signed_quantity(text: str, *, field: str) -> Decimal:
    """A signed quantity as typed ("-250" removes, "250" adds)."""
    return _typed(text, SIGNED_QUANTITY, field)


def money(text: str, *, field: str) -> Decimal:
    """An amount of money as typed ("$18.99", "1,250")."""
    return _typed(text, MONEY, field)


def batches(text: str) -> int:
    """Whole batches as typed ("12", "1,200")."""
    with as_invalid_input("batches"):
        return read_typed_count(text, maximum=MAX_BATCHES, locale=DEFAULT_LOCALE)


def count(text: str, *, field: str, minimum: int = 1) -> int:
    """A whole number of things as typed ("40", "1,200"), from ``minimum``."""
    with as_invalid_input(field):
        return read_typed_count(text, maximum=MAX_COUNT, minimum=minimum, locale=DEFAULT_LOCALE)
