"""Oven outcomes, pure: good items, losses, their cost and what is still to bake.

docs/product.md §6.13: a bake of B batches is expected to give, of each item its recipe
yields, the batches split the way the event's plan splits them × items per batch; fewer
good items is a loss. Progress counts good items: made = the expected split of every live
batch − losses + items moved in − items moved out. A loss or a move costs its share of its
bake, counted in batches (items ÷ items per batch ÷ the bake's batches), rounded to 4
places.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from bakehouse.domain.numbers import ZERO, quantize_money

#: More good items than this many times what a bake is expected to give is taken for a
#: typo and refused (docs/product.md §6.13).
GOOD_ITEMS_FACTOR = 10


class LossReason(StrEnum):
    """Why items were lost; ``ruined`` is a whole bake written off."""

    BURNT = "burnt"
    BROKEN = "broken"
    DROPPED = "dropped"
    TASTED = "tasted"
    RUINED = "ruined"
    OTHER = "other"

    @property
    def phrase(self) -> str:
        """How the cost breakdown names the loss: "lost to burnt trays"."""
        return _PHRASES[self]


_PHRASES = {
    LossReason.BURNT: "burnt trays",
    LossReason.BROKEN: "breakage",
    LossReason.DROPPED: "dropped items",
    LossReason.TASTED: "tasting",
    LossReason.RUINED: "ruined bakes",
    LossReason.OTHER: "other losses",
}


class OutcomeKind(StrEnum):
    """A loss of good items, or good items moved from one event to another."""

    LOSS = "loss"
    MOVE = "move"


@dataclass(frozen=True)
class ItemShare:
    """One item of a recipe: how many the plan needs and how many a batch makes."""

    item_id: int
    items_per_batch: int
    needed: int


def plan_split(items: Iterable[ItemShare]) -> dict[int, Fraction]:
    """The share of a batch that goes to each item, as the plan splits it (the shares add
    up to 1). A recipe the plan does not need is split evenly between its items."""
    shares = list(items)
    if not shares:
        return {}
    weights = {s.item_id: Fraction(s.needed, s.items_per_batch) for s in shares}
    total = sum(weights.values(), Fraction(0))
    if total == 0:
        return {s.item_id: Fraction(1, len(shares)) for s in shares}
    return {item_id: weight / total for item_id, weight in weights.items()}


def expected_items(items: Iterable[ItemShare], batches: int) -> dict[int, int]:
    """Whole good items a bake of ``batches`` is expected to give of each item: its
    share of the batches × items per batch, rounded down."""
    shares = list(items)
    split = plan_split(shares)
    return {s.item_id: math.floor(batches * split[s.item_id] * s.items_per_batch) for s in shares}


def share_cost(cost: Decimal, items: int, items_per_batch: int, batches: int) -> Decimal:
    """What ``items`` of a bake of ``batches`` costing ``cost`` are worth: round(cost ×
    items ÷ items per batch ÷ batches, 4). For a one-item recipe that is cost × items ÷
    items expected: 8 of 48 cookies of a $10.00 bake cost $1.6667."""
    if items <= 0:
        return ZERO
    return quantize_money(cost * items / (Decimal(items_per_batch) * batches))


@dataclass(frozen=True)
class ItemChanges:
    """What happened to an item at an event after the oven: lost, moved in, moved out."""

    lost: int = 0
    moved_in: int = 0
    moved_out: int = 0

    @property
    def net(self) -> int:
        return self.moved_in - self.moved_out - self.lost

    def __add__(self, other: ItemChanges) -> ItemChanges:
        return ItemChanges(
            self.lost + other.lost,
            self.moved_in + other.moved_in,
            self.moved_out + other.moved_out,
        )


NO_CHANGES = ItemChanges()


@dataclass(frozen=True)
class ItemCount:
    """One item of a recipe at an event: needed, and good items made (exact)."""

    item_id: int
    items_per_batch: int
    needed: int
    made: Fraction

    @property
    def missing(self) -> Fraction:
        return max(Fraction(0), self.needed - self.made)

    @property
    def made_whole(self) -> int:
        """Good items as a person counts them (a share of a batch rounds down)."""
        return max(0, math.floor(self.made))


def items_made(
    items: Iterable[ItemShare], batches: int, changes: Mapping[int, ItemChanges]
) -> tuple[ItemCount, ...]:
    """Each item's need and good items: ``batches`` split as the plan splits them, less
    losses, plus moves in, less moves out."""
    shares = list(items)
    split = plan_split(shares)
    return tuple(
        ItemCount(
            s.item_id,
            s.items_per_batch,
            s.needed,
            batches * split[s.item_id] * s.items_per_batch + changes.get(s.item_id, NO_CHANGES).net,
        )
        for s in shares
    )


def is_covered(counts: Iterable[ItemCount]) -> bool:
    """Every item's need is covered by good items."""
    return all(c.made >= c.needed for c in counts)


def batches_still_to_bake(counts: Iterable[ItemCount]) -> int:
    """ceil(Σ over the items of missing itemsᵢ ÷ items per batchᵢ)."""
    return math.ceil(sum((c.missing / c.items_per_batch for c in counts), Fraction(0)))


def good_batches(
    batches: int, changes: Mapping[int, ItemChanges], items_per_batch: Mapping[int, int]
) -> Fraction:
    """The batches' worth of good items an event holds of a recipe: live batches, less
    what was lost or moved out, plus what was moved in, each item counted as
    1 ÷ items per batch. With no changes this is ``batches``: the assembly check
    (docs/product.md §2.5) allocates packages against it."""
    return batches + sum(
        (Fraction(c.net, items_per_batch[item_id]) for item_id, c in changes.items()),
        Fraction(0),
    )
