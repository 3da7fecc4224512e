"""The dashboard (home page): the events in progress nearest to today as cards, the season's
total, and every event in a paged table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bakehouse.services.catalog.starter import load_starter_catalog
from bakehouse.services.core.setup import get_setup_checklist
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
        context = dashboard_context(summary, paging)
        # docs/product.md §6.16: what a season still needs, until every step is done.
        checklist = get_setup_checklist(session)
        notice = STARTER_NOTICE.format(**request.query_params) if _loaded(request) else None
        context |= {"checklist": None if checklist.complete else checklist, "notice": notice}
        return render(request, "pages/dashboard.html", context)


STARTER_NOTICE = "Loaded {loaded} starter ingredients, each with a typical product to buy."


def _loaded(request: Request) -> bool:
    return request.query_params.get("loaded", "").isdigit()


@router.post("/setup/starter-ingredients", response_class=HTMLResponse)
def load_starter_ingredients(db: DB) -> Response:
    """The starter catalog (about 70 baking ingredients with densities, allergens and a
    typical product), for owners; ones already in the catalog are left as they are."""
    with db.transaction() as session:
        report = load_starter_catalog(session)
    return RedirectResponse(f"/?loaded={len(report.created)}#setup", status_code=303)
