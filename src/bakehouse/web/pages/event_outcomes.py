"""The event's losses and leftovers page: what was lost or moved, and the forms that record
a late loss or move good items to another event (docs/product.md §6.13)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from bakehouse.services.events.events import get_event, list_events
from bakehouse.services.production.outcomes import list_outcomes, move_items, record_loss
from bakehouse.services.production.progress import get_production_progress
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.pages.event_forms import LossForm, MoveForm
from bakehouse.web.pages.event_view import LOSS_REASONS

router = APIRouter(include_in_schema=False)

TEMPLATE = "pages/event_leftovers.html"
NOTICES = {
    "lost": "Loss recorded: those items no longer count as made.",
    "moved": "Items moved, with their share of cost and their bake date.",
}


def leftovers_context(session: Session, event_id: int, done: str = "") -> dict[str, Any]:
    """The event, its recipes' good items, its losses and moves, the events to move to."""
    event = get_event(session, event_id)
    progress = get_production_progress(session, event.id)
    items = [(i.item_id, f"{i.item_name} ({i.items_made} good)")
             for r in progress.recipes for i in r.items]  # fmt: skip
    return {
        "section": "events",
        "event": event,
        "progress": progress,
        "item_rows": [i for r in progress.recipes for i in r.items],
        "outcomes": list_outcomes(session, event.id),
        "item_options": items,
        "event_options": [(e.id, e.name) for e in list_events(session) if e.id != event.id],
        "event_names": {e.id: e.name for e in list_events(session)},
        "loss_reasons": LOSS_REASONS,
        "notice": NOTICES.get(done),
    }


@router.get("/events/{event_id}/leftovers", response_class=HTMLResponse)
def leftovers_page(request: Request, db: DB, event_id: PathId, done: str = "") -> Response:
    """Losses and moves of the event's good items, with the forms that record them."""
    with db.transaction() as session:
        return render(request, TEMPLATE, leftovers_context(session, event_id, done))


@router.post("/events/{event_id}/losses", response_class=HTMLResponse)
def leftovers_loss(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Good items lost after the bake ("3 broke on the way")."""

    def action(session: Session, data: LossForm) -> str:
        record_loss(
            session, event_id=event_id, item_id=data.item_id, quantity=data.quantity,
            reason=data.reason, note=data.note,
        )  # fmt: skip
        return f"/events/{event_id}/leftovers?done=lost"

    return submit_form(
        request, db, {**form, "form_key": "loss"}, LossForm, action, TEMPLATE,
        lambda s: {**leftovers_context(s, event_id), "form_key": "loss"},
    )  # fmt: skip


@router.post("/events/{event_id}/moves", response_class=HTMLResponse)
def leftovers_move(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Move good items (leftovers) to another event."""

    def action(session: Session, data: MoveForm) -> str:
        move_items(
            session, from_event_id=event_id, to_event_id=data.to_event_id,
            item_id=data.item_id, quantity=data.quantity, note=data.note,
        )  # fmt: skip
        return f"/events/{event_id}/leftovers?done=moved"

    return submit_form(
        request, db, {**form, "form_key": "move"}, MoveForm, action, TEMPLATE,
        lambda s: {**leftovers_context(s, event_id), "form_key": "move"},
    )  # fmt: skip
