"""The dashboard (home page): every event's progress and cost at a glance, soonest first."""

from __future__ import annotations

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


def dashboard_context(summary: DashboardSummary) -> dict[str, object]:
    return {
        "section": "dashboard",
        "active": [r for r in summary.rows if not r.is_complete],
        "completed": [r for r in summary.rows if r.is_complete],
        "totals": summary.totals,
        "budget": row_budget,
        "season_budget": budget_of(
            summary.totals.actual_cost,
            summary.totals.planned_cost,
            summary.totals.recipes_complete == summary.totals.recipes_total,
        ),
    }


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB) -> Response:
    """One card per event with recipes, packages and cost; completed events folded away."""
    with db.transaction() as session:
        summary = get_dashboard_summary(session)
        return render(request, "pages/dashboard.html", dashboard_context(summary))
