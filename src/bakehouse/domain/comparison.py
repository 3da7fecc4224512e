"""Season over season: prices as of a day and the price/volume split (docs/product.md §6.21).

Pure: the services hand in price points (one per priced lot) and each side's quantity and
cost per ingredient; nothing here reads a database.

The split of one ingredient's change in cost, old side → new side:

    Δcost = Δquantity × old price + new quantity × Δprice

where a side's price is its cost ÷ its quantity. Money is shown to the cent, so the split
is made on the figures shown: Δcost is the new cost in cents less the old cost in cents,
the volume part is Δquantity × old price rounded once to the cent, and the price part is
what is left — so volume + price = Δcost exactly, and the parts of every ingredient add up
to the difference of the totals to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bakehouse.domain.numbers import ZERO, quantize_money, to_cents

#: Unit prices are shown per kilogram, litre or each: a price per gram is too small to read.
PRICE_BASIS: dict[str, tuple[Decimal, str]] = {
    "g": (Decimal(1000), "kg"),
    "ml": (Decimal(1000), "l"),
    "each": (Decimal(1), "each"),
}


@dataclass(frozen=True, slots=True)
class PricePoint:
    """A priced lot: ``cost`` paid for ``quantity`` canonical units on ``day``."""

    lot_id: int
    ingredient_id: int
    day: date
    cost: Decimal
    quantity: Decimal
    preferred: bool = False

    def price_of(self, quantity: Decimal) -> Decimal:
        """What ``quantity`` costs at this price, to 4 places (as a plan is priced)."""
        return quantize_money(quantity * self.cost / self.quantity)


def price_as_of(points: Iterable[PricePoint], day: date) -> PricePoint | None:
    """The price an ingredient had on ``day``: its latest priced lot received on or before
    it, a lot of its preferred product first (the rule of today's price, docs/product.md
    §2.4, moved to that day). None when nothing was bought by then."""
    known = [p for p in points if p.day <= day]
    preferred = [p for p in known if p.preferred]
    chosen = preferred or known
    if not chosen:
        return None
    return max(chosen, key=lambda p: (p.day, p.lot_id))


def unit_price(cost: Decimal, quantity: Decimal, unit: str) -> Decimal | None:
    """``cost`` ÷ ``quantity`` per kilogram, litre or each, to 4 places; None for nothing."""
    if quantity <= 0:
        return None
    factor = PRICE_BASIS.get(unit, (Decimal(1), unit))[0]
    return quantize_money(cost * factor / quantity)


def price_unit(unit: str) -> str:
    """What :func:`unit_price` is per: "kg", "l" or "each"."""
    return PRICE_BASIS.get(unit, (Decimal(1), unit))[1]


@dataclass(frozen=True, slots=True)
class Side:
    """One side's quantity (canonical units) and cost (4 places) of an ingredient."""

    quantity: Decimal = ZERO
    cost: Decimal = ZERO

    @property
    def shown(self) -> Decimal:
        """The cost as shown, to the cent."""
        return to_cents(self.cost)


@dataclass(frozen=True, slots=True)
class Split:
    """How one ingredient's change in cost divides into quantity and price (cents)."""

    difference: Decimal
    volume: Decimal
    price: Decimal


def split(old: Side, new: Side) -> Split:
    """Δcost = Δquantity × old price + new quantity × Δprice, to the cent.

    An ingredient only on the new side is all volume (its whole cost), one only on the old
    side is all volume too (minus its cost): with no quantity on one side there is no price
    to compare."""
    difference = new.shown - old.shown
    if old.quantity <= 0 or new.quantity <= 0:
        return Split(difference, difference, ZERO.quantize(Decimal("0.01")))
    volume = to_cents((new.quantity - old.quantity) * old.cost / old.quantity)
    return Split(difference, volume, difference - volume)


def total_split(splits: Sequence[Split]) -> Split:
    """The ingredients' splits added up: their differences are the totals' difference."""
    cent = Decimal("0.00")
    return Split(
        sum((s.difference for s in splits), cent),
        sum((s.volume for s in splits), cent),
        sum((s.price for s in splits), cent),
    )


def per(total: Decimal, count: int) -> Decimal | None:
    """``total`` shared over ``count`` (a package, a recipient), to the cent; None for none."""
    if count <= 0:
        return None
    return to_cents(total / count)
