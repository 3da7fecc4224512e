"""The plan's batch figures, to tell the batches freshness adds (docs/product.md §6.10).

The plan rounds up once per recipe and event (docs/product.md §2.3); a sub-recipe's batches per
event are the ceiling of what that event's parent batches draw, less the prepared stock
that can serve the event (allocated earliest event first, earliest best-before first).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from fractions import Fraction

from bakehouse.domain.scheduling.allocation import Demand
from bakehouse.domain.scheduling.inputs import PreparedLot, Recipe


def planned_batches(
    demands: Mapping[int, Sequence[Demand]],
    recipes: Mapping[int, Recipe],
    sub_order: Sequence[int],
    lots: Sequence[PreparedLot],
) -> tuple[dict[int, int], dict[int, int]]:
    """Batches the plan asks for, summed over the events: per recipe for its items, and
    per sub-recipe for what its parents draw."""
    fractions: dict[int, dict[int, Fraction]] = defaultdict(lambda: defaultdict(Fraction))
    event_day: dict[int, date] = {}
    for recipe_id, recipe_demands in demands.items():
        for d in recipe_demands:
            event = d.delivery.ref.event_id
            fractions[recipe_id][event] += d.batches
            day = d.delivery.delivery.day
            event_day[event] = min(day, event_day.get(event, day))
    items = {r: {e: math.ceil(f) for e, f in by.items()} for r, by in fractions.items()}
    subs: dict[int, dict[int, int]] = defaultdict(dict)
    left = {lot.lot_id: Fraction(lot.quantity) for lot in lots}
    events = sorted(event_day, key=lambda e: (event_day[e], e))
    for sub_id in sub_order:
        draws: dict[int, Fraction] = defaultdict(Fraction)
        for parent in recipes.values():
            share = sum(
                (Fraction(x.quantity) for x in parent.sub_lines if x.sub_recipe_id == sub_id),
                Fraction(),
            )
            if not share:
                continue
            for source in (items, subs):
                for event, batches in source.get(parent.recipe_id, {}).items():
                    draws[event] += share * batches
        own = sorted(
            (lot for lot in lots if lot.recipe_id == sub_id),
            key=lambda lot: (lot.best_before is None, lot.best_before or date.max, lot.made_on),
        )
        for event in events:
            wanted = draws[event]
            for lot in own:
                day = event_day[event]
                if lot.made_on <= day and (lot.best_before is None or lot.best_before >= day):
                    take = min(wanted, left[lot.lot_id])
                    left[lot.lot_id] -= take
                    wanted -= take
            if wanted:
                subs[sub_id][event] = math.ceil(wanted / Fraction(recipes[sub_id].batch_yield))
    return (
        {r: sum(by.values()) for r, by in items.items()},
        {r: sum(by.values()) for r, by in subs.items()},
    )
