"""Sub-recipes, pure: nesting checks, rolled-up cost, planning explosion, allocation of
prepared stock and the leaf ingredients to buy (docs/product.md §6.12).

A recipe line may use a sub-recipe; each such line is a *share of one batch* of it per
batch of the parent (``0.5 cup`` of a buttercream that yields ``4 cup`` is ⅛ of a batch;
"½ batch of the glaze" is ½). Shares are exact fractions, so planning rounds once, to
whole batches at each recipe.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from graphlib import CycleError, TopologicalSorter
from typing import TypeVar

from bakehouse.domain.costing import Estimate, LineNeed, UnitPrice, estimate_lines
from bakehouse.domain.numbers import ZERO, quantize_money
from bakehouse.errors import InvalidInput
from bakehouse.units.conversion import ConversionFactors, convert, dimension_of

#: A recipe's key: its id, or its slug in a data file.
Key = TypeVar("Key", int, str)

#: A chain of recipes using one another may be at most this many recipes long.
MAX_LEVELS = 5
#: The unit of a sub-recipe line counted in batches ("½ batch of the glaze").
BATCH = "batch"


@dataclass(frozen=True)
class Yield:
    """What one batch of a recipe makes: ``quantity`` ``unit``, with an optional density
    (g per ml) so lines may measure it by mass or volume."""

    quantity: Decimal
    unit: str
    density: Decimal | None = None


@dataclass(frozen=True)
class SubUse:
    """A parent batch uses ``share`` of one batch of ``sub_recipe_id``."""

    sub_recipe_id: int
    share: Fraction


@dataclass(frozen=True)
class RecipeNode:
    """A recipe as planning and costing see it: one batch's ingredient lines (canonical
    units) and its sub-recipe lines as shares of a sub batch."""

    recipe_id: int
    name: str
    lines: tuple[LineNeed, ...] = ()
    subs: tuple[SubUse, ...] = ()


def fraction_of(value: Decimal) -> Fraction:
    return Fraction(value)


def share_of_batch(
    quantity: Decimal, unit: str, recipe_name: str, batch_yield: Yield | None
) -> Fraction:
    """The share of one batch of a sub-recipe that ``quantity`` ``unit`` of it is.

    ``batch`` counts batches; any other unit must convert to the sub-recipe's yield (across
    mass and volume through its density). Raises :class:`InvalidInput` for a measured line
    of a recipe without a yield, and the units' errors for a unit that does not convert.
    """
    if unit == BATCH:
        return fraction_of(quantity)
    if batch_yield is None:
        raise InvalidInput(
            f"{recipe_name} has no yield to measure it by: give its yield, "
            f"or use it in batches (\u201c\u00bd batch of {recipe_name}\u201d)"
        )
    factors = ConversionFactors(recipe_name, dimension_of(batch_yield.unit), batch_yield.density)
    amount = convert(quantity, unit, batch_yield.unit, factors)
    return fraction_of(amount) / fraction_of(batch_yield.quantity)


def stock_unit(batch_yield: Yield | None) -> str:
    """The unit prepared stock of a recipe is held in: its yield unit, else batches."""
    return batch_yield.unit if batch_yield is not None else BATCH


def batch_share_of_stock(quantity: Decimal, batch_yield: Yield | None) -> Fraction:
    """Prepared stock ``quantity`` (in its stock unit) as a share of one batch."""
    if batch_yield is None:
        return fraction_of(quantity)
    return fraction_of(quantity) / fraction_of(batch_yield.quantity)


def stock_of_batches(batches: Fraction, batch_yield: Yield | None) -> Fraction:
    """``batches`` of a recipe in its stock unit."""
    return batches * (fraction_of(batch_yield.quantity) if batch_yield is not None else 1)


# --- Nesting -------------------------------------------------------------------------


def levels_below(children: Mapping[Key, Iterable[Key]], recipe_id: Key) -> int:
    """Recipes in the longest chain from ``recipe_id`` down (1: it uses no sub-recipe).
    The graph must have no cycle."""
    memo: dict[Key, int] = {}

    def down(r: Key) -> int:
        if r not in memo:
            memo[r] = 1 + max((down(c) for c in children.get(r, ())), default=0)
        return memo[r]

    return down(recipe_id)


def levels_through(
    children: Mapping[int, Iterable[int]], recipe_id: int, new_children: Iterable[int]
) -> int:
    """Recipes in the longest chain through ``recipe_id`` once it uses ``new_children``
    (its other uses replaced): the recipes above it, itself, and the longest chain below."""
    parents: dict[int, set[int]] = defaultdict(set)
    for p, cs in children.items():
        if p == recipe_id:
            continue
        for c in cs:
            parents[c].add(p)
    memo: dict[int, int] = {}

    def up(r: int) -> int:
        if r not in memo:
            memo[r] = 1 + max((up(p) for p in parents.get(r, ())), default=0)
        return memo[r]

    below = max((levels_below(children, c) for c in new_children), default=0)
    return up(recipe_id) + below


def topological_order(nodes: Mapping[int, RecipeNode]) -> list[int]:
    """Every recipe, each before the sub-recipes it uses (ties by id).

    Raises :class:`InvalidInput` if recipes use one another in a loop (never stored: the
    services refuse such a line).
    """
    sorter: TopologicalSorter[int] = TopologicalSorter()
    for node in nodes.values():
        sorter.add(node.recipe_id)
        for use in node.subs:
            sorter.add(use.sub_recipe_id, node.recipe_id)
    try:
        sorter.prepare()
    except CycleError as error:  # pragma: no cover - refused when lines are saved
        raise InvalidInput(f"recipes use one another in a loop: {error.args[1]}") from error
    order: list[int] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        order += ready
        sorter.done(*ready)
    return order


def sub_recipe_ids(nodes: Mapping[int, RecipeNode]) -> set[int]:
    """Recipes used by some other recipe."""
    return {use.sub_recipe_id for node in nodes.values() for use in node.subs}


# --- Cost ------------------------------------------------------------------------------


def batch_costs(
    nodes: Mapping[int, RecipeNode], prices: Mapping[int, UnitPrice]
) -> dict[int, Estimate]:
    """Cost of one batch of every recipe at current prices: its ingredient lines plus, for
    each sub-recipe line, its share of a batch × the cost of one batch of the sub-recipe,
    recursively (docs/product.md §6.12). An ingredient unpriced anywhere below makes the
    estimate incomplete and is named in it, never counted as $0."""
    costs: dict[int, Estimate] = {}
    for recipe_id in reversed(topological_order(nodes)):
        node = nodes.get(recipe_id)
        if node is None:
            costs[recipe_id] = Estimate(ZERO)
            continue
        estimate = estimate_lines(node.lines, prices)
        for use in node.subs:
            estimate = estimate + share_cost(costs[use.sub_recipe_id], use.share)
        costs[recipe_id] = estimate
    return costs


def share_cost(batch: Estimate, share: Fraction) -> Estimate:
    """``share`` of a batch that costs ``batch``."""
    total = quantize_money(batch.total * share.numerator / share.denominator)
    return Estimate(
        total,
        batch.unpriced_ingredient_ids,
        batch.unpriced_ingredients,
        batch.estimated_ingredient_ids,
    )


# --- Planning --------------------------------------------------------------------------


def explode(
    nodes: Mapping[int, RecipeNode],
    batches: Mapping[int, int],
    order: Sequence[int] | None = None,
) -> dict[int, int]:
    """Whole batches of every recipe: ``batches`` (what the items need) and, for each
    sub-recipe, ceil(Σ over its parents of parent batches × share) on top, worked out
    parents first so each recipe is rounded once (docs/product.md §6.12 "required").
    ``order`` is :func:`topological_order` of ``nodes`` when the caller has it already."""
    drawn: dict[int, Fraction] = defaultdict(Fraction)
    result: dict[int, int] = {}
    for recipe_id in order if order is not None else topological_order(nodes):
        count = batches.get(recipe_id, 0) + math.ceil(drawn.get(recipe_id, Fraction()))
        if count:
            result[recipe_id] = count
        node = nodes.get(recipe_id)
        for use in node.subs if node is not None and count else ():
            drawn[use.sub_recipe_id] += count * use.share
    for recipe_id, count in batches.items():
        if recipe_id not in nodes and count:
            result[recipe_id] = count
    return result


@dataclass(frozen=True)
class EventToBake:
    """Batches of ordinary recipes an event still has to bake (required − baked, ≥ 0)."""

    event_id: int
    batches: Mapping[int, int]


@dataclass(frozen=True)
class SubPlan:
    """One sub-recipe in one event: what its parents still to bake will draw (in batches
    of it), the prepared stock allocated to them, and whole batches still to make."""

    draws: Fraction
    allocated: Fraction
    still_to_make: int


def still_to_make(
    nodes: Mapping[int, RecipeNode],
    events: Sequence[EventToBake],
    on_hand: Mapping[int, Fraction],
) -> dict[int, dict[int, SubPlan]]:
    """Per event (in the order given: earliest first) and sub-recipe, what is still to make.

    Prepared stock on hand (in batches of each sub-recipe) is allocated once across the
    events, earliest first; each event's still to make is ceil(max(0, draws − allocated))
    (docs/product.md §6.12). The parents of a sub-recipe are its event's ordinary batches
    still to bake and the batches still to make of the sub-recipes above it.
    """
    order = topological_order(nodes)
    subs = sub_recipe_ids(nodes)
    left: dict[int, Fraction] = {r: Fraction(q) for r, q in on_hand.items()}
    result: dict[int, dict[int, SubPlan]] = {}
    for event in events:
        todo: dict[int, int] = {r: n for r, n in event.batches.items() if r not in subs}
        draws: dict[int, Fraction] = defaultdict(Fraction)
        plans: dict[int, SubPlan] = {}
        for recipe_id in order:
            if recipe_id in subs:
                want = draws.get(recipe_id, Fraction())
                take = min(want, left.get(recipe_id, Fraction()))
                if take:
                    left[recipe_id] -= take
                todo[recipe_id] = math.ceil(want - take)
                plans[recipe_id] = SubPlan(want, take, todo[recipe_id])
            count = todo.get(recipe_id, 0)
            for use in nodes[recipe_id].subs if count else ():
                draws[use.sub_recipe_id] += count * use.share
        result[event.event_id] = {r: p for r, p in plans.items() if p.draws or p.still_to_make}
    return result


def leaf_needs(nodes: Mapping[int, RecipeNode], batches: Mapping[int, int]) -> dict[int, Decimal]:
    """Ingredients (canonical units) for ``batches`` of each recipe, counting each recipe's
    own ingredient lines only: its sub-recipe lines are the sub-recipes' own batches (made
    or still to make), so prepared stock is never bought twice (docs/product.md §6.12)."""
    needs: dict[int, Decimal] = defaultdict(Decimal)
    for recipe_id, count in batches.items():
        node = nodes.get(recipe_id)
        for line in node.lines if node is not None and count else ():
            needs[line.ingredient_id] += line.quantity * count
    return dict(needs)


def flattened_lines(nodes: Mapping[int, RecipeNode], recipe_id: int) -> dict[int, Fraction]:
    """Exact leaf ingredients of one batch, sub-recipes expanded by their shares (no
    rounding): what a batch truly contains."""
    memo: dict[int, dict[int, Fraction]] = {}
    for rid in reversed(topological_order(nodes)):
        node = nodes[rid]
        total: dict[int, Fraction] = defaultdict(Fraction)
        for line in node.lines:
            total[line.ingredient_id] += Fraction(line.quantity)
        for use in node.subs:
            for ingredient_id, q in memo[use.sub_recipe_id].items():
                total[ingredient_id] += q * use.share
        memo[rid] = dict(total)
    return memo[recipe_id]


def cycle_names(path: Sequence[int], names: Mapping[int, str]) -> list[str]:
    return [names.get(r, str(r)) for r in path]
