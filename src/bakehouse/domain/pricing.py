"""Which price plans an ingredient, pure (docs/product.md §6.2, §6.17).

A price comes from a purchase (what was paid) or from a product's list price (the shelf
price a baker wrote down). The newer of the two plans; a list price is an *estimate*; with
neither the price is unknown (None) — never $0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bakehouse.domain.costing import UnitPrice


@dataclass(frozen=True)
class ListPrice:
    """A product's shelf price: ``price`` for one package of ``size`` canonical units,
    seen on ``seen_on`` (None: no day given)."""

    product_id: int
    price: Decimal
    size: Decimal
    seen_on: date | None
    is_preferred: bool = False

    @property
    def unit_price(self) -> UnitPrice:
        return UnitPrice(cost=self.price, quantity=self.size, estimate=True)


def chosen_list_price(prices: Iterable[ListPrice]) -> ListPrice | None:
    """The list price of the chosen product: the preferred product's, else the cheapest
    per unit (then the lowest product id), else None."""
    candidates = [p for p in prices if p.size > 0]
    for price in candidates:
        if price.is_preferred:
            return price
    if not candidates:
        return None
    return min(candidates, key=lambda p: (p.price / p.size, p.product_id))


def choose_price(
    purchase: UnitPrice | None,
    purchased_on: date | None,
    listed: UnitPrice | None,
    listed_on: date | None,
) -> UnitPrice | None:
    """The planning price: the newer of the latest purchase price and the list price; a
    purchase wins a tie and a list price without a day (it cannot be shown newer). A list
    price is marked *estimate*. Neither: None (unpriced, never $0)."""
    if listed is None:
        return purchase
    estimate = UnitPrice(cost=listed.cost, quantity=listed.quantity, estimate=True)
    if purchase is None:
        return estimate
    if listed_on is not None and (purchased_on is None or listed_on > purchased_on):
        return estimate
    return purchase
