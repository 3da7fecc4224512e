"""The production dashboard: one row per event, over the whole season (docs/product.md §3).

Ten statements whatever the number of events, recipes and packages: the planning
catalog and prices (seven: today's, and every past or locked event's in one,
:func:`~bakehouse.services.production.figures.summary_calculator`),
live production summed per event and recipe with its items' losses and moves
(:func:`_live_production`, docs/product.md §6.13), assignments
summed per event and package, and the events in dashboard order. Each is read from a
covering index in its own order, as plain rows (no ORM objects, no join: joining the
events to their assignments cost more than reading both apart), and each event is then a
few integer sums in Python: a season's dashboard costs a few small objects per event, so
its time grows in step with the events."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import chain
from types import MappingProxyType
from typing import Any, NamedTuple, TypeVarTuple, cast

from sqlalchemy import (
    ColumnElement,
    Connection,
    CursorResult,
    Integer,
    Result,
    Select,
    String,
    case,
    func,
    literal,
    null,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO, to_cents
from bakehouse.domain.outcomes import ItemChanges, OutcomeKind
from bakehouse.domain.progress import EventState, event_state
from bakehouse.domain.seasons import ALL, DateScope
from bakehouse.models import Assignment, Event, Item, ItemOutcome, ProductionRecord
from bakehouse.services.events.contents import CONTENTS_KEY
from bakehouse.services.production.figures import (
    EventCalculators,
    RecipeTotals,
    summary_calculator,
)

Ts = TypeVarTuple("Ts")


@dataclass(frozen=True, slots=True)
class DashboardRow:
    event_id: int
    event_name: str
    event_date: date
    recipes_complete: int
    recipes_total: int
    packages_pending: int
    packages_assembled: int
    packages_delivered: int
    packages_total: int
    actual_cost: Decimal
    planned_cost: Decimal
    #: Some required batch has an ingredient that was never bought.
    unpriced: bool
    is_complete: bool
    has_packages: bool
    #: No packages planned, in progress or complete (``domain/progress.py``).
    state: EventState
    #: Days from ``today`` to the event (negative once it is past).
    days_until: int
    #: Actual cost plus the planned cost of the batches still to bake (§6.15).
    forecast_cost: Decimal = ZERO
    #: The owner's budget for the event, if they set one (§6.15).
    budget: Decimal | None = None


@dataclass(frozen=True)
class DashboardTotals:
    events: int
    events_complete: int
    recipes_complete: int
    recipes_total: int
    packages_pending: int
    packages_assembled: int
    packages_delivered: int
    packages_total: int
    actual_cost: Decimal
    planned_cost: Decimal
    unpriced: bool
    forecast_cost: Decimal = ZERO


@dataclass(frozen=True)
class DashboardSummary:
    rows: tuple[DashboardRow, ...]
    totals: DashboardTotals
    #: What the rows and totals cover, in words ("Holiday 2026 (2026-11-01 – 2027-01-15)").
    scope: str = ALL.label
    #: The scope's key: "all", "upcoming", or the season's id.
    scope_key: str = ALL.key


def get_dashboard_summary(
    session: Session,
    *,
    include_completed: bool = True,
    today: date | None = None,
    scope: DateScope = ALL,
) -> DashboardSummary:
    """One row per event dated within ``scope`` (default: every event) sorted by date then
    name, and the totals of exactly the rows shown (docs/product.md §6.15).

    With ``include_completed=False`` events whose packages are all delivered are left out.
    ``today`` (default: the current date) only decides ``days_until``.
    """
    today = today or date.today()
    in_scope = scope.holds
    calculators = summary_calculator(session, today=today)
    connection = session.connection()  # plain rows: no ORM objects per row
    production = _live_production(connection)
    batches_of, changes_of = production.batches, production.changes
    cost_of = production.costs.get
    figures = _package_figures(connection, calculators, production, include_completed)
    rows = []
    for event_id, name, event_date, budget in _streamed(connection.execute(_EVENTS_IN_ORDER)):
        if not in_scope(event_date):
            continue
        figure = figures.get(event_id)
        if figure is None:  # no packages planned: only what was baked for it
            recipes = calculators.of(event_id).recipe_totals(
                (), batches_of.get(event_id, NONE), changes_of.get(event_id)
            )
            figure = (*recipes, 0, 0, 0)
        recipes_complete, recipes_total, planned, unpriced, still, total, assembled, delivered = (
            figure
        )
        state = event_state(packages=total, delivered=delivered)
        complete = state is EventState.COMPLETE
        if complete and not include_completed:
            continue
        rows.append(
            # Positional, in field order: a keyword call costs half as much again, and
            # the dashboard builds one row per event of the season.
            DashboardRow(
                event_id,
                name,
                event_date,
                recipes_complete,
                recipes_total,
                total - assembled - delivered,  # packages_pending
                assembled,
                delivered,
                total,
                # Money rounded once per figure, to the cent; totals add up what is
                # shown (docs/product.md §6.15).
                (actual := to_cents(cost_of(event_id, ZERO))),  # actual_cost
                to_cents(planned),
                unpriced,
                complete,
                total > 0,  # has_packages
                state,
                (event_date - today).days,
                actual + to_cents(still),  # forecast_cost
                budget,
            )
        )
    return DashboardSummary(tuple(rows), _totals(rows), scope.label, scope.key)


#: Every event in dashboard order (``ix_event_calendar``).
_EVENTS_IN_ORDER = select(Event.id, Event.name, Event.event_date, Event.budget).order_by(
    Event.event_date, Event.name, Event.id
)


def _package_sums() -> Select[int, int, int, int, int]:
    """Σ assignment quantity per event and package: in all, assembled and delivered, in
    event order (read from ``ix_assignment_event_sums`` alone, in index order)."""

    def of_status(status: AssignmentStatus) -> ColumnElement[int]:
        return func.sum(case((Assignment.status == status, Assignment.quantity), else_=0))

    return (
        select(
            Assignment.event_id,
            CONTENTS_KEY,
            func.sum(Assignment.quantity),
            of_status(AssignmentStatus.ASSEMBLED),
            of_status(AssignmentStatus.DELIVERED),
        )
        .group_by(Assignment.event_id, Assignment.package_id, Assignment.snapshot_id)
        .order_by(Assignment.event_id, Assignment.package_id, Assignment.snapshot_id)
    )


_PACKAGE_SUMS = _package_sums()
#: Rows read from the driver at a time.
PARTITION = 1000
#: An event's figures from its packages: its recipes totalled (complete, total, planned
#: cost, unpriced), and its packages in all, assembled and delivered. A flat tuple of
#: numbers: the garbage collector stops following it after one look, however many events.
PackageFigures = tuple[int, int, Decimal, bool, Decimal, int, int, int]


def _package_figures(
    connection: Connection,
    calculators: EventCalculators,
    production: LiveProduction,
    include_completed: bool,
) -> dict[int, PackageFigures]:
    """The figures of every event with packages, keyed by event.

    The package sums come in event order, a partition at a time, and each event is
    totalled as soon as its rows are in, so they do not outlive it: what a call keeps is
    one small tuple per event, however long the season. A complete event is not
    totalled when it will not be shown.
    """
    figures: dict[int, PackageFigures] = {}
    calculator_of = calculators.of
    batches_of, changes_of = production.batches.get, production.changes.get
    current: int | None = None
    pairs: list[tuple[int, int]] = []
    total = assembled = delivered = 0
    partitions = chain(_partitions(connection.execute(_PACKAGE_SUMS)), (_END,))
    for partition in partitions:
        for event_id, package_id, quantity, in_assembled, in_delivered in partition:
            if event_id != current:
                if current is not None:
                    if not include_completed and is_complete(total, delivered):
                        recipes = NO_RECIPES  # left out: not worth totalling
                    else:
                        batches = batches_of(current, NONE)
                        recipes = calculator_of(current).recipe_totals(
                            pairs, batches, changes_of(current)
                        )
                    figures[current] = (*recipes, total, assembled, delivered)
                current, pairs = event_id, []
                total = assembled = delivered = 0
            pairs.append((package_id, quantity))
            total += quantity
            assembled += in_assembled
            delivered += in_delivered
    return figures


#: Closes the last event of :func:`_package_figures`' rows.
_END = [(None, 0, 0, 0, 0)]


def is_complete(packages: int, delivered: int) -> bool:
    return event_state(packages=packages, delivered=delivered) is EventState.COMPLETE


NONE: Mapping[int, int] = MappingProxyType({})
NO_RECIPES = RecipeTotals(0, 0, ZERO, False)


def _partitions(result: CursorResult[Any]) -> Iterator[Sequence[Any]]:
    """The driver's own rows of ``result``, a partition at a time: no row object of
    SQLAlchemy's per row, and a plain loop over each partition. Only for statements
    whose columns need no reading: integers, text, and sums left as the database
    stores them."""
    cursor = result.cursor
    try:
        while partition := cursor.fetchmany(PARTITION):
            yield partition
    finally:
        result.close()


def _streamed(result: Result[*Ts]) -> Iterator[tuple[*Ts]]:
    """The rows of ``result``, fetched a partition at a time (so they do not all stay
    alive together) and handed on one by one."""
    for partition in result.partitions(PARTITION):
        yield from partition


class LiveProduction(NamedTuple):
    #: Per event, batches baked per recipe.
    batches: dict[int, dict[int, int]]
    #: Per event, what its bakes cost, with items moved in, less items moved out.
    costs: dict[int, Decimal]
    #: Per event, recipe and item: what was lost, moved in and moved out
    #: (docs/product.md §6.13); only events and recipes that have any.
    changes: dict[int, dict[int, dict[int, ItemChanges]]]


def _live_production(connection: Connection) -> LiveProduction:
    """What each event's live (not reversed) bakes made per recipe, and what they cost,
    with the losses and moves of their items: one statement, the bakes read from
    ``ix_production_record_live_sums`` alone.

    The rows are taken in whatever order the database gives them (no sort: an ``ORDER
    BY`` over the union made SQLite copy every row into a temporary tree first) and
    added up per event in dictionaries. The cost sums come as the database holds them
    (a scaled integer on SQLite, NUMERIC on PostgreSQL), are added up per event, and
    each event's total is read as money once: one Decimal per event rather than one per
    recipe.
    """
    read_money = _MONEY.result_processor(connection.dialect, None)
    assert read_money is not None  # MoneyType reads every value it is handed
    batches: dict[int, dict[int, int]] = {}
    stored: dict[int, Any] = {}  # int on SQLite, Decimal on PostgreSQL
    changes: dict[int, dict[int, dict[int, ItemChanges]]] = {}
    baked_of = batches.get
    stored_of = stored.get
    for event_id, recipe_id, item_id, kind, count, recipe_cost in chain.from_iterable(
        _partitions(connection.execute(_LIVE_PRODUCTION))
    ):
        baked = baked_of(event_id)
        if baked is None:
            baked = batches[event_id] = {}
        if kind is None:  # a recipe's bakes
            baked[recipe_id] = count
            stored[event_id] = stored_of(event_id, 0) + recipe_cost
            continue
        change = _CHANGE[kind](count)
        if kind == OutcomeKind.MOVE:
            stored[event_id] = stored_of(event_id, 0) - recipe_cost
        elif kind == _MOVED_IN:
            stored[event_id] = stored_of(event_id, 0) + recipe_cost
            baked.setdefault(recipe_id, 0)
        else:
            stored.setdefault(event_id, 0)
        items = changes.setdefault(event_id, {}).setdefault(recipe_id, {})
        items[item_id] = items.get(item_id, ItemChanges()) + change
    costs = {event_id: cast(Decimal, read_money(value)) for event_id, value in stored.items()}
    return LiveProduction(batches, costs, changes)


_MOVED_IN = "in"
_CHANGE = {
    OutcomeKind.LOSS.value: lambda n: ItemChanges(lost=n),
    OutcomeKind.MOVE.value: lambda n: ItemChanges(moved_out=n),
    _MOVED_IN: lambda n: ItemChanges(moved_in=n),
}


def _live_production_statement() -> Any:
    """Live bakes per event and recipe, then their items lost or moved out per event,
    recipe, item and kind, then items moved in; in no particular order."""
    live_outcomes = (
        select(ItemOutcome)
        .join(ProductionRecord, ProductionRecord.id == ItemOutcome.production_record_id)
        .join(Item, Item.id == ItemOutcome.item_id)
        .where(ProductionRecord.reversed_at.is_(None))
    )
    bakes = (
        select(
            ProductionRecord.event_id.label("event_id"),
            ProductionRecord.recipe_id.label("recipe_id"),
            # NULL item and kind: a bake's row (no text to hand over per row).
            type_coerce(null(), Integer).label("item_id"),
            type_coerce(null(), String).label("kind"),
            func.sum(ProductionRecord.batches).label("amount"),
            _STORED_COST.label("cost"),
        )
        .where(
            ProductionRecord.reversed_at.is_(None),
            # A sub-recipe's bake reaches events through the bakes that draw it (§6.12).
            ProductionRecord.makes_stock.is_(False),
            ProductionRecord.event_id.is_not(None),
        )
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    leaving = live_outcomes.with_only_columns(
        ItemOutcome.event_id,
        Item.recipe_id,
        ItemOutcome.item_id,
        ItemOutcome.kind.cast(String),
        func.sum(ItemOutcome.quantity),
        type_coerce(func.sum(ItemOutcome.cost), NullType()),
    ).group_by(ItemOutcome.event_id, Item.recipe_id, ItemOutcome.item_id, ItemOutcome.kind)
    arriving = (
        live_outcomes.with_only_columns(
            ItemOutcome.to_event_id,
            Item.recipe_id,
            ItemOutcome.item_id,
            literal(_MOVED_IN, String),
            func.sum(ItemOutcome.quantity),
            type_coerce(func.sum(ItemOutcome.cost), NullType()),
        )
        .where(ItemOutcome.kind == OutcomeKind.MOVE)
        .group_by(ItemOutcome.to_event_id, Item.recipe_id, ItemOutcome.item_id)
    )
    return union_all(bakes, leaving, arriving)


_MONEY = ProductionRecord.__table__.c.actual_cost.type
#: Σ actual cost as stored, left unread (no type processing per row).
_STORED_COST: ColumnElement[Any] = type_coerce(func.sum(ProductionRecord.actual_cost), NullType())
_LIVE_PRODUCTION = _live_production_statement()


def _totals(rows: list[DashboardRow]) -> DashboardTotals:
    """The rows added up, in one pass."""
    complete = recipes_complete = recipes_total = 0
    pending = assembled = delivered = packages = 0
    actual = planned = forecast = ZERO
    unpriced = False
    for row in rows:
        complete += row.is_complete
        recipes_complete += row.recipes_complete
        recipes_total += row.recipes_total
        pending += row.packages_pending
        assembled += row.packages_assembled
        delivered += row.packages_delivered
        packages += row.packages_total
        actual += row.actual_cost
        planned += row.planned_cost
        forecast += row.forecast_cost
        unpriced = unpriced or row.unpriced
    return DashboardTotals(
        events=len(rows),
        events_complete=complete,
        recipes_complete=recipes_complete,
        recipes_total=recipes_total,
        packages_pending=pending,
        packages_assembled=assembled,
        packages_delivered=delivered,
        packages_total=packages,
        actual_cost=actual,
        planned_cost=planned,
        unpriced=unpriced,
        forecast_cost=forecast,
    )
