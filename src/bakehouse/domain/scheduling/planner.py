"""The bake calendar: what to thaw, make, bake, freeze, assemble and deliver each day.

docs/product.md §6.10. One pure function, :func:`build_schedule`, deterministic: the same
input gives the same schedule, and it plans only what is still to do, so recording a bake
and planning again gives the schedule of the reduced demand.

Order of work: fixed tasks first (assembly on its day counts against capacity; delivery),
then good items already made, then every recipe's items — grouped by freshness, placed
fresh latest day first, what does not fit fresh frozen earlier when it can be — then the
sub-recipes, parents before subs, each placed on or before the bakes that use it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import timedelta

from bakehouse.domain.scheduling import report
from bakehouse.domain.scheduling.allocation import (
    BatchGroup,
    DeliveryDays,
    Demand,
    allocate_made_items,
    group_batches,
    recipe_demands,
)
from bakehouse.domain.scheduling.checks import check_input
from bakehouse.domain.scheduling.days import day_schedules
from bakehouse.domain.scheduling.figures import planned_batches
from bakehouse.domain.scheduling.inputs import PackageCount, Recipe, ScheduleInput
from bakehouse.domain.scheduling.placement import Ledger
from bakehouse.domain.scheduling.results import (
    AssembleTask,
    DeliverTask,
    ItemShare,
    Reason,
    Schedule,
    StaleItems,
    ThawTask,
    Unschedulable,
)
from bakehouse.domain.scheduling.subrecipes import make_sub_recipes, sub_recipe_order
from bakehouse.domain.scheduling.windows import ONE_DAY, windows_for
from bakehouse.domain.scheduling.work import (
    PlanState,
    Producer,
    Work,
    note_extra,
    place_works,
    unit_for,
)


def build_schedule(inputs: ScheduleInput) -> Schedule:
    """The schedule from ``inputs.today`` through the last delivery.

    Raises :class:`~bakehouse.errors.InvalidInput` for input that breaks a rule (unknown
    ids, negative numbers, recipes that contain themselves).
    """
    check_input(inputs)
    today = inputs.today
    days_before = timedelta(days=inputs.assembly_days_before)
    keep = timedelta(days=inputs.keep_days)
    ordered = sorted(inputs.deliveries, key=lambda d: (d.day, d.ref.sort_key))
    current = [
        DeliveryDays(d, max(today, d.day - days_before), d.day + keep)
        for d in ordered
        if d.day >= today
    ]
    last = current[-1].delivery.day if current else today - ONE_DAY
    horizon = [today + timedelta(days=n) for n in range((last - today).days + 1)]
    plan = PlanState(
        inputs,
        {r.recipe_id: r for r in inputs.recipes},
        {i.item_id: i for i in inputs.items},
        Ledger({day: inputs.capacity.minutes_on(day) for day in horizon}),
    )
    plan.sub_order = sub_recipe_order(plan.recipes)
    for d in ordered:
        if d.day < today:
            suggestion, message = report.delivery_passed(
                d.name, d.day, today, inputs.assembly_days_before
            )
            plan.unschedulable.append(
                Unschedulable(
                    Reason.DELIVERY_PASSED, d.name, None, 0,
                    sum(p.count for p in d.packages), (d.ref,), None, None, (suggestion,), message,
                )
            )  # fmt: skip
    _assemble_and_deliver(plan, current)
    producers = _bake_items(plan, current)
    make_sub_recipes(plan, producers)
    _report_unplaced(plan)
    return Schedule(
        start=today,
        days=day_schedules(
            plan.tasks, plan.ledger, horizon, {r: n for n, r in enumerate(plan.sub_order, 1)}
        ),
        unschedulable=tuple(plan.unschedulable),
        extra_batches=tuple(plan.extra),
        stale_items=tuple(plan.stale),
    )


def _assemble_and_deliver(plan: PlanState, deliveries: Sequence[DeliveryDays]) -> None:
    minutes_of = {p.package_id: p.assembly_minutes for p in plan.inputs.packages}
    for d in deliveries:
        lines = sorted((p for p in d.delivery.packages if p.count > 0), key=lambda p: p.package_id)
        day = d.assembly_day
        placed: list[PackageCount] = []
        short = short_minutes = 0
        for line in lines:
            each = minutes_of[line.package_id]
            fit = line.count if each == 0 else min(line.count, plan.ledger.room(day) // each)
            if fit:
                plan.ledger.take(day, fit * each)
                placed.append(PackageCount(line.package_id, fit))
            short += line.count - fit
            short_minutes += (line.count - fit) * each
        if placed:
            minutes = sum(p.count * minutes_of[p.package_id] for p in placed)
            plan.tasks.append(AssembleTask(day, d.ref, d.delivery.name, tuple(placed), minutes))
        if short:
            free = plan.ledger.room(day)
            suggestion, message = report.assembly_message(
                d.delivery.name, short, short_minutes, day, free, plan.inputs.capacity
            )
            plan.unschedulable.append(
                Unschedulable(
                    Reason.NO_TIME_TO_ASSEMBLE, d.delivery.name, None, 0, short, (d.ref,),
                    day, day, (suggestion,), message,
                )
            )  # fmt: skip
        packages = sum(p.count for p in lines)
        plan.tasks.append(DeliverTask(d.delivery.day, d.ref, d.delivery.name, packages))


def _bake_items(plan: PlanState, deliveries: Sequence[DeliveryDays]) -> list[Producer]:
    made = allocate_made_items(deliveries, plan.inputs.made_items, plan.items, plan.today)
    for thaw in made.thaws:
        share = ItemShare(thaw.delivery.ref, thaw.item.item_id, thaw.count)
        recipe = plan.recipes[thaw.item.recipe_id]
        plan.tasks.append(
            ThawTask(
                thaw.day, recipe.recipe_id, recipe.name, thaw.delivery.assembly_day,
                items=(share,), deliveries=(thaw.delivery.ref,),
            )
        )  # fmt: skip
    for s in made.stale:
        name = s.delivery.delivery.name
        message = report.stale_message(s.count, s.item.name, s.made.baked_on, s.good_through, name)
        plan.stale.append(
            StaleItems(
                s.made.event_id, s.item.item_id, s.item.name, s.count, s.made.baked_on,
                s.good_through, s.delivery.ref, message,
            )
        )  # fmt: skip
    placeable = {
        recipe_id: [d for d in demands if _placeable(plan, plan.recipes[recipe_id], d)]
        for recipe_id, demands in sorted(
            recipe_demands(deliveries, made.remaining, plan.items).items()
        )
    }
    planned_items, plan.planned_subs = planned_batches(
        placeable, plan.recipes, plan.sub_order, plan.inputs.prepared_stock
    )
    works: list[Work] = []
    for recipe_id, demands in placeable.items():
        recipe = plan.recipes[recipe_id]
        for demand in demands:
            for line in demand.items:
                plan.wanted[(demand.delivery.ref, line.item_id)] = line.count
        groups = group_batches(
            demands, lambda d: d.batches, lambda d: d.need, plan.today, plan.room_for(recipe)
        )
        recipe_works = [_item_work(recipe, g) for g in groups]
        works += recipe_works
        note_extra(plan, recipe, planned_items.get(recipe_id, 0), recipe_works)
    return place_works(plan, works, bake=True)


def _placeable(plan: PlanState, recipe: Recipe, demand: Demand) -> bool:
    if not windows_for(demand.need, plan.today).fresh.is_empty:
        return True
    d = demand.delivery
    shelf = demand.need.keeping.shelf_life_days
    assert shelf is not None  # an empty window needs a shelf life
    reason, suggestions, message = report.keeps_too_short(
        recipe.name, d.delivery.name, shelf, plan.inputs.keep_days, d.delivery.day, d.assembly_day
    )
    plan.unschedulable.append(
        Unschedulable(
            reason, recipe.name, recipe.recipe_id, math.ceil(demand.batches), 0, (d.ref,),
            None, d.assembly_day, suggestions, message,
        )
    )  # fmt: skip
    return False


def _item_work(recipe: Recipe, group: BatchGroup[Demand]) -> Work:
    return Work(
        recipe,
        group.windows,
        tuple(d.delivery.ref for d in group.members),
        unit_for(recipe, group.windows, group.batches),
        demands=group.members,
        by=min(d.delivery.delivery.day for d in group.members),
        pooled=group.pooled,
        takes_rest=group.pooled or group.members[0].batches == group.batches,
        continues=group.continues,
    )


def _report_unplaced(plan: PlanState) -> None:
    for w in plan.unplaced:
        frozen_too = w.frozen is not None
        can_freeze = not _all_freezable(plan, w) and report.room_before(
            w.recipe, w.windows.fresh, plan.today, plan.ledger
        )
        suggestions = report.time_suggestions(
            w.recipe, w.left, w.windows.fresh, plan.ledger, plan.inputs.capacity,
            can_freeze_before=can_freeze,
        )  # fmt: skip
        name = w.recipe.name
        if w.for_recipes:
            parents = ", ".join(plan.recipes[r].name for r in w.for_recipes)
            name = f"{name} (for {parents})"
        message = report.no_time_message(
            name, w.left, w.by, frozen_too=frozen_too, suggestions=suggestions
        )
        plan.unschedulable.append(
            Unschedulable(
                Reason.NO_TIME, w.recipe.name, w.recipe.recipe_id, w.left, 0, w.deliveries,
                w.windows.fresh.start, w.windows.fresh.end, suggestions, message,
            )
        )  # fmt: skip


def _all_freezable(plan: PlanState, w: Work) -> bool:
    if w.for_recipes:
        return w.recipe.freshness.freezable
    return all(plan.items[line.item_id].freshness.freezable for d in w.demands for line in d.items)
