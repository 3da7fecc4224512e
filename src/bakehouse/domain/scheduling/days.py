"""The schedule's days: tasks merged per recipe and day, in the order they happen."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from bakehouse.domain.scheduling.inputs import DeliveryRef
from bakehouse.domain.scheduling.placement import Ledger
from bakehouse.domain.scheduling.results import (
    AssembleTask,
    BakeTask,
    DaySchedule,
    DeliverTask,
    FreezeTask,
    ItemShare,
    MakeTask,
    Task,
)


def _task_key(depth: Mapping[int, int]) -> Callable[[Task], tuple[object, ...]]:
    """Kind by kind; within a kind, a sub-recipe before the recipes that use it (deepest
    first), then by name."""

    def key(task: Task) -> tuple[object, ...]:
        if isinstance(task, AssembleTask | DeliverTask):
            return (task.kind, 0, task.delivery, task.ref.sort_key)
        return (task.kind, -depth.get(task.recipe_id, 0), task.recipe, task.recipe_id)

    return key


def _merged(tasks: Sequence[Task]) -> list[Task]:
    """One bake (make, freeze) per recipe and day: groups baked the same day are one
    session, for all their deliveries."""
    out: list[Task] = []
    index: dict[tuple[object, ...], int] = {}
    for task in tasks:
        if isinstance(task, BakeTask | MakeTask | FreezeTask):
            key = (type(task), task.recipe_id, getattr(task, "frozen", None), task.day)
            at = index.get(key)
            if at is not None:
                out[at] = _combine(out[at], task)
                continue
            index[key] = len(out)
        out.append(task)
    return out


def _union(a: Sequence[DeliveryRef], b: Sequence[DeliveryRef]) -> tuple[DeliveryRef, ...]:
    return tuple(dict.fromkeys([*a, *b]))


def _added(shares: Sequence[ItemShare]) -> tuple[ItemShare, ...]:
    """Counts for the same delivery and item added up, first seen first."""
    totals: dict[tuple[DeliveryRef, int], int] = {}
    for share in shares:
        key = (share.ref, share.item_id)
        totals[key] = totals.get(key, 0) + share.count
    return tuple(ItemShare(ref, item_id, count) for (ref, item_id), count in totals.items())


def _combine(a: Task, b: Task) -> Task:
    if isinstance(a, BakeTask) and isinstance(b, BakeTask):
        return replace(
            a,
            batches=a.batches + b.batches,
            minutes=a.minutes + b.minutes,
            deliveries=_union(a.deliveries, b.deliveries),
            items=_added(a.items + b.items),
        )
    if isinstance(a, MakeTask) and isinstance(b, MakeTask):
        return replace(
            a,
            batches=a.batches + b.batches,
            minutes=a.minutes + b.minutes,
            deliveries=_union(a.deliveries, b.deliveries),
            for_recipes=tuple(sorted({*a.for_recipes, *b.for_recipes})),
        )
    assert isinstance(a, FreezeTask)
    assert isinstance(b, FreezeTask)
    return replace(a, batches=a.batches + b.batches, thaw_on=min(a.thaw_on, b.thaw_on))


def day_schedules(
    tasks: Sequence[Task], ledger: Ledger, horizon: Sequence[date], depth: Mapping[int, int]
) -> tuple[DaySchedule, ...]:
    """Every day of ``horizon`` with its tasks in the order they happen and its minutes.

    ``depth``: how deep each sub-recipe sits below the recipes that use it (1 and more).
    """
    order = _task_key(depth)
    by_day: dict[date, list[Task]] = defaultdict(list)
    for task in _merged(tasks):
        by_day[task.day].append(task)
    return tuple(
        DaySchedule(
            day,
            ledger.capacity(day),
            ledger.used(day),
            tuple(sorted(by_day.get(day, ()), key=order)),
        )
        for day in horizon
    )
