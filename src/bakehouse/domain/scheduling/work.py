"""Bake groups while they are placed, and the tasks they become (docs/product.md §6.10).

Each group is placed fresh first (latest feasible day first, for all groups at once);
what does not fit fresh and can be frozen is then placed before its fresh window, baked
and frozen the same day and thawed in time. Placed batches become bake (or make), freeze
and thaw tasks; what is left is kept for the report.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bakehouse.domain.scheduling import report
from bakehouse.domain.scheduling.allocation import Demand, share_items
from bakehouse.domain.scheduling.inputs import DeliveryRef, Item, Recipe, ScheduleInput
from bakehouse.domain.scheduling.placement import (
    Ledger,
    Unit,
    batches_that_fit,
    place_latest_first,
)
from bakehouse.domain.scheduling.results import (
    BakeTask,
    BatchSplit,
    ExtraBatches,
    FreezeTask,
    MakeTask,
    StaleItems,
    Task,
    ThawTask,
    Unschedulable,
)
from bakehouse.domain.scheduling.windows import Window, Windows


@dataclass
class Work:
    """One bake group of a recipe while it is being placed."""

    recipe: Recipe
    windows: Windows
    deliveries: tuple[DeliveryRef, ...]
    fresh: Unit
    frozen: Unit | None = None
    demands: tuple[Demand, ...] = ()
    for_recipes: tuple[int, ...] = ()
    by: date = date.max  # the day it is needed by, for the report
    pooled: bool = False  # one batch shared by several members' fractions
    # Whether the items left after filling its bakes (whole-item rounding of a recipe with
    # several items) go into its last bake: not when another group takes them over.
    takes_rest: bool = True
    continues: bool = False  # its last member's need goes on into the next pooled batch

    def placements(self) -> list[tuple[date, int, bool]]:
        out = [(day, n, False) for day, n in self.fresh.placed]
        if self.frozen is not None:
            out += [(day, n, True) for day, n in self.frozen.placed]
        return sorted(out)

    @property
    def left(self) -> int:
        return self.frozen.left if self.frozen is not None else self.fresh.left


@dataclass
class PlanState:
    """One schedule while it is computed: the inputs by id, the hours used so far, and
    what has been decided (tasks, reports, items still to share out)."""

    inputs: ScheduleInput
    recipes: Mapping[int, Recipe]
    items: Mapping[int, Item]
    ledger: Ledger
    tasks: list[Task] = field(default_factory=list)
    unschedulable: list[Unschedulable] = field(default_factory=list)
    extra: list[ExtraBatches] = field(default_factory=list)
    stale: list[StaleItems] = field(default_factory=list)
    unplaced: list[Work] = field(default_factory=list)
    sub_order: list[int] = field(default_factory=list)
    planned_subs: dict[int, int] = field(default_factory=dict)
    wanted: dict[tuple[DeliveryRef, int], int] = field(default_factory=dict)

    @property
    def today(self) -> date:
        return self.inputs.today

    def room_for(self, recipe: Recipe) -> Callable[[Window], bool]:
        """Whether some day of a window still has room for a batch of ``recipe``."""

        def has_room(window: Window) -> bool:
            probe = Unit(recipe.recipe_id, recipe.minutes_per_batch,
                         recipe.max_batches_per_session, window, 1)  # fmt: skip
            return any(batches_that_fit(self.ledger, probe, d) for d in window.days_latest_first())

        return has_room


@dataclass(frozen=True)
class Producer:
    """A placed bake or make: its day and batches draw on the recipe's sub-recipes."""

    recipe_id: int
    day: date
    batches: int
    deliveries: tuple[DeliveryRef, ...]


def unit_for(recipe: Recipe, windows: Windows, batches: int) -> Unit:
    """``batches`` of ``recipe`` to place fresh."""
    return Unit(
        recipe.recipe_id,
        recipe.minutes_per_batch,
        recipe.max_batches_per_session,
        windows.fresh,
        batches,
    )


def note_extra(plan: PlanState, recipe: Recipe, planned: int, works: Sequence[Work]) -> None:
    """Report the batches ``works`` need beyond the ``planned`` figure, with the shared
    batches that freshness split."""
    scheduled = sum(w.fresh.batches for w in works)
    if scheduled <= planned:
        return
    splits = tuple(
        BatchSplit(w.deliveries, w.by, w.windows.fresh.start, w.windows.fresh.end, w.fresh.batches)
        for w in works
        if w.pooled
    )
    message = report.extra_message(
        recipe.name, planned, scheduled, [w.by for w in works if w.by != date.max]
    )
    plan.extra.append(
        ExtraBatches(recipe.recipe_id, recipe.name, planned, scheduled, splits, message)
    )


def place_works(plan: PlanState, works: Sequence[Work], *, bake: bool) -> list[Producer]:
    """Fresh first for all of them, then frozen for what is left and can be frozen."""
    place_latest_first([w.fresh for w in works], plan.ledger)
    for w in works:
        if w.fresh.left and w.windows.thaw_on is not None:
            w.frozen = Unit(
                w.recipe.recipe_id, w.recipe.minutes_per_batch,
                w.recipe.max_batches_per_session, w.windows.frozen, w.fresh.left,
            )  # fmt: skip
    place_latest_first([w.frozen for w in works if w.frozen is not None], plan.ledger)
    producers: list[Producer] = []
    for w in works:
        placements = w.placements()
        producers += [
            Producer(w.recipe.recipe_id, day, n, w.deliveries) for day, n, _ in placements
        ]
        if bake:
            shares = share_items(
                w.demands,
                [n for _, n, _ in placements],
                plan.items,
                plan.wanted,
                rest=w.left == 0 and w.takes_rest,
                keep_last=w.continues,
            )
        else:
            shares = [() for _ in placements]
        for (day, n, frozen), items in zip(placements, shares, strict=True):
            minutes = n * w.recipe.minutes_per_batch
            name, rid = w.recipe.name, w.recipe.recipe_id
            if bake:
                plan.tasks.append(BakeTask(day, rid, name, n, minutes, w.deliveries, items, frozen))
            else:
                plan.tasks.append(
                    MakeTask(day, rid, name, n, minutes, w.for_recipes, w.deliveries, frozen)
                )
            if frozen:
                assert w.windows.thaw_on is not None
                plan.tasks.append(FreezeTask(day, rid, name, n, w.windows.thaw_on))
        frozen_batches = sum(n for _, n, frozen in placements if frozen)
        if frozen_batches:
            assert w.windows.thaw_on is not None
            plan.tasks.append(
                ThawTask(
                    w.windows.thaw_on, w.recipe.recipe_id, w.recipe.name, w.windows.fresh.end,
                    batches=frozen_batches, deliveries=w.deliveries,
                )
            )  # fmt: skip
        if w.left:
            plan.unplaced.append(w)
    return producers
