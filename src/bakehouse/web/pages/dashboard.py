"""The dashboard (home page): the events in progress nearest to today as cards, the season's
total, and every event in a paged table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from bakehouse.services.production.dashboard import (
    DashboardRow,
    DashboardSummary,
    get_dashboard_summary,
)
from bakehouse.web.deps import DB, render
from bakehouse.web.pagination import DEFAULT_LIMIT, PageParams, Paging

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class Budget:
    """How an event's spending reads: "over", "under", "on" plan, or still "open"."""

    kind: str
    amount: Decimal


def budget_of(actual: Decimal, planned: Decimal, production_done: bool) -> Budget:
    """Over plan shows at once; "under budget" only once all the baking is done."""
    if actual > planned:
        return Budget("over", actual - planned)
    if not production_done:
        return Budget("open", planned - actual)
    if actual == planned:
        return Budget("on", Decimal(0))
    return Budget("under", planned - actual)


def row_budget(row: DashboardRow) -> Budget:
    done = row.recipes_total > 0 and row.recipes_complete == row.recipes_total
    return budget_of(row.actual_cost, row.planned_cost, done)


#: Event cards at the top of the dashboard; every event is in the paged table below them.
CARDS = 24


def card_rows(rows: Sequence[DashboardRow], limit: int = CARDS) -> list[DashboardRow]:
    """The events still in progress nearest to today: upcoming ones soonest first, then
    those already past but not all delivered, latest first; at most ``limit``."""
    active = [r for r in rows if not r.is_complete]
    upcoming = [r for r in active if r.days_until >= 0]
    overdue = [r for r in reversed(active) if r.days_until < 0]
    return (upcoming + overdue)[:limit]


def dashboard_context(
    summary: DashboardSummary, paging: PageParams | None = None
) -> dict[str, object]:
    paging = paging or PageParams(limit=DEFAULT_LIMIT, offset=0)
    cards = card_rows(summary.rows)
    active = sum(1 for r in summary.rows if not r.is_complete)
    return {
        "section": "dashboard",
        "cards": cards,
        "more_active": active - len(cards),
        "all_events": paging.slice(summary.rows),
        "events_pager": paging.pager(len(summary.rows)),
        "paging": paging,
        "totals": summary.totals,
        "budget": row_budget,
        "season_budget": budget_of(
            summary.totals.actual_cost,
            summary.totals.planned_cost,
            summary.totals.recipes_complete == summary.totals.recipes_total,
        ),
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, paging: Paging) -> Response:
    """Cards for the events in progress nearest to today, the season's total, and every
    event in a table a page at a time (``?offset=&limit=``)."""
    with db.transaction() as session:
        summary = get_dashboard_summary(session)
        return render(request, "pages/dashboard.html", dashboard_context(summary, paging))
