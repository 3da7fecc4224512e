"""The dashboard (home page): the events in progress nearest to today as cards, the totals
of the scope shown (a season, all upcoming events, or all), and its events in a paged
table (docs/product.md §3, §6.15)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.seasons import BudgetStanding, budget_standing
from bakehouse.models import Season
from bakehouse.services.catalog.starter import load_starter_catalog
from bakehouse.services.core.setup import get_setup_checklist
from bakehouse.services.events.seasons import list_seasons, resolve_dashboard_scope
from bakehouse.services.production.dashboard import (
    DashboardRow,
    DashboardSummary,
    get_dashboard_summary,
)
from bakehouse.web.deps import DB, render
from bakehouse.web.pagination import DEFAULT_LIMIT, PageParams, Paging

router = APIRouter(include_in_schema=False)

SeasonQuery = Annotated[str | None, Query(max_length=TextLimit.NAME)]


def row_budget(row: DashboardRow) -> BudgetStanding | None:
    return budget_standing(row.budget, row.forecast_cost)


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
    summary: DashboardSummary,
    paging: PageParams | None = None,
    seasons: Sequence[Season] = (),
) -> dict[str, object]:
    paging = paging or PageParams(limit=DEFAULT_LIMIT, offset=0)
    cards = card_rows(summary.rows)
    active = sum(1 for r in summary.rows if not r.is_complete)
    season = next((s for s in seasons if str(s.id) == summary.scope_key), None)
    return {
        "section": "dashboard",
        "cards": cards,
        "more_active": active - len(cards),
        "all_events": paging.slice(summary.rows),
        "events_pager": paging.pager(len(summary.rows)),
        "paging": paging,
        "totals": summary.totals,
        "scope": summary.scope,
        "scope_key": summary.scope_key,
        "seasons": seasons,
        "season": season,
        "budget": row_budget,
        "page_link": lambda **changes: _with_season(paging.query(**changes), summary.scope_key),
        "season_budget": None
        if season is None
        else budget_standing(season.budget, summary.totals.forecast_cost),
    }


def _with_season(query: str, scope_key: str) -> str:
    season = urlencode({"season": scope_key})
    return f"{query}&{season}" if query else f"?{season}"


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, db: DB, paging: Paging, season: SeasonQuery = None) -> Response:
    """Cards for the events in progress nearest to today, the totals of the scope shown
    (``?season=``: a season, "upcoming" or "all"; default: the current season, else the
    next, else all upcoming), and its events in a table a page at a time."""
    with db.transaction() as session:
        scope = resolve_dashboard_scope(session, season)
        summary = get_dashboard_summary(session, scope=scope)
        context = dashboard_context(summary, paging, list_seasons(session))
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
