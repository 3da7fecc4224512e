"""The bake calendar from the database: what is still to bake and make, planned day by day
(docs/product.md §6.10).

:func:`load_schedule_input` reads everything the pure core needs in a fixed number of
statements, whatever the number of events, assignments and recipes; :func:`get_calendar`
plans it with :func:`bakehouse.domain.scheduling.build_schedule`. Only what is still to do
is planned: packages not yet assembled, less the good items already made for their event
(and not gone into an assembled package — counted by what that package held when it was
assembled, its snapshot, docs/product.md §6.20), less prepared stock on hand. Recording a bake
therefore re-plans the calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.planning import item_units
from bakehouse.domain.scheduling import (
    Capacity,
    DayOverride,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    MadeItems,
    Package,
    PackageCount,
    PreparedLot,
    Recipe,
    Schedule,
    ScheduleInput,
    SubLine,
    build_schedule,
)
from bakehouse.errors import InvalidInput
from bakehouse.models import (
    Assignment,
    CalendarDay,
    Event,
    ProductionRecord,
    Recipient,
)
from bakehouse.models import Package as PackageRow
from bakehouse.models import Recipe as RecipeRow
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.core.settings import whole_number_settings
from bakehouse.services.pantry.prepared import load_prepared_lots
from bakehouse.services.production.figures import (
    FigureCalculator,
    PackageQuantities,
    ProducedTotals,
    load_package_quantities,
    load_production_totals,
)

#: Deliveries this many days past are still shown (as "delivery day passed") until their
#: packages are assembled or the event is moved.
PAST_DAYS_SHOWN = 14
#: The longest range one calendar request may cover.
MOST_DAYS = 400


@dataclass(frozen=True)
class Missing:
    """An input the calendar needs and does not have, named for the baker."""

    kind: str  # "hands_on_minutes" or "assembly_minutes"
    name: str
    message: str


@dataclass(frozen=True)
class Calendar:
    """A schedule and what it was planned from (for names, links and the baker's sheet)."""

    today: date
    schedule: Schedule
    inputs: ScheduleInput
    catalog: PlanningCatalog
    events: Mapping[int, str]
    missing: tuple[Missing, ...]

    def delivery_name(self, ref: DeliveryRef) -> str:
        for delivery in self.inputs.deliveries:
            if delivery.ref == ref:
                return delivery.name
        return self.events.get(ref.event_id, f"event {ref.event_id}")


def read_range(first: object, last: object, *, today: date) -> tuple[date, date]:
    """The days ``first`` to ``last`` (ISO dates; default: the week from today).
    :class:`InvalidInput` naming the field for a date that is not one or a range that is
    backwards or longer than :data:`MOST_DAYS`."""
    start = read_day(first, "from", today)
    end = read_day(last, "to", start + timedelta(days=6))
    if end < start:
        raise InvalidInput(f"'to' ({end}) is before 'from' ({start})", field="to")
    if (end - start).days >= MOST_DAYS:
        raise InvalidInput(f"show at most {MOST_DAYS} days at a time", field="to")
    return start, end


def read_day(value: object, field: str, default: date) -> date:
    if value is None or value == "":
        return default
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise InvalidInput(
            f"{field} must be a date written 2026-12-24, not {value!r}", field=field
        ) from None


def get_calendar(session: Session, *, today: date) -> Calendar:
    """The bake calendar from ``today`` on: a fixed number of statements (pinned in tests)."""
    inputs, catalog, events, missing = load_schedule_input(session, today=today)
    return Calendar(today, build_schedule(inputs), inputs, catalog, events, missing)


def load_schedule_input(
    session: Session, *, today: date
) -> tuple[ScheduleInput, PlanningCatalog, dict[int, str], tuple[Missing, ...]]:
    """Everything still to do, read from the database (docs/product.md §6.10)."""
    settings = whole_number_settings(session)
    capacity = _capacity(session, settings)
    first_shown = today - timedelta(days=PAST_DAYS_SHOWN)
    own_date = (
        select(Assignment.event_id)
        .where(
            Assignment.status == AssignmentStatus.PENDING,
            Assignment.delivery_date >= first_shown,
        )
        .scalar_subquery()
    )
    event_rows = session.execute(
        select(Event.id, Event.name, Event.event_date, Event.delivery_date)
        .where(
            or_(
                func.coalesce(Event.delivery_date, Event.event_date) >= first_shown,
                Event.id.in_(own_date),
            )
        )
        .order_by(Event.id)
    ).all()
    events = {row[0]: row[1] for row in event_rows}
    delivers_on = {row[0]: row[3] or row[2] for row in event_rows}
    event_ids = sorted(events)
    catalog = load_planning_catalog(session)
    graph = catalog.graph
    pending = session.execute(
        select(Assignment.id, Assignment.event_id, Assignment.package_id, Assignment.quantity,
               Assignment.delivery_date, Recipient.name)
        .join(Recipient, Recipient.id == Assignment.recipient_id)
        .where(Assignment.event_id.in_(event_ids), Assignment.status == AssignmentStatus.PENDING)
        .order_by(Assignment.id)
    ).all()  # fmt: skip
    quantities = load_package_quantities(session, event_ids)
    produced = load_production_totals(session, event_ids)
    # Good items only: no prices needed, so none are read.
    figures = FigureCalculator(catalog, {})
    bake_rows = session.execute(
        select(ProductionRecord.event_id, ProductionRecord.recipe_id, ProductionRecord.batches,
               ProductionRecord.produced_at)
        .where(ProductionRecord.event_id.in_(event_ids), ProductionRecord.reversed_at.is_(None),
               ProductionRecord.makes_stock.is_(False))
        .order_by(ProductionRecord.produced_at.desc(), ProductionRecord.id.desc())
    ).all()  # fmt: skip
    recipe_rows = session.scalars(select(RecipeRow).order_by(RecipeRow.id)).all()
    package_rows = session.execute(
        select(PackageRow.id, PackageRow.name, PackageRow.assembly_minutes).order_by(PackageRow.id)
    ).all()

    # Deliveries: per event, and per assignment with a date of its own.
    per_delivery: dict[DeliveryRef, list[tuple[int, int]]] = defaultdict(list)
    delivery_day: dict[DeliveryRef, date] = {}
    delivery_name: dict[DeliveryRef, str] = {}
    for assignment_id, event_id, package_id, quantity, own, recipient in pending:
        if own is not None:
            ref = DeliveryRef(event_id, assignment_id)
            delivery_day[ref] = own
            delivery_name[ref] = f"{events[event_id]} ({recipient})"
        else:
            ref = DeliveryRef(event_id)
            delivery_day[ref] = delivers_on[event_id]
            delivery_name[ref] = events[event_id]
        per_delivery[ref].append((package_id, quantity))
    used_packages = {package_id for rows in per_delivery.values() for package_id, _q in rows}
    deliveries = []
    for ref in sorted(per_delivery, key=lambda r: r.sort_key):
        rows = per_delivery[ref]
        units = item_units(graph, rows)
        counts: dict[int, int] = defaultdict(int)
        for package_id, quantity in rows:
            counts[package_id] += quantity
        deliveries.append(
            Delivery(
                ref, delivery_name[ref], delivery_day[ref],
                tuple(ItemCount(i, n) for i, n in sorted(units.items()) if n > 0),
                tuple(PackageCount(p, n) for p, n in sorted(counts.items())),
            )
        )  # fmt: skip

    recipes_by_id = {r.id: r for r in recipe_rows}
    bakes: dict[tuple[int, int], list[tuple[int, date]]] = defaultdict(list)
    for bake_event, recipe_id, batches, produced_at in bake_rows:
        assert bake_event is not None  # selected by event
        bakes[(bake_event, recipe_id)].append((batches, produced_at.date()))
    made = _made_items(
        catalog, quantities, produced, figures, bakes, {d.ref.event_id for d in deliveries}
    )
    missing: list[Missing] = []
    needed_recipes = _needed_recipes(catalog, deliveries)
    recipes = []
    for row in recipe_rows:
        if row.id in needed_recipes and row.hands_on_minutes is None:
            missing.append(
                Missing(
                    "hands_on_minutes", row.name,
                    f"{row.name} has no hands-on minutes per batch: its bakes count no time; "
                    "set them on the recipe",
                )
            )  # fmt: skip
        recipes.append(
            Recipe(
                row.id, row.name, row.hands_on_minutes or 0, row.max_batches_per_session,
                _batch_yield(row), _freshness(row),
                tuple(_sub_lines(catalog, row.id, recipes_by_id)),
            )
        )  # fmt: skip
    packages = []
    for package_id, name, minutes in package_rows:
        if package_id in used_packages and minutes is None:
            missing.append(
                Missing(
                    "assembly_minutes", name,
                    f"{name} has no assembly minutes: assembling it counts no time; "
                    "set them on the package",
                )
            )  # fmt: skip
        packages.append(Package(package_id, name, minutes or 0))
    items = [
        Item(
            i.item_id,
            i.name,
            i.recipe_id,
            i.items_per_batch,
            _freshness(recipes_by_id[i.recipe_id]),
        )
        for i in sorted(graph.items.values(), key=lambda i: i.item_id)
    ]
    subs = catalog.sub_recipes
    lots = load_prepared_lots(session, subs)
    prepared = [
        PreparedLot(lot.lot_id, recipe_id, lot.quantity_remaining, lot.received_on, lot.best_before)
        for recipe_id, balances in sorted(lots.items())
        for lot in balances
    ]
    inputs = ScheduleInput(
        today=today,
        capacity=capacity,
        recipes=tuple(recipes),
        items=tuple(items),
        deliveries=tuple(deliveries),
        packages=tuple(packages),
        made_items=tuple(made),
        prepared_stock=tuple(prepared),
        keep_days=settings["calendar_keep_days"],
        assembly_days_before=settings["calendar_assembly_days_before"],
    )
    return inputs, catalog, events, tuple(missing)


def _capacity(session: Session, settings: Mapping[str, int]) -> Capacity:
    rows = session.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    return Capacity(
        weekday_minutes=settings["calendar_weekday_minutes"],
        weekend_minutes=settings["calendar_weekend_minutes"],
        unavailable=frozenset(r.day for r in rows if r.unavailable),
        overrides=tuple(
            DayOverride(r.day, r.minutes)
            for r in rows
            if not r.unavailable and r.minutes is not None
        ),
    )


def _freshness(row: RecipeRow) -> Freshness:
    return Freshness(row.shelf_life_days, row.freezable, row.frozen_shelf_life_days, row.thaw_hours)


def _batch_yield(row: RecipeRow) -> Decimal:
    return row.yield_quantity if row.yield_quantity is not None else Decimal(1)


def _sub_lines(
    catalog: PlanningCatalog, recipe_id: int, recipes: Mapping[int, RecipeRow]
) -> list[SubLine]:
    """A parent batch's draw of each sub-recipe in the sub's stock unit: its share of a
    batch times the sub's yield (docs/product.md §6.12)."""
    node = catalog.nodes.get(recipe_id)
    if node is None:
        return []
    lines = []
    for use in node.subs:
        amount = use.share * Fraction(_batch_yield(recipes[use.sub_recipe_id]))
        lines.append(
            SubLine(use.sub_recipe_id, Decimal(amount.numerator) / Decimal(amount.denominator))
        )
    return lines


def _needed_recipes(catalog: PlanningCatalog, deliveries: list[Delivery]) -> set[int]:
    """Recipes the deliveries need, sub-recipes included."""
    wanted = {catalog.graph.items[line.item_id].recipe_id for d in deliveries for line in d.items}
    stack = list(wanted)
    while stack:
        node = catalog.nodes.get(stack.pop())
        for use in node.subs if node is not None else ():
            if use.sub_recipe_id not in wanted:
                wanted.add(use.sub_recipe_id)
                stack.append(use.sub_recipe_id)
    return wanted


def _made_items(
    catalog: PlanningCatalog,
    quantities: Mapping[int, PackageQuantities],
    produced: Mapping[int, Mapping[int, ProducedTotals]],
    figures: FigureCalculator,
    bakes: Mapping[tuple[int, int], list[tuple[int, date]]],
    event_ids: set[int],
) -> list[MadeItems]:
    """Good items made for each event and not yet in an assembled or delivered package,
    dated by the event's bakes, newest first (older items went into the packages first).

    ``quantities`` are keyed by contents (``CONTENTS_KEY``): an assembled or delivered
    package counts the items its snapshot holds, not its package's today (§6.20)."""
    made: list[MadeItems] = []
    for event_id in sorted(event_ids):
        event_quantities = quantities.get(event_id, {})
        done = item_units(
            catalog.graph,
            [(p, q) for (p, status), q in event_quantities.items()
             if status != AssignmentStatus.PENDING],
        )  # fmt: skip
        result = figures.figures(event_quantities, produced.get(event_id, {}))
        for recipe in result.recipes:
            for item in recipe.items:
                left = item.items_made - done.get(item.item_id, 0)
                for batches, day in bakes.get((event_id, recipe.recipe_id), ()):
                    if left <= 0:
                        break
                    count = min(left, batches * item.items_per_batch)
                    made.append(MadeItems(event_id, item.item_id, count, day))
                    left -= count
    return made
