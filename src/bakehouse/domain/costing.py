"""Cost maths, pure: batch cost at current prices and planned-vs-actual variance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from bakehouse.domain.numbers import ZERO, percent, quantize_money


@dataclass(frozen=True)
class UnitPrice:
    """A price observation: ``cost`` paid for ``quantity`` canonical units."""

    cost: Decimal
    quantity: Decimal

    def price_of(self, quantity: Decimal) -> Decimal:
        return quantize_money(quantity * self.cost / self.quantity)


@dataclass(frozen=True)
class LineNeed:
    """One recipe line, converted to the ingredient's canonical unit."""

    ingredient_id: int
    quantity: Decimal


@dataclass(frozen=True)
class Estimate:
    """A cost estimate that knows what it could not price."""

    total: Decimal
    unpriced_ingredient_ids: tuple[int, ...] = ()

    @property
    def is_complete(self) -> bool:
        return not self.unpriced_ingredient_ids

    def __add__(self, other: Estimate) -> Estimate:
        ids = tuple(sorted(set(self.unpriced_ingredient_ids) | set(other.unpriced_ingredient_ids)))
        return Estimate(self.total + other.total, ids)

    def times(self, factor: int | Decimal) -> Estimate:
        return Estimate(quantize_money(self.total * factor), self.unpriced_ingredient_ids)


def estimate_lines(lines: Iterable[LineNeed], prices: Mapping[int, UnitPrice]) -> Estimate:
    """Price each line at its ingredient's unit price; lines without one are unpriced."""
    total = ZERO
    unpriced: set[int] = set()
    for line in lines:
        price = prices.get(line.ingredient_id)
        if price is None:
            unpriced.add(line.ingredient_id)
        else:
            total += price.price_of(line.quantity)
    return Estimate(total, tuple(sorted(unpriced)))


@dataclass(frozen=True)
class Variance:
    amount: Decimal
    percent: Decimal


def variance(actual: Decimal, planned: Decimal) -> Variance:
    """actual − planned, and as a percentage of planned (docs/product.md §2.4).

    When planned is zero the percentage is 0.0 if actual is zero too, else 100.0.
    """
    amount = actual - planned
    if planned == 0:
        return Variance(amount, Decimal("0.00") if actual == 0 else Decimal("100.00"))
    return Variance(amount, percent(amount, planned))
