"""The production dashboard: one row per event, over the whole season (docs/product.md §3).

No N+1: one statement for the events with their package sums, plus the fixed statements
of :func:`bakehouse.services.production.figures.load_event_summaries` (eight in all), whatever
the number of events, recipes and packages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO
from bakehouse.domain.progress import EventState, event_state
from bakehouse.models import Assignment, Event
from bakehouse.services.production.figures import (
    EMPTY_SUMMARY,
    PackageQuantities,
    load_event_summaries,
)


@dataclass(frozen=True)
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
    events, quantities = _events_with_package_quantities(session)
    summaries = load_event_summaries(session, quantities)
    rows = []
    for event_id, name, event_date in events:
        summary = summaries.get(event_id, EMPTY_SUMMARY)
        packages = summary.packages
        state = event_state(packages=packages.total, delivered=packages.delivered)
        complete = state is EventState.COMPLETE
        if complete and not include_completed:
            continue
        rows.append(
            DashboardRow(
                event_id=event_id,
                event_name=name,
                event_date=event_date,
                recipes_complete=summary.recipes_complete,
                recipes_total=summary.recipes_total,
                packages_pending=packages.pending,
                packages_assembled=packages.assembled,
                packages_delivered=packages.delivered,
                packages_total=packages.total,
                actual_cost=summary.actual_total,
                planned_cost=summary.planned_total,
                unpriced=summary.unpriced,
                is_complete=complete,
                has_packages=packages.total > 0,
                state=state,
                days_until=(event_date - today).days,
            )
        )
    return DashboardSummary(tuple(rows), _totals(rows))


def _events_with_package_quantities(
    session: Session,
) -> tuple[list[tuple[int, str, date]], dict[int, PackageQuantities]]:
    """Events in dashboard order, and Σ assignment quantity per package and status of each.

    One statement: the events outer-joined with the grouped assignment sums.
    """
    sums = (
        select(
            Assignment.event_id,
            Assignment.package_id,
            Assignment.status,
            func.sum(Assignment.quantity).label("quantity"),
        )
        .group_by(Assignment.event_id, Assignment.package_id, Assignment.status)
        .subquery()
    )
    rows = session.execute(
        select(
            Event.id,
            Event.name,
            Event.event_date,
            sums.c.package_id,
            sums.c.status,
            sums.c.quantity,
        )
        .outerjoin(sums, sums.c.event_id == Event.id)
        .order_by(Event.event_date, Event.name, Event.id)
    )
    events: list[tuple[int, str, date]] = []
    quantities: dict[int, PackageQuantities] = {}
    for event_id, name, event_date, package_id, status, quantity in rows:
        if not events or events[-1][0] != event_id:
            events.append((event_id, name, event_date))
            quantities[event_id] = {}
        if package_id is not None:
            quantities[event_id][(package_id, AssignmentStatus(status))] = int(quantity)
    return events, quantities


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
