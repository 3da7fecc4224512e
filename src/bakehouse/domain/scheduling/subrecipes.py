"""Sub-recipes: made on or before the bakes that use them (docs/product.md §6.10).

Parents come before their subs: a sub-recipe is planned once every recipe that uses it
has been placed. Each placed parent bake draws on its subs on its day; prepared stock on
hand serves those draws first, what is left is made in whole batches within the sub's own
freshness (before the window and frozen when it can be frozen), one batch serving several
bakes when its window covers them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from fractions import Fraction
from functools import partial

from bakehouse.domain.scheduling.allocation import (
    BatchGroup,
    SubDemand,
    allocate_prepared,
    group_batches,
)
from bakehouse.domain.scheduling.inputs import DeliveryRef, PreparedLot, Recipe
from bakehouse.domain.scheduling.results import ThawTask
from bakehouse.domain.scheduling.windows import Need, keeping_of
from bakehouse.domain.scheduling.work import (
    PlanState,
    Producer,
    Work,
    note_extra,
    place_works,
    unit_for,
)


def sub_recipe_order(recipes: Mapping[int, Recipe]) -> list[int]:
    """Sub-recipes, each after every recipe that uses it (ties by id)."""
    parents: dict[int, set[int]] = defaultdict(set)
    for r in recipes.values():
        for line in r.sub_lines:
            parents[line.sub_recipe_id].add(r.recipe_id)
    waiting = {sub: set(ps) for sub, ps in parents.items()}
    done = {r for r in recipes if r not in parents}
    order: list[int] = []
    while waiting:
        ready = sorted(sub for sub, ps in waiting.items() if ps <= done)
        for sub in ready:
            del waiting[sub]
            done.add(sub)
        order += ready
    return order


def make_sub_recipes(plan: PlanState, producers: list[Producer]) -> None:
    """Plan every sub-recipe the placed ``producers`` draw on (its own makes join
    ``producers``, for the sub-recipes below it)."""
    lots_of: dict[int, list[PreparedLot]] = defaultdict(list)
    for lot in plan.inputs.prepared_stock:
        lots_of[lot.recipe_id].append(lot)
    for sub_id in plan.sub_order:
        sub = plan.recipes[sub_id]
        keeping = keeping_of((sub.freshness,))
        demands: list[SubDemand] = []
        for p in sorted(producers, key=lambda p: (p.day, p.recipe_id)):
            per_batch = sum(
                (Fraction(line.quantity) for line in plan.recipes[p.recipe_id].sub_lines
                 if line.sub_recipe_id == sub_id),
                Fraction(),
            )  # fmt: skip
            if per_batch:
                need = Need.of(p.day, p.day, keeping)
                demands.append(
                    SubDemand(p.day, p.recipe_id, per_batch * p.batches, p.deliveries, need)
                )
        still, thaws = allocate_prepared(demands, lots_of[sub_id], keeping, plan.today)
        for thaw in thaws:
            plan.tasks.append(
                ThawTask(
                    thaw.day, sub_id, sub.name, thaw.needed_on,
                    lot_ids=(thaw.lot_id,), deliveries=thaw.deliveries,
                )
            )  # fmt: skip
        groups = group_batches(
            still,
            partial(_sub_batches, Fraction(sub.batch_yield)),
            lambda d: d.need,
            plan.today,
            plan.room_for(sub),
        )
        works = [_sub_work(sub, g) for g in groups]
        note_extra(plan, sub, plan.planned_subs.get(sub_id, 0), works)
        producers += place_works(plan, works, bake=False)


def _sub_batches(batch_yield: Fraction, demand: SubDemand) -> Fraction:
    return demand.quantity / batch_yield


def _sub_work(sub: Recipe, group: BatchGroup[SubDemand]) -> Work:
    deliveries: dict[DeliveryRef, None] = {}
    for d in group.members:
        deliveries.update(dict.fromkeys(d.deliveries))
    return Work(
        sub,
        group.windows,
        tuple(sorted(deliveries, key=lambda r: r.sort_key)),
        unit_for(sub, group.windows, group.batches),
        for_recipes=tuple(sorted({d.parent_recipe_id for d in group.members})),
        by=min(d.day for d in group.members),
        pooled=group.pooled,
    )
