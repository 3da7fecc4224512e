"""Sub-recipe rows of an event's progress (docs/product.md §6.12).

A sub-recipe shows as its own row, marked as one: batches required (its parents' batches
exploded, whole batches at each recipe), batches made for the event, and batches still to
make after the prepared stock on hand, which is allocated once across the events in scope
as the shopping list has them — the upcoming events, from today — plus the event shown,
earliest first; an older event left unbaked takes none of it. No cost columns (the
parents' cost holds them), and these rows do not count in recipes complete/total. When
the catalog uses sub-recipes this reads five more statements
(:data:`SUB_RECIPE_STATEMENTS`), whatever the depth of the nesting or the number of
recipes and events.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import replace
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bakehouse.domain.numbers import ZERO
from bakehouse.domain.planning import PackageBatches
from bakehouse.domain.subrecipes import EventToBake, explode, topological_order
from bakehouse.models import Event, ProductionRecord
from bakehouse.services.catalog.graph import PlanningCatalog
from bakehouse.services.pantry.prepared import plan_sub_recipes, prepared_on_hand
from bakehouse.services.production.figures import (
    NOTHING_PRODUCED,
    EventFigures,
    RecipeProgress,
    load_package_quantities,
    load_production_totals,
)

#: The statements :func:`load_sub_recipe_rows` reads when any recipe uses a sub-recipe:
#: every event's plan, every event's bakes, the sub-recipe bakes made for events, the
#: events in scope and the prepared stock on hand.
SUB_RECIPE_STATEMENTS = 5


def load_sub_recipe_rows(
    session: Session,
    catalog: PlanningCatalog,
    event_ids: Collection[int],
    *,
    today: date | None = None,
) -> dict[int, tuple[RecipeProgress, ...]]:
    """The sub-recipe rows of the given events, keyed by event id (none when no recipe
    uses a sub-recipe: then no statement).

    The prepared stock on hand is shared, earliest event first, among the events on or
    after ``today`` (default: the date today) and the given events, as the shopping list
    shares it (docs/product.md §6.12): an older event nobody baked for takes none.
    """
    subs = catalog.sub_recipes
    if not subs or not event_ids:
        return {}
    quantities = load_package_quantities(session, None)
    produced = load_production_totals(session, None)
    made = _made_for_events(session)
    wanted = set(event_ids)
    in_scope = or_(Event.event_date >= (today or date.today()), Event.id.in_(sorted(wanted)))
    ordered = list(
        session.scalars(
            select(Event.id).where(in_scope).order_by(Event.event_date, Event.name, Event.id)
        )
    )
    # Prepared stock goes to the earliest events first, so the events after the last one
    # asked about cannot change its figures: they are left out.
    last = max((n for n, event_id in enumerate(ordered) if event_id in wanted), default=-1)
    # Worked out once for every event: each package's batches, the recipes' order.
    packages = PackageBatches(catalog.graph)
    order = topological_order(catalog.nodes)
    required: dict[int, dict[int, int]] = {}
    still: list[EventToBake] = []
    for event_id in ordered[: last + 1]:
        ordinary = packages.batches(
            (package_id, quantity)
            for (package_id, _status), quantity in quantities.get(event_id, {}).items()
        )
        if event_id in wanted:
            required[event_id] = explode(catalog.nodes, ordinary, order)
        baked = produced.get(event_id, {})
        left = {
            recipe_id: max(0, count - baked.get(recipe_id, NOTHING_PRODUCED).batches)
            for recipe_id, count in ordinary.items()
        }
        if any(left.values()) or event_id in wanted:  # a baked event draws nothing more
            still.append(EventToBake(event_id, left))
    plans = plan_sub_recipes(catalog, still, prepared_on_hand(session))
    rows: dict[int, tuple[RecipeProgress, ...]] = {}
    for event_id in event_ids:
        event_rows = []
        for recipe_id in subs:
            need = required.get(event_id, {}).get(recipe_id, 0)
            done = made.get((event_id, recipe_id), 0)
            plan = plans.get(event_id, {}).get(recipe_id)
            to_make = plan.still_to_make if plan is not None else 0
            if need or done or to_make:
                event_rows.append(
                    RecipeProgress(
                        recipe_id=recipe_id,
                        recipe_name=catalog.recipes[recipe_id].name,
                        batches_required=need,
                        batches_produced=done,
                        is_complete=to_make == 0,
                        actual_cost=ZERO,
                        planned_cost=ZERO,
                        unpriced=False,
                        is_sub_recipe=True,
                        still_to_make=to_make,
                    )
                )
        rows[event_id] = tuple(event_rows)
    return rows


def with_sub_recipe_rows(figures: EventFigures, rows: tuple[RecipeProgress, ...]) -> EventFigures:
    """``figures`` with the sub-recipe ``rows`` among its recipes, by name."""
    if not rows:
        return figures
    recipes = sorted((*figures.recipes, *rows), key=lambda r: (r.recipe_name.lower(), r.recipe_id))
    return replace(figures, recipes=tuple(recipes))


def _made_for_events(session: Session) -> Mapping[tuple[int, int], int]:
    """Batches of sub-recipes made (not reversed) for each event: one statement."""
    rows = session.execute(
        select(
            ProductionRecord.event_id,
            ProductionRecord.recipe_id,
            func.sum(ProductionRecord.batches),
        )
        .where(
            ProductionRecord.makes_stock.is_(True),
            ProductionRecord.reversed_at.is_(None),
            ProductionRecord.event_id.is_not(None),
        )
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    made: dict[tuple[int, int], int] = defaultdict(int)
    for event_id, recipe_id, batches in rows:
        if event_id is not None:
            made[(event_id, recipe_id)] = int(batches or 0)
    return made
