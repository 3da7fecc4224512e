"""Printable pages: the shopping list (one event or all upcoming) and an event's packing
and delivery list."""

from __future__ import annotations

from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import allergen_label
from bakehouse.domain.inputs import MAX_ID, TextLimit
from bakehouse.services.events import events, planning
from bakehouse.services.events.contents import resolved_contents
from bakehouse.services.events.seasons import list_seasons, resolve_shopping_scope
from bakehouse.services.packaging import costing as package_costing
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render

router = APIRouter(include_in_schema=False)
SHOPPING = "pages/shopping_list.html"
PACKING = "pages/packing_list.html"

EventChoice = Annotated[int | None, Query(ge=1, le=MAX_ID)]


def _shopping_context(
    session: Session, event_id: int | None, season: str | None = None
) -> dict[str, Any]:
    chosen = season is not None and event_id is None
    scope = resolve_shopping_scope(session, season) if chosen else None
    shopping = planning.get_shopping_list(session, event_id, scope=scope)
    to_buy = [line for line in shopping.lines if line.shortfall > 0]
    covered = [line for line in shopping.lines if line.shortfall <= 0]
    return {
        "section": "shopping", "shopping": shopping, "to_buy": to_buy, "covered": covered,
        "events": events.list_events(session), "event_id": event_id,
        "seasons": list_seasons(session), "season": season,
    }  # fmt: skip


def _packing_context(session: Session, event_id: int) -> dict[str, Any]:
    event = events.get_event(session, event_id)
    assignments = events.list_assignments(session, event.id)
    packages = {s.package_id: s for s in package_costing.list_package_summaries(session)}
    warnings = {
        (w.recipient_id, w.package_id): w for w in events.get_allergen_conflicts(session, event.id)
    }
    counts: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    for assignment in assignments:
        counts[assignment.status.value] += assignment.quantity
        by_package[assignment.package.name] += assignment.quantity
    used = sorted({a.package_id for a in assignments}, key=lambda i: packages[i].package.lower())
    # Assembled and delivered packages hold what they held then (docs/product.md §6.20):
    # where that differs from the package today, the list says so.
    held = resolved_contents(session, [a.id for a in assignments])
    today = {p.package_id: sorted((i.item_id, i.units) for i in p.items) for p in packages.values()}
    as_assembled = {
        a.id: ", ".join(f"{i.units} × {i.item}" for i in held[a.id].items) or "nothing"
        for a in assignments
        if held[a.id].frozen
        and sorted((i.item_id, i.units) for i in held[a.id].items) != today.get(a.package_id)
    }
    return {
        "section": "events", "event": event, "assignments": assignments,
        "packages": [packages[i] for i in used], "warnings": warnings, "counts": counts,
        "by_package": by_package, "allergen_label": allergen_label,
        "as_assembled": as_assembled,
    }  # fmt: skip


@router.get("/shopping-list")
def shopping_list_page(
    request: Request,
    db: DB,
    event: EventChoice = None,
    upcoming: bool = False,
    season: Annotated[str | None, Query(max_length=TextLimit.NAME)] = None,
) -> Response:
    """What to buy for one event (``?event=``), a season's upcoming events (``?season=``,
    "upcoming" for all), else the default scope (docs/product.md §6.15)."""
    if upcoming:
        event, season = None, "upcoming"
    with db.transaction() as session:
        return render(request, SHOPPING, _shopping_context(session, event, season or None))


@router.get("/events/{event_id}/packing")
def packing_list_page(request: Request, event_id: PathId, db: DB) -> Response:
    """Who gets what, where it goes, and where each package stands; made to print."""
    with db.transaction() as session:
        return render(request, PACKING, _packing_context(session, event_id))
