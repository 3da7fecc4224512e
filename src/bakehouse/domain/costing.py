"""Cost maths, pure: batch cost at current prices and planned-vs-actual variance."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from bakehouse.domain.numbers import ZERO, percent, quantize_money, to_cents


@dataclass(frozen=True)
class UnitPrice:
    """A price observation: ``cost`` paid for ``quantity`` canonical units. ``estimate``:
    it comes from a list price, not a purchase (docs/product.md §6.17)."""

    cost: Decimal
    quantity: Decimal
    estimate: bool = False

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
    #: Ingredients priced from a list price: the total is an *estimate* (§6.17).
    estimated_ingredient_ids: tuple[int, ...] = ()

    @property
    def is_complete(self) -> bool:
        return not self.unpriced_ingredient_ids

    @property
    def is_estimate(self) -> bool:
        return bool(self.estimated_ingredient_ids)

    def __add__(self, other: Estimate) -> Estimate:
        ids = tuple(sorted(set(self.unpriced_ingredient_ids) | set(other.unpriced_ingredient_ids)))
        names = dict(zip(self.unpriced_ingredient_ids, self.unpriced_ingredients, strict=False))
        names.update(zip(other.unpriced_ingredient_ids, other.unpriced_ingredients, strict=False))
        known = tuple(names[i] for i in ids) if names.keys() >= set(ids) else ()
        estimated = set(self.estimated_ingredient_ids) | set(other.estimated_ingredient_ids)
        return Estimate(self.total + other.total, ids, known, tuple(sorted(estimated)))

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
    estimated: set[int] = set()
    for line in lines:
        price = prices.get(line.ingredient_id)
        if price is None:
            unpriced.add(line.ingredient_id)
        else:
            total += price.price_of(line.quantity)
            if price.estimate:
                estimated.add(line.ingredient_id)
    return Estimate(total, tuple(sorted(unpriced)), (), tuple(sorted(estimated)))


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


class VarianceState(StrEnum):
    """How far a variance has come (docs/product.md §6.15)."""

    NOT_STARTED = "not started"  # nothing baked: no variance at all, never −100 %
    SO_FAR = "so far"  # baking goes on: the batches baked against their plan
    FINAL = "final"  # every batch baked


@dataclass(frozen=True)
class CostForecast:
    """A recipe's (or an event's) money as shown, each figure rounded once to the cent, so
    what is shown adds up: forecast = actual + still to bake, variance = actual − planned
    of what was baked (docs/product.md §6.15)."""

    planned: Decimal
    actual: Decimal
    #: Planned cost of the batches still to bake.
    still_to_bake: Decimal
    forecast: Decimal
    #: Planned cost of the batches baked (what the variance compares against).
    planned_baked: Decimal
    #: actual − planned_baked; None while nothing is baked.
    variance: Decimal | None
    variance_percent: Decimal | None
    state: VarianceState


def recipe_forecast(
    *,
    planned: Decimal,
    actual: Decimal,
    planned_one_batch: Decimal,
    batches_produced: int,
    still_to_bake: Decimal,
    complete: bool,
) -> CostForecast:
    """Forecast and variance of one recipe: actual − batches produced × planned cost of
    one batch, "not started" (no variance) while nothing is baked or spent."""
    shown_actual, shown_still = to_cents(actual), to_cents(still_to_bake)
    planned_baked = to_cents(planned_one_batch * batches_produced)
    if batches_produced == 0 and shown_actual == 0:
        state, amount, share = VarianceState.NOT_STARTED, None, None
    else:
        state = VarianceState.FINAL if complete else VarianceState.SO_FAR
        amount = shown_actual - planned_baked
        share = percent(amount, planned_baked) if planned_baked else None
    return CostForecast(
        to_cents(planned), shown_actual, shown_still, shown_actual + shown_still,
        planned_baked, amount, share, state,
    )  # fmt: skip


def total_forecast(parts: Sequence[CostForecast]) -> CostForecast:
    """The parts added up as shown: every total is the sum of the figures shown; the
    variance over the started parts only, "final" once every part is."""
    started = [p for p in parts if p.variance is not None]
    planned_baked = sum((p.planned_baked for p in started), ZERO)
    amount = sum((p.variance for p in started if p.variance is not None), ZERO)
    if not started:
        state, variance_amount, share = VarianceState.NOT_STARTED, None, None
    else:
        final = all(p.state is VarianceState.FINAL for p in parts)
        state = VarianceState.FINAL if final else VarianceState.SO_FAR
        variance_amount = amount
        share = percent(amount, planned_baked) if planned_baked else None
    return CostForecast(
        sum((p.planned for p in parts), ZERO),
        sum((p.actual for p in parts), ZERO),
        sum((p.still_to_bake for p in parts), ZERO),
        sum((p.forecast for p in parts), ZERO),
        planned_baked, variance_amount, share, state,
    )  # fmt: skip
