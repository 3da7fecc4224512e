"""Bake dates and best-by dates on a label (docs/product.md §6.8; the freshness
rule is the bake calendar's, §6.10).

The items of an assignment come from the event's good items oldest bake first; leftovers
moved in from another event keep their own bake date. *Baked on* is the oldest bake among a
label's items; *best by* is the earliest best-by among them, so a fresh bake never hides an
older one's expiry.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta


@dataclass(frozen=True)
class Freshness:
    """Shelf life at room temperature, and in the freezer, in whole days (None: not set)."""

    shelf_life_days: int | None = None
    frozen_shelf_life_days: int | None = None


@dataclass(frozen=True)
class BakedBatch:
    """``count`` good items of one item (by name) from one bake, with their freshness."""

    item: str
    baked_on: date
    count: int
    freshness: Freshness = Freshness()
    frozen_on: date | None = None
    thawed_on: date | None = None


@dataclass(frozen=True)
class LabelDates:
    baked_on: date | None
    best_by: date | None


@dataclass(frozen=True)
class Demand:
    """``count`` of an item that the assignment ``key`` needs."""

    key: Hashable
    item: str
    count: int


@dataclass(frozen=True)
class Allocation:
    """Per demand key, the batches its items come from (oldest first), and per key and item
    how many are not baked yet."""

    batches: Mapping[Hashable, tuple[BakedBatch, ...]]
    not_baked: Mapping[Hashable, Mapping[str, int]]


def best_by(batch: BakedBatch) -> date | None:
    """The last day the batch is good: bake date + shelf life; frozen days do not count, so a
    thawed batch has what was left of its shelf life from the thaw date. A batch still in the
    freezer is good until frozen date + frozen shelf life. None when no such life is set."""
    life = batch.freshness.shelf_life_days
    if batch.frozen_on is None:
        return None if life is None else batch.baked_on + timedelta(days=life)
    if batch.thawed_on is None:
        frozen_life = batch.freshness.frozen_shelf_life_days
        return None if frozen_life is None else batch.frozen_on + timedelta(days=frozen_life)
    if life is None:
        return None
    used = (batch.frozen_on - batch.baked_on).days
    return batch.thawed_on + timedelta(days=max(0, life - used))


def label_dates(batches: Iterable[BakedBatch]) -> LabelDates:
    """Baked on = the oldest bake date; best by = the earliest best-by (items without a shelf
    life do not limit it). Both None without batches."""
    batches = [b for b in batches if b.count > 0]
    expiries = [d for d in (best_by(b) for b in batches) if d is not None]
    return LabelDates(
        baked_on=min((b.baked_on for b in batches), default=None),
        best_by=min(expiries, default=None),
    )


def allocate_oldest_first(demands: Sequence[Demand], supply: Iterable[BakedBatch]) -> Allocation:
    """Give each demand, in the order given, its items from the oldest bake first (FIFO
    over good items). What the bakes do not cover is reported as not baked."""
    queues: dict[str, list[BakedBatch]] = {}
    for batch in sorted(supply, key=lambda b: (b.baked_on, b.frozen_on or date.min)):
        if batch.count > 0:
            queues.setdefault(batch.item, []).append(batch)
    batches: dict[Hashable, list[BakedBatch]] = {}
    not_baked: dict[Hashable, dict[str, int]] = {}
    for demand in demands:
        taken = batches.setdefault(demand.key, [])
        wanted = demand.count
        queue = queues.get(demand.item, [])
        while wanted and queue:
            head = queue[0]
            share = min(wanted, head.count)
            taken.append(replace(head, count=share))
            wanted -= share
            if share == head.count:
                queue.pop(0)
            else:
                queue[0] = replace(head, count=head.count - share)
        if wanted:
            missing = not_baked.setdefault(demand.key, {})
            missing[demand.item] = missing.get(demand.item, 0) + wanted
    return Allocation(
        batches={key: tuple(value) for key, value in batches.items()},
        not_baked=not_baked,
    )
