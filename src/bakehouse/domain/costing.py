"""Cost maths, pure: batch cost at current prices and planned-vs-actual variance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
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
    """A cost at current prices that names what it could not price.

    The one cost-estimate type: a recipe's batch and item costs, a package's cost and an
    event's planned cost are all an ``Estimate``. Unpriced ingredients are left out of
    ``total`` (never counted as $0); ``unpriced_ingredients`` holds their names, in the
    order of ``unpriced_ingredient_ids``, once the caller has named them (:meth:`named`).
    """

    total: Decimal
    unpriced_ingredient_ids: tuple[int, ...] = ()
    unpriced_ingredients: tuple[str, ...] = ()

    @property
    def is_complete(self) -> bool:
        return not self.unpriced_ingredient_ids

    def __add__(self, other: Estimate) -> Estimate:
        ids = tuple(sorted(set(self.unpriced_ingredient_ids) | set(other.unpriced_ingredient_ids)))
        names = dict(zip(self.unpriced_ingredient_ids, self.unpriced_ingredients, strict=False))
        names.update(zip(other.unpriced_ingredient_ids, other.unpriced_ingredients, strict=False))
        known = tuple(names[i] for i in ids) if names.keys() >= set(ids) else ()
        return Estimate(self.total + other.total, ids, known)

    def times(self, factor: int | Decimal) -> Estimate:
        return replace(self, total=quantize_money(self.total * factor))

    def per(self, count: int) -> Estimate:
        """The cost of one of ``count`` equal shares (one item of a batch)."""
        return replace(self, total=quantize_money(self.total / count))

    def named(self, names: Mapping[int, str]) -> Estimate:
        """This estimate with the names of its unpriced ingredients filled in."""
        return replace(
            self, unpriced_ingredients=tuple(names[i] for i in self.unpriced_ingredient_ids)
        )


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
