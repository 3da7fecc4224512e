"""Event pages: the list (create, clone last year's) and one event's working page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.services.events.events import (
    assign_package_to_many,
    clone_event,
    create_event,
    delete_assignment,
    delete_event,
    event_deletion,
    get_event,
    require_in_event,
    update_assignment_quantity,
    update_event,
)
from bakehouse.services.events.locks import lock_event_plan, unlock_event_plan
from bakehouse.services.events.status import correct_package_status, update_package_status
from bakehouse.services.production.bakes import record_production, reverse_production
from bakehouse.services.production.outcomes import write_off_bake
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, Database, render
from bakehouse.web.forms import FormData, Redraw, parse_form, run_form, submit_form
from bakehouse.web.pages.event_forms import (
    AssignForm,
    BakeForm,
    CloneForm,
    CorrectionForm,
    DeliverForm,
    EventForm,
    LockForm,
    QuantityForm,
    ReverseForm,
    UnlockForm,
    WriteOffForm,
    typed_good_items,
)
from bakehouse.web.pages.event_list import events_list_context
from bakehouse.web.pages.event_view import EventPages, EventPaging, event_context
from bakehouse.web.pages.form_fields import flash_for

router = APIRouter(include_in_schema=False)
FormModel = TypeVar("FormModel", bound=BaseModel)


class NoFields(BaseModel):
    pass


@router.get("/events", response_class=HTMLResponse)
def events_list(request: Request, db: DB) -> Response:
    """Every event with its progress, a form for a new one and one to clone last year's."""
    with db.transaction() as session:
        context = events_list_context(session, query=dict(request.query_params))
        return render(request, "pages/events.html", context)


@router.post("/events", response_class=HTMLResponse)
def events_create(request: Request, db: DB, form: FormData) -> Response:
    """A new event; a date in the past or more than a year ahead is asked about first
    (docs/product.md §6.16)."""

    def action(session: Session, data: EventForm) -> str:
        event = create_event(
            session, name=data.name, event_date=data.event_date, notes=data.notes or "",
            confirm=data.confirm,
        )  # fmt: skip
        return f"/events/{event.id}?done=created"

    return submit_form(
        request, db, form, EventForm, action, "pages/events.html",
        lambda s: {**events_list_context(s), "form_key": "create"},
    )  # fmt: skip


@router.post("/events/clone", response_class=HTMLResponse)
def events_clone(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: CloneForm) -> str:
        event = clone_event(
            session, data.source_id, name=data.name, event_date=data.event_date,
            confirm=data.confirm,
        )  # fmt: skip
        return f"/events/{event.id}?done=cloned"

    return submit_form(
        request, db, form, CloneForm, action, "pages/events.html",
        lambda s: {**events_list_context(s), "form_key": "clone"},
    )  # fmt: skip


def _edit_context(session: Session, event_id: int) -> dict[str, Any]:
    return {"section": "events", "event": get_event(session, event_id), "errors": {}, "values": {}}


@router.get("/events/{event_id}/edit", response_class=HTMLResponse)
def event_edit_page(
    request: Request, db: DB, event_id: PathId, done: str | None = None
) -> Response:
    """Rename, re-date or re-note an event; the way to delete or archive it
    (docs/product.md §6.16, §6.20)."""
    with db.transaction() as session:
        context = _edit_context(session, event_id) | {"flash": flash_for(done)}
        return render(request, "pages/event_edit.html", context)


@router.post("/events/{event_id}/edit", response_class=HTMLResponse)
def event_edit(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    def action(session: Session, data: EventForm) -> str:
        update_event(
            session, event_id, name=data.name, event_date=data.event_date,
            notes=data.notes or "", confirm=data.confirm,
        )  # fmt: skip
        return f"/events/{event_id}?done=edited"

    return submit_form(
        request, db, form, EventForm, action, "pages/event_edit.html",
        lambda s: _edit_context(s, event_id),
    )  # fmt: skip


def _delete_context(session: Session, event_id: int) -> dict[str, Any]:
    return {"section": "events", "deletion": event_deletion(session, event_id), "errors": {}}


@router.get("/events/{event_id}/delete", response_class=HTMLResponse)
def event_delete_page(request: Request, db: DB, event_id: PathId) -> Response:
    """What deleting the event removes and a button to do it, or why it cannot go."""
    with db.transaction() as session:
        return render(request, "pages/event_delete.html", _delete_context(session, event_id))


@router.post("/events/{event_id}/delete", response_class=HTMLResponse)
def event_delete(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    def action(session: Session, _data: NoFields) -> str:
        deleted = delete_event(session, event_id)
        return "/events?" + urlencode({"deleted": deleted.name})

    data, errors = parse_form(NoFields, form)
    redraw = Redraw(
        "pages/event_delete.html", lambda s: _delete_context(s, event_id), error_status=True
    )
    return run_form(request, db, data, errors, action, redraw)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, db: DB, event_id: PathId, paging: EventPages) -> Response:
    """Recipe progress with "record batches", packages (a page at a time) with status
    buttons, costs, history."""
    with db.transaction() as session:
        context = event_context(session, event_id, dict(request.query_params), paging)
        return render(request, "pages/event.html", context)


@router.post("/events/{event_id}/bakes", response_class=HTMLResponse)
def event_bake(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Record batches; a bake that needs confirming (docs/product.md §6.11) is shown again
    with a checkbox per confirmation, and saved once they are ticked."""

    def action(session: Session, data: BakeForm) -> str:
        result = record_production(
            session, event_id=event_id, recipe_id=data.recipe_id, batches=data.batches,
            notes=data.notes, confirm=data.confirm, good=typed_good_items(data.good),
            loss_reason=data.loss_reason,
        )  # fmt: skip
        # docs/product.md §6.14: the notice says what a covered shortage booked.
        said = "&covered=1" if result.unrecorded else ""
        said += "&incomplete=1" if result.cost_incomplete else ""
        if data.back == "calendar":
            return "/calendar/today?done=recorded"
        return f"/events/{event_id}?baked={result.record.id}{said}#baking"

    key = str(form.get("form_key") or f"bake-{form.get('recipe_id', '')}")
    return _act(request, db, event_id, form, BakeForm, key, action)


@router.post("/events/{event_id}/bakes/{bake_id}/reverse", response_class=HTMLResponse)
def event_reverse(
    request: Request, db: DB, event_id: PathId, bake_id: PathId, form: FormData
) -> Response:
    def action(session: Session, data: ReverseForm) -> str:
        require_in_event(session, event_id, bake_id=bake_id)
        reverse_production(session, bake_id, data.reason)
        return f"/events/{event_id}?done=reversed#production"

    return _act(request, db, event_id, form, ReverseForm, f"reverse-{bake_id}", action)


@router.post("/events/{event_id}/bakes/{bake_id}/write-off", response_class=HTMLResponse)
def event_write_off(
    request: Request, db: DB, event_id: PathId, bake_id: PathId, form: FormData
) -> Response:
    """A ruined bake (docs/product.md §6.13): its items are lost, its ingredients stay used."""

    def action(session: Session, data: WriteOffForm) -> str:
        require_in_event(session, event_id, bake_id=bake_id)
        write_off_bake(session, bake_id, data.note)
        return f"/events/{event_id}?done=written-off#production"

    return _act(request, db, event_id, form, WriteOffForm, f"write-off-{bake_id}", action)


@router.post("/events/{event_id}/assignments", response_class=HTMLResponse)
def event_assign(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Give one package to many recipients at once."""

    def action(session: Session, data: AssignForm) -> str:
        assign_package_to_many(
            session, event_id=event_id, package_id=data.package_id,
            recipient_ids=data.recipient_ids, quantity=data.quantity,
        )  # fmt: skip
        return f"/events/{event_id}?done=assigned#packages"

    return _act(request, db, event_id, form, AssignForm, "assign", action)


@router.post("/events/{event_id}/assignments/{assignment_id}/assemble", response_class=HTMLResponse)
def event_assemble(
    request: Request, db: DB, event_id: PathId, assignment_id: PathId, form: FormData,
    paging: EventPages,
) -> Response:  # fmt: skip
    def change(session: Session, _data: NoFields) -> None:
        update_package_status(session, assignment_id, AssignmentStatus.ASSEMBLED)

    row = PackageRowForm(request, db, event_id, assignment_id, form, paging)
    return row.submit(NoFields, change, done="assembled")


@router.post("/events/{event_id}/assignments/{assignment_id}/deliver", response_class=HTMLResponse)
def event_deliver(
    request: Request, db: DB, event_id: PathId, assignment_id: PathId, form: FormData,
    paging: EventPages,
) -> Response:  # fmt: skip
    def change(session: Session, data: DeliverForm) -> None:
        update_package_status(session, assignment_id, AssignmentStatus.DELIVERED, data.note)

    row = PackageRowForm(request, db, event_id, assignment_id, form, paging)
    return row.submit(DeliverForm, change, done="delivered")


@router.post("/events/{event_id}/assignments/{assignment_id}/correct", response_class=HTMLResponse)
def event_correct_status(
    request: Request, db: DB, event_id: PathId, assignment_id: PathId, form: FormData,
    paging: EventPages,
) -> Response:  # fmt: skip
    def change(session: Session, data: CorrectionForm) -> None:
        correct_package_status(session, assignment_id, data.status, data.reason)

    row = PackageRowForm(request, db, event_id, assignment_id, form, paging)
    return row.submit(CorrectionForm, change, done="corrected")


@router.post("/events/{event_id}/assignments/{assignment_id}/quantity", response_class=HTMLResponse)
def event_assignment_quantity(
    request: Request, db: DB, event_id: PathId, assignment_id: PathId, form: FormData,
    paging: EventPages,
) -> Response:  # fmt: skip
    """How many of the package the recipient gets, while it is pending."""

    def change(session: Session, data: QuantityForm) -> None:
        update_assignment_quantity(session, assignment_id, data.quantity)

    row = PackageRowForm(request, db, event_id, assignment_id, form, paging)
    return row.submit(QuantityForm, change, done="quantity")


@router.post("/events/{event_id}/assignments/{assignment_id}/remove", response_class=HTMLResponse)
def event_unassign(
    request: Request, db: DB, event_id: PathId, assignment_id: PathId, form: FormData,
    paging: EventPages,
) -> Response:  # fmt: skip
    def change(session: Session, _data: NoFields) -> None:
        delete_assignment(session, assignment_id)

    row = PackageRowForm(request, db, event_id, assignment_id, form, paging)
    return row.submit(NoFields, change, done="removed")


@router.post("/events/{event_id}/lock", response_class=HTMLResponse)
def event_lock(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Freeze the event's prices (docs/product.md §6.20)."""

    def action(session: Session, data: LockForm) -> str:
        lock_event_plan(session, event_id, note=data.note)
        return f"/events/{event_id}?done=locked#costs"

    return _act(request, db, event_id, form, LockForm, "lock", action)


@router.post("/events/{event_id}/unlock", response_class=HTMLResponse)
def event_unlock(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    """Let the event's prices follow again; the reason is recorded."""

    def action(session: Session, data: UnlockForm) -> str:
        unlock_event_plan(session, event_id, data.reason)
        return f"/events/{event_id}?done=unlocked#costs"

    return _act(request, db, event_id, form, UnlockForm, "lock", action)


@dataclass(frozen=True)
class PackageRowForm:
    """A form on one package row of the event page, posted from whichever page of
    packages (``paging``) shows that row."""

    request: Request
    db: Database
    event_id: int
    assignment_id: int
    form: dict[str, Any]
    paging: EventPaging

    def submit(
        self,
        model: type[FormModel],
        change: Callable[[Session, FormModel], None],
        *,
        done: str,
    ) -> Response:
        """Apply ``change`` to the assignment (NotFound unless it is this event's) and go
        back to the same page of packages; a problem is shown beside the row there."""

        def action(session: Session, data: FormModel) -> str:
            require_in_event(session, self.event_id, assignment_id=self.assignment_id)
            change(session, data)
            return f"/events/{self.event_id}{self.paging.query(done=done)}#packages"

        key = f"status-{self.assignment_id}"
        return _act(
            self.request, self.db, self.event_id, self.form, model, key, action, self.paging
        )


def _act(
    request: Request,
    db: Database,
    event_id: int,
    form: dict[str, Any],
    model: type[FormModel],
    form_key: str,
    action: Callable[[Session, FormModel], str],
    paging: EventPaging | None = None,
) -> Response:
    """Run one form of the event page; on error re-render the page (the same window of
    packages, ``paging``) with the problem shown beside that form (``form_key``, the
    error's own status) and nothing saved."""
    data, errors = parse_form(model, form)
    redraw = Redraw(
        "pages/event.html",
        lambda session: event_context(session, event_id, paging=paging),
        {"values": dict(form), "form_key": form_key},
        error_status=True,
    )
    return run_form(request, db, data, errors, action, redraw)
