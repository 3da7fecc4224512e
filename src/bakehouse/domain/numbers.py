"""Decimal precision rules, in one place.

Quantities are kept to 6 decimal places (a millionth of a gram or millilitre), money to
4 (a hundredth of a cent), so that sub-cent draws of a pinch of salt still carry a cost
while every total is exact. Display rounds money to cents; JSON writes every decimal
with :func:`decimal_text`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal

from bakehouse.domain.locale import current, money_in, quantity_in

QUANTITY_PLACES = 6
MONEY_PLACES = 4

_Q = Decimal(1).scaleb(-QUANTITY_PLACES)
_M = Decimal(1).scaleb(-MONEY_PLACES)
_CENT = Decimal("0.01")
ZERO = Decimal(0)


def quantize_quantity(value: Decimal) -> Decimal:
    return value.quantize(_Q, rounding=ROUND_HALF_EVEN)


def quantize_money(value: Decimal) -> Decimal:
    return value.quantize(_M, rounding=ROUND_HALF_EVEN)


def to_cents(value: Decimal) -> Decimal:
    """Money as shown to people: rounded to the cent."""
    return value.quantize(_CENT, rounding=ROUND_HALF_EVEN)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """``part ÷ whole × 100`` rounded to 2 places (``whole`` must not be zero)."""
    return (part / whole * 100).quantize(_CENT, rounding=ROUND_HALF_EVEN)


def decimal_text(value: Decimal) -> str:
    """A decimal as JSON text: exact, without trailing zeros or an exponent.

    ``1.1000`` → ``"1.1"``, ``2268.000000`` → ``"2268"``, ``3.5000`` → ``"3.5"``, any zero
    (``0.0000``, ``-0``) → ``"0"``. The stored value is exact to its places, so dropping
    the zeros the column pads it with loses nothing (docs/product.md §3).
    """
    if value.is_zero():
        return "0"
    text = format(value, "f")  # never rounded: normalize() would round to 28 digits
    return text.rstrip("0").rstrip(".") if "." in text else text


def money_text(value: Decimal | None) -> str:
    """Money as people read it, on pages, printable lists and in the CLI: $1,234.50,
    −$3.00 (or 1.234,50 € where the currency and number locale say so, docs/product.md
    §6.19); "—" when unknown (never a silent zero)."""
    if value is None:
        return "—"
    return money_in(to_cents(Decimal(value)), current())


def quantity_text(value: Decimal | str | int | None, places: int = 2) -> str:
    """A quantity as people read it: rounded to ``places``, without trailing zeros, with
    the locale's separators (2, 2.5, 1,182.94 or 1.182,94); "—" when unknown."""
    if value is None:
        return "—"
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places))
    return quantity_in(rounded, places, current())
