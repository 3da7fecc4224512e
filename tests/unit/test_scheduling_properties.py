"""Properties of the bake calendar over generated seasons (issue 25, docs/product.md §6.10).

- No day is ever planned past its capacity, and a day's minutes are its tasks' minutes.
- Every placed batch is inside its window: fresh between T + R − S and the assembly day;
  frozen before that, thawed in time and within its frozen shelf life; a sub-recipe on or
  before a bake that uses it, within its own freshness.
- For seasons built to be feasible, nothing is unschedulable and every item needed is in
  exactly one bake.
- Recording a bake and planning again gives the schedule of the reduced demand.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given
from hypothesis import strategies as st

from bakehouse.domain.scheduling import (
    BakeTask,
    Capacity,
    DayOverride,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    MadeItems,
    MakeTask,
    Package,
    PackageCount,
    PreparedLot,
    Recipe,
    Schedule,
    ScheduleInput,
    SubLine,
    ThawTask,
    build_schedule,
)

TODAY = date(2026, 12, 1)
MINUTES = st.sampled_from((0, 15, 30, 45, 60))
QUANTITIES = st.sampled_from((Decimal("0.25"), Decimal("0.5"), Decimal(1), Decimal("1.5")))


def day(n: int) -> date:
    return TODAY + timedelta(days=n)


@st.composite
def freshnesses(
    draw: st.DrawFn, *, shelf: st.SearchStrategy[int | None] | None = None
) -> Freshness:
    return Freshness(
        shelf_life_days=draw(shelf if shelf is not None else st.none() | st.integers(0, 10)),
        freezable=draw(st.booleans()),
        frozen_shelf_life_days=draw(st.none() | st.integers(1, 30)),
        thaw_hours=draw(st.sampled_from((None, Decimal(0), Decimal(3), Decimal(12), Decimal(30)))),
    )


@st.composite
def seasons(draw: st.DrawFn, *, busy: bool = False) -> ScheduleInput:
    """Anything: tight or generous hours, days off, sub-recipes two deep, prepared stock
    and items already made (fresh, frozen, thawed, stale), deliveries per event or per
    assignment. ``busy``: some time every day and something to bake for every delivery."""
    sub_ids = list(range(20, 20 + draw(st.integers(0, 2))))
    recipes = []
    for k, sub_id in enumerate(sub_ids):
        lines: tuple[SubLine, ...] = ()
        if k + 1 < len(sub_ids) and draw(st.booleans()):
            lines = (SubLine(sub_ids[k + 1], draw(QUANTITIES)),)
        recipes.append(
            Recipe(
                sub_id,
                f"Sub {sub_id}",
                draw(MINUTES),
                draw(st.none() | st.integers(1, 3)),
                draw(st.sampled_from((Decimal(1), Decimal(2), Decimal("2.5")))),
                draw(freshnesses()),
                lines,
            )
        )
    items = []
    for recipe_id in range(1, draw(st.integers(1, 3)) + 1):
        lines = ()
        if sub_ids and draw(st.booleans()):
            lines = (SubLine(draw(st.sampled_from(sub_ids)), draw(QUANTITIES)),)
        recipes.append(
            Recipe(
                recipe_id,
                f"Recipe {recipe_id}",
                draw(MINUTES),
                draw(st.none() | st.integers(1, 4)),
                sub_lines=lines,
            )
        )
        for k in range(draw(st.integers(1, 2))):
            items.append(
                Item(
                    recipe_id * 10 + k,
                    f"Item {recipe_id * 10 + k}",
                    recipe_id,
                    draw(st.sampled_from((6, 12, 24))),
                    draw(freshnesses()),
                )
            )
    packages = [Package(p, f"Box {p}", draw(st.integers(0, 10))) for p in (1, 2)]
    deliveries = []
    assignment = 100
    for event_id in range(1, draw(st.integers(1, 4)) + 1):
        first = draw(st.integers(-1, 24))
        days = [first]
        if draw(st.booleans()):
            days.append(first + draw(st.integers(0, 4)))
        for n, when in enumerate(days):
            assignment += 1
            ref = DeliveryRef(event_id, assignment if len(days) > 1 else None)
            chosen = draw(
                st.lists(st.sampled_from(items), min_size=int(busy), max_size=3, unique=True)
            )
            deliveries.append(
                Delivery(
                    ref,
                    f"Event {event_id} #{n}",
                    day(when),
                    tuple(
                        ItemCount(i.item_id, draw(st.integers(1 if busy else 0, 60)))
                        for i in chosen
                    ),
                    tuple(PackageCount(p.package_id, draw(st.integers(0, 6))) for p in packages),
                )
            )
    hours = st.sampled_from((60, 120, 240, 480) if busy else (0, 60, 120, 240, 480))
    off = draw(st.lists(st.integers(0, 30), max_size=4, unique=True))
    changed = draw(st.lists(st.integers(0, 30), max_size=3, unique=True))
    capacity = Capacity(
        draw(hours),
        draw(hours),
        unavailable=frozenset(day(n) for n in off),
        overrides=tuple(DayOverride(day(n), draw(hours)) for n in changed),
    )
    prepared = [
        PreparedLot(
            lot,
            draw(st.sampled_from(sub_ids)),
            draw(st.sampled_from((Decimal(1), Decimal("2.5")))),
            day(-draw(st.integers(0, 5))),
            draw(st.none() | st.integers(-1, 20).map(day)),
            frozen=draw(st.booleans()),
        )
        for lot in range(draw(st.integers(0, 2)) if sub_ids else 0)
    ]
    made = []
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from(deliveries))
        baked = day(-draw(st.integers(0, 6)))
        frozen = draw(st.none() | st.just(baked))
        made.append(
            MadeItems(
                target.ref.event_id,
                draw(st.sampled_from(items)).item_id,
                draw(st.integers(0, 30)),
                baked,
                frozen,
                draw(st.none() | st.just(day(0))) if frozen else None,
                target.ref.assignment_id if draw(st.booleans()) else None,
            )
        )
    return ScheduleInput(
        today=TODAY,
        capacity=capacity,
        recipes=tuple(recipes),
        items=tuple(items),
        deliveries=tuple(deliveries),
        packages=tuple(packages),
        made_items=tuple(made),
        prepared_stock=tuple(prepared),
        keep_days=draw(st.integers(0, 3)),
        assembly_days_before=draw(st.integers(0, 2)),
    )


def assert_no_day_is_planned_past_its_capacity(inputs: ScheduleInput, schedule: Schedule) -> None:
    for d in schedule.days:
        assert 0 <= d.minutes_used <= d.capacity_minutes
        assert sum(t.minutes for t in d.tasks) == d.minutes_used
        assert d.capacity_minutes == inputs.capacity.minutes_on(d.day)
        if d.capacity_minutes == 0:
            assert not any(isinstance(t, BakeTask | MakeTask) for t in d.tasks)


def assert_every_batch_is_inside_its_window(inputs: ScheduleInput, schedule: Schedule) -> None:
    items = {i.item_id: i for i in inputs.items}
    recipes = {r.recipe_id: r for r in inputs.recipes}
    deliveries = {d.ref: d for d in inputs.deliveries}
    tasks = list(schedule.tasks())
    thaws = [t for t in tasks if isinstance(t, ThawTask) and t.batches]
    for task in tasks:
        assert task.day >= inputs.today
        if isinstance(task, BakeTask):
            for share in task.items:
                delivery = deliveries[share.ref]
                f = items[share.item_id].freshness
                assembly = max(inputs.today, delivery.day - timedelta(inputs.assembly_days_before))
                must_keep = delivery.day + timedelta(inputs.keep_days)
                assert task.day <= assembly
                starts = [task.day]
                if task.frozen:  # it keeps from its thaw, within its frozen shelf life
                    life = f.frozen_shelf_life_days
                    starts = [
                        t.day
                        for t in thaws
                        if t.recipe_id == task.recipe_id
                        and share.ref in t.deliveries
                        and task.day < t.day <= assembly
                        and (life is None or t.day - task.day <= timedelta(life))
                    ]
                shelf = f.shelf_life_days
                assert any(shelf is None or s + timedelta(shelf) >= must_keep for s in starts)
        if isinstance(task, MakeTask):
            keeps = recipes[task.recipe_id].freshness.shelf_life_days
            starts = [task.day]
            if task.frozen:
                life = recipes[task.recipe_id].freshness.frozen_shelf_life_days
                starts = [
                    t.day
                    for t in thaws
                    if t.recipe_id == task.recipe_id
                    and t.day > task.day
                    and (life is None or t.day - task.day <= timedelta(life))
                ]
            users = [
                t.day
                for t in tasks
                if isinstance(t, BakeTask | MakeTask) and t.recipe_id in task.for_recipes
            ]
            assert any(
                start <= used and (keeps is None or used - start <= timedelta(keeps))
                for start in starts
                for used in users
            )


# One generated season checks three properties (generating it costs more than planning).
@given(seasons())
def test_days_stay_within_their_hours_batches_in_their_windows_whatever_the_input_order(
    inputs: ScheduleInput,
) -> None:
    schedule = build_schedule(inputs)

    assert_no_day_is_planned_past_its_capacity(inputs, schedule)
    assert_every_batch_is_inside_its_window(inputs, schedule)
    shuffled = replace(
        inputs,
        recipes=inputs.recipes[::-1],
        items=inputs.items[::-1],
        deliveries=inputs.deliveries[::-1],
        made_items=inputs.made_items[::-1],
        prepared_stock=inputs.prepared_stock[::-1],
    )
    assert build_schedule(shuffled) == schedule


@st.composite
def feasible_seasons(draw: st.DrawFn) -> ScheduleInput:
    """Seasons built to be feasible: each day gets the minutes of everything that could be
    placed on it — the whole batches each delivery needs of each recipe whose window holds
    the day, their sub-recipe batches, the day's assembly — so any bake group, wherever
    its window, finds room on its latest day."""
    keep = draw(st.integers(0, 3))
    before = draw(st.integers(0, 2))
    shelf = st.none() | st.integers(keep + before, keep + before + 6)
    sub_ids = list(range(20, 20 + draw(st.integers(0, 2))))
    recipes = [
        Recipe(
            s,
            f"Sub {s}",
            draw(st.sampled_from((15, 30))),
            None,
            draw(st.sampled_from((Decimal(1), Decimal(2)))),
            draw(freshnesses()),
        )
        for s in sub_ids
    ]
    items = []
    for recipe_id in range(1, draw(st.integers(1, 3)) + 1):
        lines = ()
        if sub_ids and draw(st.booleans()):
            lines = (SubLine(draw(st.sampled_from(sub_ids)), draw(QUANTITIES)),)
        recipes.append(
            Recipe(
                recipe_id,
                f"Recipe {recipe_id}",
                draw(st.sampled_from((15, 45))),
                None,
                sub_lines=lines,
            )
        )
        for k in range(draw(st.integers(1, 2))):
            item_id = recipe_id * 10 + k
            items.append(
                Item(item_id, f"Item {item_id}", recipe_id, draw(st.sampled_from((6, 24))),
                     draw(freshnesses(shelf=shelf)))
            )  # fmt: skip
    package = Package(1, "Box", draw(st.integers(0, 10)))
    deliveries = []
    for event_id in range(1, draw(st.integers(1, 5)) + 1):
        first = draw(st.integers(3, 20))
        days = [first] + ([first + draw(st.integers(0, 4))] if draw(st.booleans()) else [])
        for n, when in enumerate(days):
            ref = DeliveryRef(event_id, event_id * 10 + n if len(days) > 1 else None)
            chosen = draw(st.lists(st.sampled_from(items), min_size=1, max_size=3, unique=True))
            deliveries.append(
                Delivery(
                    ref,
                    f"Event {event_id} #{n}",
                    day(when),
                    tuple(ItemCount(i.item_id, draw(st.integers(1, 60))) for i in chosen),
                    (PackageCount(1, draw(st.integers(0, 5))),),
                )
            )
    by_id = {r.recipe_id: r for r in recipes}
    load: Counter[date] = Counter()
    for d in deliveries:
        assembly = d.day - timedelta(before)
        load[assembly] += d.packages[0].count * package.assembly_minutes
        per_recipe: dict[int, list[ItemCount]] = {}
        for line in d.items:
            per_recipe.setdefault(line.item_id // 10, []).append(line)
        for recipe_id, lines in per_recipe.items():
            recipe = by_id[recipe_id]
            found = [items_by_id(items)[c.item_id] for c in lines]
            batches = math.ceil(
                sum(Fraction(c.count, i.items_per_batch) for c, i in zip(lines, found, strict=True))
            )
            shelves = [
                i.freshness.shelf_life_days
                for i in found
                if i.freshness.shelf_life_days is not None
            ]
            start = max(TODAY, d.day + timedelta(keep - min(shelves))) if shelves else TODAY
            for n in range((assembly - start).days + 1):
                load[start + timedelta(n)] += batches * recipe.minutes_per_batch
            for line in recipe.sub_lines:
                sub = by_id[line.sub_recipe_id]
                per_batch = math.ceil(Fraction(line.quantity) / Fraction(sub.batch_yield))
                keeps = sub.freshness.shelf_life_days
                first_day = TODAY if keeps is None else max(TODAY, start - timedelta(keeps))
                for n in range((assembly - first_day).days + 1):
                    load[first_day + timedelta(n)] += batches * per_batch * sub.minutes_per_batch
    capacity = Capacity(
        0,
        0,
        overrides=tuple(
            DayOverride(d, m + draw(st.integers(0, 30))) for d, m in sorted(load.items())
        ),
    )
    return ScheduleInput(
        today=TODAY,
        capacity=capacity,
        recipes=tuple(recipes),
        items=tuple(items),
        deliveries=tuple(deliveries),
        packages=(package,),
        keep_days=keep,
        assembly_days_before=before,
    )


def items_by_id(items: list[Item]) -> dict[int, Item]:
    return {i.item_id: i for i in items}


@given(feasible_seasons())
def test_a_season_built_to_be_feasible_has_nothing_unschedulable(inputs: ScheduleInput) -> None:
    schedule = build_schedule(inputs)

    assert schedule.unschedulable == ()
    assert schedule.stale_items == ()
    baked: Counter[tuple[DeliveryRef, int]] = Counter()
    for task in schedule.tasks():
        if isinstance(task, BakeTask):
            for share in task.items:
                baked[(share.ref, share.item_id)] += share.count
    needed = Counter({(d.ref, c.item_id): c.count for d in inputs.deliveries for c in d.items})
    assert baked == needed
    assert_no_day_is_planned_past_its_capacity(inputs, schedule)
    assert_every_batch_is_inside_its_window(inputs, schedule)


def reduced(delivery: Delivery, task: BakeTask) -> Delivery:
    taken = Counter({s.item_id: s.count for s in task.items if s.ref == delivery.ref})
    lines = tuple(ItemCount(c.item_id, c.count - taken[c.item_id]) for c in delivery.items)
    return replace(delivery, items=lines)


@given(seasons(busy=True), st.data())
def test_recording_a_bake_gives_the_schedule_of_the_reduced_demand(
    inputs: ScheduleInput, data: st.DataObject
) -> None:
    schedule = build_schedule(inputs)
    bakes = [t for t in schedule.tasks() if isinstance(t, BakeTask) and t.items]
    assume(bakes)
    task = data.draw(st.sampled_from(bakes))
    made = tuple(
        MadeItems(
            s.ref.event_id,
            s.item_id,
            s.count,
            task.day,
            frozen_on=task.day if task.frozen else None,
            assignment_id=s.ref.assignment_id,
        )
        for s in task.items
    )

    recorded = build_schedule(replace(inputs, made_items=inputs.made_items + made))
    planned_again = build_schedule(
        replace(inputs, deliveries=tuple(reduced(d, task) for d in inputs.deliveries))
    )

    # The same days, minutes and reports; only the recorded frozen items' thaw differs.
    assert recorded.unschedulable == planned_again.unschedulable
    assert recorded.extra_batches == planned_again.extra_batches
    assert recorded.stale_items == planned_again.stale_items
    for a, b in zip(recorded.days, planned_again.days, strict=True):
        assert (a.day, a.minutes_used, a.capacity_minutes) == (
            b.day,
            b.minutes_used,
            b.capacity_minutes,
        )
        extra = Counter(a.tasks) - Counter(b.tasks)
        assert not Counter(b.tasks) - Counter(a.tasks)
        assert all(isinstance(t, ThawTask) and t.items for t in extra)
    if not task.frozen:
        assert recorded == planned_again
