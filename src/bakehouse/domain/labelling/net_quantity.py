"""Net quantity of a label's contents: how many pieces, and their weight (docs/product.md §6.8).

The weight is each item's weighed weight when set, else its share of the recipe's ingredient
mass; rounded *down* (a label never claims more than is there): whole grams, and tenths of
an ounce on US labels.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from bakehouse.domain.labelling.allergen_text import LabelStyle
from bakehouse.domain.labelling.contents import BundleFacts, ItemFacts, item_counts
from bakehouse.domain.labelling.weights import item_weight

GRAMS_PER_OUNCE = Fraction("28.349523125")


@dataclass(frozen=True)
class NetQuantity:
    """``grams`` rounded down to whole grams, None when some item's weight is unknown;
    ``weighed``: every item has a weighed weight (else it is the ingredients' mass)."""

    count: int
    grams: Decimal | None
    weighed: bool
    warnings: tuple[str, ...]


def net_quantity(contents: ItemFacts | BundleFacts) -> NetQuantity:
    total = Fraction(0)
    unknown: list[str] = []
    unweighed: list[str] = []
    count = 0
    for item, n in item_counts(contents).values():
        count += n
        weight = item_weight(item)
        if weight is None:
            unknown.append(item.name)
            continue
        if item.net_weight_g is None:
            unweighed.append(item.name)
        total += weight * n
    warnings = []
    if unknown:
        warnings.append(
            f"net weight left off: the weight of {', '.join(unknown)} is not known "
            "(set a weight per item, or the density or grams per each of its ingredients)"
        )
    elif unweighed:
        warnings.append(
            "net weight is the ingredients' weight before baking: set a baked weight for "
            f"{', '.join(unweighed)} for an exact figure"
        )
    grams = None if unknown else _round_down(total, Decimal(1))
    return NetQuantity(count, grams, not unweighed and not unknown, tuple(warnings))


def format_net_quantity(quantity: NetQuantity, style: LabelStyle) -> str:
    """ "12 pieces · Net wt. 12.3 oz (350 g)" (US) or "12 pieces · Net weight 350 g" (EU/UK)."""
    pieces = f"{quantity.count} piece" + ("" if quantity.count == 1 else "s")
    if quantity.grams is None:
        return pieces
    metric = format_grams(quantity.grams)
    if style is LabelStyle.EU:
        return f"{pieces} · Net weight {metric}"
    return f"{pieces} · Net wt. {format_ounces(quantity.grams)} ({metric})"


def format_grams(grams: Decimal) -> str:
    if grams < 1000:
        return f"{grams:f} g"
    kilos = _round_down(Fraction(grams) / 1000, Decimal("0.01")).normalize()
    return f"{kilos:f} kg"


def format_ounces(grams: Decimal) -> str:
    ounces = _round_down(Fraction(grams) / GRAMS_PER_OUNCE, Decimal("0.1"))
    if ounces < 16:
        return f"{ounces:f} oz"
    pounds, rest = divmod(ounces, 16)
    return f"{pounds:f} lb {rest:f} oz" if rest else f"{pounds:f} lb"


def _round_down(value: Fraction, places: Decimal) -> Decimal:
    steps = math.floor(value / Fraction(places))
    return (Decimal(steps) * places).quantize(places)
