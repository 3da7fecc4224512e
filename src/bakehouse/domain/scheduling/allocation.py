"""Who each batch is for (docs/product.md §6.10).

Good items already made go to the deliveries of their event, earliest first, where they
still keep; what is left of each delivery's need is grouped per recipe, earliest delivery
first, into bake groups whose freshness windows overlap: one batch may then serve every
delivery of its group. Prepared stock goes to sub-recipe needs the same way (earliest
best-before first).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction
from typing import Generic, TypeVar

from bakehouse.domain.scheduling.inputs import (
    Delivery,
    DeliveryRef,
    Item,
    ItemCount,
    MadeItems,
    PreparedLot,
)
from bakehouse.domain.scheduling.results import ItemShare
from bakehouse.domain.scheduling.windows import (
    Keeping,
    Need,
    Window,
    Windows,
    good_through,
    keeping_of,
    thaw_days,
    windows_for,
)

T = TypeVar("T")


@dataclass(frozen=True)
class DeliveryDays:
    """A delivery with its derived days: assembly (never before today) and the day its
    gifts must still be good on (delivery day + days to keep)."""

    delivery: Delivery
    assembly_day: date
    good_until: date

    @property
    def ref(self) -> DeliveryRef:
        return self.delivery.ref


@dataclass(frozen=True)
class MadeThaw:
    """Still-frozen made items one delivery uses: out of the freezer on ``day``."""

    delivery: DeliveryDays
    item: Item
    count: int
    day: date


@dataclass(frozen=True)
class MadeStale:
    made: MadeItems
    item: Item
    count: int
    good_through: date
    delivery: DeliveryDays


@dataclass(frozen=True)
class MadeAllocation:
    remaining: dict[tuple[DeliveryRef, int], int]
    thaws: tuple[MadeThaw, ...]
    stale: tuple[MadeStale, ...]


def _made_key(m: MadeItems) -> tuple[object, ...]:
    return (
        m.baked_on,
        m.event_id,
        m.item_id,
        m.assignment_id is not None,
        m.assignment_id or 0,
        m.frozen_on or date.min,
        m.thawed_on or date.min,
        m.count,
    )


def allocate_made_items(
    deliveries: Sequence[DeliveryDays],
    made: Sequence[MadeItems],
    items: Mapping[int, Item],
    today: date,
) -> MadeAllocation:
    """What each (delivery, item) still needs once the good items made for it are counted.

    ``deliveries`` must be sorted earliest first. Made items that will not keep until a
    delivery still short once every lot is counted are left out and returned as stale;
    what no delivery still needs is surplus (docs/product.md §6.10).
    """
    remaining: dict[tuple[DeliveryRef, int], int] = defaultdict(int)
    for d in deliveries:
        for line in d.delivery.items:
            remaining[(d.ref, line.item_id)] += line.count
    thaws: list[MadeThaw] = []
    stale: list[MadeStale] = []
    by_event: dict[int, list[DeliveryDays]] = defaultdict(list)
    for d in deliveries:
        by_event[d.ref.event_id].append(d)
    refusals: list[tuple[MadeItems, Item, int, list[tuple[DeliveryDays, date]]]] = []
    for m in sorted(made, key=_made_key):
        item = items[m.item_id]
        left = m.count
        refused: list[tuple[DeliveryDays, date]] = []
        for d in by_event.get(m.event_id, ()):
            if left == 0:
                break
            if m.assignment_id is not None and d.ref.assignment_id != m.assignment_id:
                continue
            need = remaining.get((d.ref, m.item_id), 0)
            if need == 0:
                continue
            keeps, thaw_on, last = _keeps_for(m, item, d, today)
            if not keeps:
                assert last is not None  # only what has a last day can fail to keep
                refused.append((d, last))
                continue
            take = min(left, need)
            remaining[(d.ref, m.item_id)] = need - take
            left -= take
            if thaw_on is not None:
                thaws.append(MadeThaw(d, item, take, thaw_on))
        if left and refused:
            refusals.append((m, item, left, refused))
    # Stale: what is left of a lot that would not keep for a delivery still short once every
    # lot is counted (named after the earliest), at most that shortage; left over with no
    # such delivery, it is surplus (docs/product.md §6.10).
    unclaimed = dict(remaining)
    for m, item, left, refused_by in refusals:
        count, named = 0, None
        for d, last in refused_by:
            take = min(left - count, unclaimed.get((d.ref, m.item_id), 0))
            if take:
                unclaimed[(d.ref, m.item_id)] -= take
                count += take
                named = named or (d, last)
        if named is not None:
            stale.append(MadeStale(m, item, count, named[1], named[0]))
    return MadeAllocation(
        {key: n for key, n in remaining.items() if n > 0}, tuple(thaws), tuple(stale)
    )


def _keeps_for(
    m: MadeItems, item: Item, d: DeliveryDays, today: date
) -> tuple[bool, date | None, date | None]:
    """Whether made items keep for delivery ``d``; the day still-frozen ones come out (the
    latest that serves ``d`` within their frozen shelf life, never before today); the
    last day they are good."""
    f = item.freshness
    thaw_on = None
    if m.frozen_on is not None and m.thawed_on is None:
        thaw_on = d.assembly_day - timedelta(days=thaw_days(f))
        if f.frozen_shelf_life_days is not None:
            thaw_by = m.frozen_on + timedelta(days=f.frozen_shelf_life_days)
            if thaw_by < today:
                return False, None, thaw_by
            thaw_on = min(thaw_on, thaw_by)
        thaw_on = max(today, thaw_on)
    last = good_through(m.baked_on, f, frozen_on=m.frozen_on, thawed_on=m.thawed_on or thaw_on)
    return last is None or last >= d.good_until, thaw_on, last


@dataclass(frozen=True)
class Demand:
    """What one delivery still needs of one recipe's items."""

    delivery: DeliveryDays
    items: tuple[ItemCount, ...]
    batches: Fraction
    need: Need


def recipe_demands(
    deliveries: Sequence[DeliveryDays],
    remaining: Mapping[tuple[DeliveryRef, int], int],
    items: Mapping[int, Item],
) -> dict[int, list[Demand]]:
    """Per recipe, each delivery's remaining need, earliest delivery first."""
    per_batch: dict[int, int] = defaultdict(lambda: 1)  # a common denominator per recipe
    for item in items.values():
        per_batch[item.recipe_id] = math.lcm(per_batch[item.recipe_id], item.items_per_batch)
    by_recipe: dict[int, list[Demand]] = {}
    for d in deliveries:
        counts: dict[int, dict[int, int]] = defaultdict(dict)
        for line in d.delivery.items:
            left = remaining.get((d.ref, line.item_id), 0)
            if left:
                counts[items[line.item_id].recipe_id][line.item_id] = left
        for recipe_id in sorted(counts):
            lines = tuple(ItemCount(i, n) for i, n in sorted(counts[recipe_id].items()))
            share = per_batch[recipe_id]
            numerator = sum(c.count * (share // items[c.item_id].items_per_batch) for c in lines)
            rules = keeping_of(items[c.item_id].freshness for c in lines)
            need = Need.of(d.assembly_day, d.good_until, rules)
            demand = Demand(d, lines, Fraction(numerator, share), need)
            by_recipe.setdefault(recipe_id, []).append(demand)
    return by_recipe


@dataclass(frozen=True)
class BatchGroup(Generic[T]):
    """Batches that serve ``members`` together, anywhere in ``windows``.

    Not ``pooled``: the whole batches one member needs, in its own window. ``pooled``: one
    batch filled with what several members need beyond their whole batches, in the
    intersection of their windows; ``continues`` when its last member's need goes on into
    the next pooled batch.
    """

    members: tuple[T, ...]
    windows: Windows
    batches: int
    pooled: bool
    continues: bool = False


@dataclass
class _Pool(Generic[T]):
    members: list[T]
    need: Need
    windows: Windows
    fill: Fraction

    def close(self, continues: bool) -> BatchGroup[T]:
        return BatchGroup(tuple(self.members), self.windows, 1, True, continues)


def group_batches(
    members: Sequence[T],
    batches_of: Callable[[T], Fraction],
    need_of: Callable[[T], Need],
    today: date,
    workable: Callable[[Window], bool],
) -> list[BatchGroup[T]]:
    """Each member's whole batches on their own, in its own window; then, earliest first,
    the fractions left over fill shared batches one at a time: a member joins the open
    batch while their windows still share a day the baker can work (``workable``), and
    what does not fit goes on into the next one. Whole batches keep the widest window; a
    shared batch serves several deliveries only where their windows allow."""
    groups = [
        BatchGroup((m,), windows_for(need_of(m), today), math.floor(batches_of(m)), False)
        for m in members
        if batches_of(m) >= 1
    ]
    pool: _Pool[T] | None = None
    for member in members:
        rest = batches_of(member) % 1
        if not rest:
            continue
        need = need_of(member)
        if pool is not None:
            joined = pool.need.with_(need)
            joined_windows = windows_for(joined, today)
            if not joined_windows.fresh.is_empty and workable(joined_windows.fresh):
                pool.members.append(member)
                pool.need, pool.windows = joined, joined_windows
                pool.fill += rest
            else:
                groups.append(pool.close(continues=False))
                pool = None
        if pool is None:
            pool = _Pool([member], need, windows_for(need, today), rest)
        if pool.fill >= 1:
            over = pool.fill - 1
            groups.append(pool.close(continues=over > 0))
            pool = _Pool([member], need, windows_for(need, today), over) if over else None
    if pool is not None:
        groups.append(pool.close(continues=False))
    return groups


def share_items(
    demands: Sequence[Demand],
    task_batches: Sequence[int],
    items: Mapping[int, Item],
    wanted: dict[tuple[DeliveryRef, int], int],
    *,
    rest: bool,
    keep_last: bool = False,
) -> list[tuple[ItemShare, ...]]:
    """Split the items still ``wanted`` by ``demands`` over bakes of ``task_batches`` (in
    day order), earliest delivery first, taking them out of ``wanted``.

    Each bake takes whole items up to its batches. With ``rest`` the last bake also takes
    what whole-item rounding left over (of every member but the last when ``keep_last``:
    its need goes on into the next group), so every item is in some bake.
    """
    shares: list[dict[tuple[DeliveryRef, int], int]] = [{} for _ in task_batches]
    room = [Fraction(b) for b in task_batches]
    k = 0
    for demand in demands:
        for line in demand.items:
            key = (demand.delivery.ref, line.item_id)
            per_batch = items[line.item_id].items_per_batch
            while wanted[key] and k < len(room):
                fit = min(wanted[key], math.floor(room[k] * per_batch))
                if fit:
                    shares[k][key] = shares[k].get(key, 0) + fit
                    room[k] -= Fraction(fit, per_batch)
                    wanted[key] -= fit
                if wanted[key]:
                    k += 1
    if rest and shares:
        for demand in demands[:-1] if keep_last else demands:
            for line in demand.items:
                key = (demand.delivery.ref, line.item_id)
                if wanted[key]:
                    shares[-1][key] = shares[-1].get(key, 0) + wanted[key]
                    wanted[key] = 0
    return [tuple(ItemShare(ref, item, n) for (ref, item), n in s.items()) for s in shares]


@dataclass(frozen=True)
class SubDemand:
    """A parent bake on ``day`` draws ``quantity`` of a sub-recipe (its stock unit)."""

    day: date
    parent_recipe_id: int
    quantity: Fraction
    deliveries: tuple[DeliveryRef, ...]
    need: Need


@dataclass(frozen=True)
class LotThaw:
    lot_id: int
    day: date
    needed_on: date
    deliveries: tuple[DeliveryRef, ...]


def _fefo(lot: PreparedLot) -> tuple[object, ...]:
    return (lot.best_before is None, lot.best_before or date.max, lot.made_on, lot.lot_id)


def allocate_prepared(
    demands: Sequence[SubDemand], lots: Sequence[PreparedLot], keeping: Keeping, today: date
) -> tuple[list[SubDemand], list[LotThaw]]:
    """Prepared stock to sub-recipe needs, earliest need first, earliest best-before first.

    A lot serves a bake on day D when made by then and still good on D (a frozen lot: out
    of the freezer by its best-before, ``keeping.thaw_days`` before D). Returns what each
    need still lacks (needs fully served dropped) and the thaws of frozen lots used.
    """
    left = {lot.lot_id: Fraction(lot.quantity) for lot in lots}
    ordered = sorted(lots, key=_fefo)
    still: list[SubDemand] = []
    thaws: list[LotThaw] = []
    for demand in demands:
        wanted = demand.quantity
        for lot in ordered:
            if wanted == 0:
                break
            if left[lot.lot_id] == 0 or lot.made_on > demand.day:
                continue
            thaw_on = max(today, demand.day - timedelta(days=keeping.thaw_days))
            use_day = thaw_on if lot.frozen else demand.day
            if lot.best_before is not None and lot.best_before < use_day:
                continue
            take = min(wanted, left[lot.lot_id])
            left[lot.lot_id] -= take
            wanted -= take
            if lot.frozen:
                thaws.append(LotThaw(lot.lot_id, thaw_on, demand.day, demand.deliveries))
        if wanted:
            still.append(
                SubDemand(
                    demand.day,
                    demand.parent_recipe_id,
                    wanted,
                    demand.deliveries,
                    demand.need,
                )
            )
    return still, thaws
