"""A recipe scaled to N batches, written as a baker reads it (docs/product.md §6.18).

Scaling is exact: each line's quantity times the whole number of batches, nothing rounded.
:func:`kitchen_amount` writes an amount the way it is measured with spoons and cups — "2 ¼",
"⅓" — when it is within rounding of a half, third, quarter or eighth, and as a plain
decimal otherwise; the text reads back through the people's number grammar
(docs/product.md §6.1). Pure: no database.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["KITCHEN_UNITS", "kitchen_amount", "scale"]

#: Units measured with cups and spoons, written with fractions on a card.
KITCHEN_UNITS = frozenset({"cup", "tbsp", "tsp", "each", "pint", "quart", "gallon", "fl oz"})
_HALF_MILLIONTH = Decimal("0.0000005")
_VULGAR = {
    (1, 2): "½", (1, 3): "⅓", (2, 3): "⅔", (1, 4): "¼", (3, 4): "¾",
    (2, 4): "½", (2, 8): "¼", (4, 8): "½", (6, 8): "¾",
    (1, 8): "⅛", (3, 8): "⅜", (5, 8): "⅝", (7, 8): "⅞",
}  # fmt: skip


def scale(quantity: Decimal, batches: int) -> Decimal:
    """``quantity`` for ``batches`` batches: exact (a 6-place quantity times a whole number)."""
    return quantity * batches


def kitchen_amount(quantity: Decimal, unit: str | None = None, *, batches: int = 1) -> str:
    """``quantity`` as written on a recipe card: "2 ¼" cup, "⅓" tsp, "250" g, "1.2" kg.

    Fractions only for :data:`KITCHEN_UNITS` (or no unit); weights stay decimals. A stored
    quantity is within half a millionth of what was typed (⅓ is 0.333333), so for
    ``batches`` batches an amount within ``batches`` half-millionths of a fraction is it.
    """
    if quantity <= 0 or (unit is not None and unit not in KITCHEN_UNITS):
        return _plain(quantity)
    tolerance = _HALF_MILLIONTH * batches
    for denominator in (1, 2, 3, 4, 8):
        numerator = int((quantity * denominator).to_integral_value())
        if abs(quantity - Decimal(numerator) / denominator) > tolerance:
            continue
        whole, part = divmod(numerator, denominator)
        if part == 0:
            return str(whole)
        glyph = _VULGAR[(part, denominator)]
        return f"{whole} {glyph}" if whole else glyph
    return _plain(quantity)


def _plain(quantity: Decimal) -> str:
    return format(quantity.normalize(), "f")
