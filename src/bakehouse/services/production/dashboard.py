"""The production dashboard: one row per event, over the whole season (docs/product.md §3).

Eight statements whatever the number of events, recipes and packages: the planning
catalog and prices (six, :func:`~bakehouse.services.production.figures.summary_calculator`),
live production summed per event and recipe, and the events with their assignments summed
per package. Both sums are read from covering indexes, as plain rows (no ORM objects),
and each event is then a few integer sums in Python: a season's dashboard costs a few
small objects per event, so its time grows in step with the events.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import groupby
from operator import itemgetter
from typing import TypeVarTuple

from sqlalchemy import ColumnElement, Connection, Result, Select, case, func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO
from bakehouse.domain.progress import EventState, event_state
from bakehouse.models import Assignment, Event, ProductionRecord
from bakehouse.services.production.figures import summary_calculator

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


@dataclass(frozen=True)
class DashboardSummary:
    rows: tuple[DashboardRow, ...]
    totals: DashboardTotals


def get_dashboard_summary(
    session: Session, *, include_completed: bool = True, today: date | None = None
) -> DashboardSummary:
    """One row per event sorted by date then name, and the totals of the rows shown.

    With ``include_completed=False`` events whose packages are all delivered are left out.
    ``today`` (default: the current date) only decides ``days_until``.
    """
    today = today or date.today()
    calculator = summary_calculator(session)
    connection = session.connection()  # plain rows: no ORM objects per row
    produced = _live_production(connection)
    rows = []
    for event_id, name, event_date, pairs, total, assembled, delivered in _events_with_packages(
        connection
    ):
        state = event_state(packages=total, delivered=delivered)
        complete = state is EventState.COMPLETE
        if complete and not include_completed:
            continue
        batches, actual_cost = produced.get(event_id, NOTHING_PRODUCED)
        recipes = calculator.recipe_totals(pairs, batches)
        rows.append(
            DashboardRow(
                event_id=event_id,
                event_name=name,
                event_date=event_date,
                recipes_complete=recipes.complete,
                recipes_total=recipes.total,
                packages_pending=total - assembled - delivered,
                packages_assembled=assembled,
                packages_delivered=delivered,
                packages_total=total,
                actual_cost=actual_cost,
                planned_cost=recipes.planned_cost,
                unpriced=recipes.unpriced,
                is_complete=complete,
                has_packages=total > 0,
                state=state,
                days_until=(event_date - today).days,
            )
        )
    return DashboardSummary(tuple(rows), _totals(rows))


def _event_rows() -> Select[int, str, date, int | None, int, int, int]:
    """Events in dashboard order, each outer-joined with Σ assignment quantity per package:
    in all, assembled and delivered (assignments read from ``ix_assignment_event_sums``
    alone, an index range per event)."""

    def of_status(status: AssignmentStatus) -> ColumnElement[int]:
        return func.sum(case((Assignment.status == status, Assignment.quantity), else_=0))

    return (
        select(
            Event.id,
            Event.name,
            Event.event_date,
            Assignment.package_id,
            func.sum(Assignment.quantity),
            of_status(AssignmentStatus.ASSEMBLED),
            of_status(AssignmentStatus.DELIVERED),
        )
        .outerjoin(Assignment, Assignment.event_id == Event.id)
        .group_by(Event.event_date, Event.name, Event.id, Assignment.package_id)
        .order_by(Event.event_date, Event.name, Event.id)
    )


_EVENTS_WITH_PACKAGE_SUMS = _event_rows()
#: Rows read from the driver at a time.
PARTITION = 1000


def _events_with_packages(
    connection: Connection,
) -> Iterator[tuple[int, str, date, list[tuple[int, int]], int, int, int]]:
    """Each event in dashboard order with its (package, quantity) pairs, and its packages
    in all, assembled and delivered.

    The rows are read a partition at a time, so they do not outlive their event: what a
    call keeps is one small row per event, however long the season.
    """
    event: tuple[int, str, date] | None = None
    pairs: list[tuple[int, int]] = []
    total = assembled = delivered = 0
    for event_id, name, event_date, package_id, quantity, in_assembled, in_delivered in _streamed(
        connection.execute(_EVENTS_WITH_PACKAGE_SUMS)
    ):
        if event is None or event[0] != event_id:
            if event is not None:
                yield *event, pairs, total, assembled, delivered
            event = (event_id, name, event_date)
            pairs = []
            total = assembled = delivered = 0
        if package_id is not None:
            pairs.append((package_id, quantity))
            total += quantity
            assembled += in_assembled
            delivered += in_delivered
    if event is not None:
        yield *event, pairs, total, assembled, delivered


def _streamed(result: Result[*Ts]) -> Iterator[tuple[*Ts]]:
    """The rows of ``result``, fetched a partition at a time (so they do not all stay
    alive together) and handed on one by one."""
    for partition in result.partitions(PARTITION):
        yield from partition


NOTHING_PRODUCED: tuple[dict[int, int], Decimal] = ({}, ZERO)


def _live_production(connection: Connection) -> dict[int, tuple[dict[int, int], Decimal]]:
    """Per event: batches of live (not reversed) bakes per recipe, and their total cost.

    One statement, read from ``ix_production_record_live_sums`` alone.
    """
    rows = connection.execute(
        select(
            ProductionRecord.event_id,
            ProductionRecord.recipe_id,
            func.sum(ProductionRecord.batches),
            func.sum(ProductionRecord.actual_cost),
        )
        .where(ProductionRecord.reversed_at.is_(None))
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    result: dict[int, tuple[dict[int, int], Decimal]] = {}
    for event_id, group in groupby(_streamed(rows), key=itemgetter(0)):
        batches: dict[int, int] = {}
        cost = ZERO
        for _, recipe_id, count, recipe_cost in group:
            batches[recipe_id] = count
            cost += recipe_cost
        result[event_id] = (batches, cost)
    return result


def _totals(rows: list[DashboardRow]) -> DashboardTotals:
    return DashboardTotals(
        events=len(rows),
        events_complete=sum(1 for r in rows if r.is_complete),
        recipes_complete=sum(r.recipes_complete for r in rows),
        recipes_total=sum(r.recipes_total for r in rows),
        packages_pending=sum(r.packages_pending for r in rows),
        packages_assembled=sum(r.packages_assembled for r in rows),
        packages_delivered=sum(r.packages_delivered for r in rows),
        packages_total=sum(r.packages_total for r in rows),
        actual_cost=sum((r.actual_cost for r in rows), ZERO),
        planned_cost=sum((r.planned_cost for r in rows), ZERO),
        unpriced=any(r.unpriced for r in rows),
    )
