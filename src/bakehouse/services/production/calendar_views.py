"""The bake calendar as people read it: each day's tasks in words, today's bakes with
what to record, the baker's sheet with the day's ingredient totals (docs/product.md §6.10).

Plain values built from a :class:`Calendar` (no statements): the pages, the API, the CLI
and the iCalendar export all show these, so they say the same thing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from bakehouse.domain.numbers import quantize_quantity
from bakehouse.domain.scheduling import (
    AssembleTask,
    BakeTask,
    DeliverTask,
    DeliveryRef,
    FreezeTask,
    MakeTask,
    Task,
    ThawTask,
)
from bakehouse.domain.scheduling.report import batches as batches_text
from bakehouse.domain.scheduling.report import format_day, format_minutes
from bakehouse.services.production.calendar import Calendar
from bakehouse.units.conversion import canonical_unit


@dataclass(frozen=True)
class BakeFor:
    """What recording a task's bake for one event takes: the event, the recipe and the
    batches of the bake that are that event's (its items, rounded up to whole batches)."""

    event_id: int
    event: str
    recipe_id: int
    batches: int


@dataclass(frozen=True)
class TaskView:
    kind: str  # thaw, make, bake, freeze, assemble, deliver
    text: str
    minutes: int
    recipe_id: int | None
    batches: int
    frozen: bool
    deliveries: tuple[str, ...]
    event_ids: tuple[int, ...]
    record: tuple[BakeFor, ...]


@dataclass(frozen=True)
class DayView:
    day: date
    label: str
    capacity_minutes: int
    minutes_used: int
    tasks: tuple[TaskView, ...]
    is_today: bool

    @property
    def minutes_free(self) -> int:
        return self.capacity_minutes - self.minutes_used

    @property
    def time_text(self) -> str:
        if self.capacity_minutes == 0:
            return "no baking time"
        return f"{format_minutes(self.minutes_used)} of {format_minutes(self.capacity_minutes)}"


@dataclass(frozen=True)
class IngredientTotal:
    ingredient_id: int
    ingredient: str
    quantity: Decimal
    unit: str


@dataclass(frozen=True)
class SheetLine:
    recipe_id: int
    recipe: str
    batches: int
    kind: str  # make or bake
    frozen: bool
    deliveries: tuple[str, ...]


@dataclass(frozen=True)
class BakersSheet:
    """One day's work to print: what to make and bake, and every ingredient it takes."""

    day: DayView
    lines: tuple[SheetLine, ...]
    ingredients: tuple[IngredientTotal, ...]


@dataclass(frozen=True)
class Notice:
    kind: str  # unschedulable, extra_batches, stale, missing
    message: str


@dataclass(frozen=True)
class CalendarView:
    today: date
    first: date
    last: date
    days: tuple[DayView, ...]
    notices: tuple[Notice, ...]


def calendar_view(calendar: Calendar, first: date, last: date) -> CalendarView:
    """Days ``first`` to ``last`` (a day the schedule does not reach has no tasks and the
    baker's hours of that day), and everything the baker must know about the plan."""
    days = []
    day = first
    while day <= last:
        days.append(day_view(calendar, day))
        day = date.fromordinal(day.toordinal() + 1)
    return CalendarView(calendar.today, first, last, tuple(days), notices(calendar))


def notices(calendar: Calendar) -> tuple[Notice, ...]:
    schedule = calendar.schedule
    return (
        *(Notice("missing", m.message) for m in calendar.missing),
        *(Notice("unschedulable", u.message) for u in schedule.unschedulable),
        *(Notice("extra_batches", e.message) for e in schedule.extra_batches),
        *(Notice("stale", s.message) for s in schedule.stale_items),
    )


def day_view(calendar: Calendar, day: date) -> DayView:
    scheduled = calendar.schedule.on(day)
    if scheduled is None:
        capacity = calendar.inputs.capacity.minutes_on(day) if day >= calendar.today else 0
        return DayView(day, _label(day), capacity, 0, (), day == calendar.today)
    return DayView(
        day,
        _label(day),
        scheduled.capacity_minutes,
        scheduled.minutes_used,
        tuple(task_view(calendar, task) for task in scheduled.tasks),
        day == calendar.today,
    )


def _label(day: date) -> str:
    return f"{day:%a} {format_day(day)}"


def _names(calendar: Calendar, refs: tuple[DeliveryRef, ...]) -> tuple[str, ...]:
    return tuple(calendar.delivery_name(ref) for ref in refs)


def task_view(calendar: Calendar, task: Task) -> TaskView:
    """One task in a baker's words."""
    if isinstance(task, BakeTask):
        names = _names(calendar, task.deliveries)
        frozen = ", then freeze" if task.frozen else ""
        return TaskView(
            "bake", f"Bake {batches_text(task.batches)} of {task.recipe} for "
            f"{' and '.join(names)}{frozen}", task.minutes, task.recipe_id, task.batches,
            task.frozen, names, _event_ids(task.deliveries), _record(calendar, task),
        )  # fmt: skip
    if isinstance(task, MakeTask):
        names = _names(calendar, task.deliveries)
        frozen = ", then freeze" if task.frozen else ""
        # Prepared stock is made once, for the first event it serves (docs/product.md §6.12).
        first = task.deliveries[0].event_id if task.deliveries else None
        record = (
            ()
            if first is None
            else (
                BakeFor(
                    first,
                    calendar.events.get(first, f"event {first}"),
                    task.recipe_id,
                    task.batches,
                ),
            )
        )
        return TaskView(
            "make", f"Make {batches_text(task.batches)} of {task.recipe}{frozen}",
            task.minutes, task.recipe_id, task.batches, task.frozen, names,
            _event_ids(task.deliveries), record,
        )  # fmt: skip
    if isinstance(task, FreezeTask):
        return TaskView(
            "freeze", f"Freeze {batches_text(task.batches)} of {task.recipe} "
            f"(take out on {format_day(task.thaw_on)})", 0, task.recipe_id, task.batches,
            True, (), (), (),
        )  # fmt: skip
    if isinstance(task, ThawTask):
        what = batches_text(task.batches) + " of " if task.batches else ""
        if task.items:
            count = sum(share.count for share in task.items)
            what = f"{count} items of "
        return TaskView(
            "thaw", f"Take {what}{task.recipe} out of the freezer "
            f"(needed {format_day(task.needed_on)})", 0, task.recipe_id, task.batches,
            True, _names(calendar, task.deliveries), _event_ids(task.deliveries), (),
        )  # fmt: skip
    if isinstance(task, AssembleTask):
        count = sum(p.count for p in task.packages)
        noun = "package" if count == 1 else "packages"
        return TaskView(
            "assemble", f"Assemble {count} {noun} for {task.delivery}", task.minutes, None,
            0, False, (task.delivery,), (task.ref.event_id,), (),
        )  # fmt: skip
    assert isinstance(task, DeliverTask)
    noun = "package" if task.packages == 1 else "packages"
    return TaskView(
        "deliver", f"Deliver {task.packages} {noun} for {task.delivery}", 0, None, 0, False,
        (task.delivery,), (task.ref.event_id,), (),
    )  # fmt: skip


def _event_ids(refs: tuple[DeliveryRef, ...]) -> tuple[int, ...]:
    return tuple(sorted({ref.event_id for ref in refs}))


def _record(calendar: Calendar, task: BakeTask) -> tuple[BakeFor, ...]:
    """The bake split by event: each event's items of it in whole batches, at most the
    task's batches (a bake is recorded for one event, docs/product.md §6.11)."""
    per_batch = {i.item_id: i.items_per_batch for i in calendar.inputs.items}
    share: dict[int, Fraction] = defaultdict(Fraction)
    for item in task.items:
        share[item.ref.event_id] += Fraction(item.count, per_batch[item.item_id])
    if not share:
        return ()
    result = []
    for event_id in sorted(share):
        count = min(task.batches, max(1, math.ceil(share[event_id])))
        name = calendar.events.get(event_id, f"event {event_id}")
        result.append(BakeFor(event_id, name, task.recipe_id, count))
    return tuple(result)


def todays_bakes(calendar: Calendar) -> DayView:
    return day_view(calendar, calendar.today)


def bakers_sheet(calendar: Calendar, day: date) -> BakersSheet:
    """The day's sheet: each make and bake with its batches, and the ingredients of all of
    them together in each ingredient's stock unit (g, ml or each)."""
    view = day_view(calendar, day)
    lines: list[SheetLine] = []
    totals: dict[int, Decimal] = defaultdict(Decimal)
    for task in view.tasks:
        if task.kind not in ("make", "bake") or task.recipe_id is None:
            continue
        info = calendar.catalog.recipes.get(task.recipe_id)
        lines.append(
            SheetLine(
                task.recipe_id, info.name if info else str(task.recipe_id), task.batches,
                task.kind, task.frozen, task.deliveries,
            )
        )  # fmt: skip
        for need in info.batch_lines if info else ():
            totals[need.ingredient_id] += need.quantity * task.batches
    ingredients = calendar.catalog.ingredients
    rows = [
        IngredientTotal(
            ingredient_id, ingredients[ingredient_id].name, quantize_quantity(amount),
            canonical_unit(ingredients[ingredient_id].measure),
        )
        for ingredient_id, amount in totals.items()
    ]  # fmt: skip
    rows.sort(key=lambda r: r.ingredient.lower())
    return BakersSheet(view, tuple(lines), tuple(rows))
