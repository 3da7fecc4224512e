"""JSON API for events and assignments (who gets which package), allergen conflicts, deliveries."""

from __future__ import annotations

from fastapi import APIRouter, Response

from bakehouse.schemas.events import (
    AllergenWarningRead,
    AssignmentCreated,
    AssignmentRead,
    DeliveryRead,
    EventDeletionRead,
    EventRead,
    warning_read,
)
from bakehouse.services.events import events as service
from bakehouse.web.api.schemas_events import (
    AssignManyCreate,
    AssignmentCreate,
    AssignmentUpdate,
    EventClone,
    EventCreate,
    EventUpdate,
)
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.listings import EVENTS, EventsQuery
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["events"], route_class=StrictJsonRoute)


@router.get("/events", response_model=Page[EventRead])
def list_events(db: DB, query: EventsQuery, upcoming_only: bool = False) -> dict[str, object]:
    """Events by date then name (or by name); ``upcoming_only`` keeps those from today on;
    ``q`` finds words in the name or notes."""
    with db.transaction() as session:
        rows = service.list_events(session, upcoming_only=upcoming_only)
        return EVENTS.apply([EventRead.model_validate(e) for e in rows], query).api_page()


@router.post("/events", response_model=EventRead, status_code=201)
def create_event(db: DB, body: EventCreate) -> EventRead:
    with db.transaction() as session:
        event = service.create_event(
            session, name=body.name, event_date=body.event_date, notes=body.notes,
            confirm=body.confirm,
        )  # fmt: skip
        return EventRead.model_validate(event)


@router.get("/events/{event_id}", response_model=EventRead)
def get_event(db: DB, event_id: PathId) -> EventRead:
    with db.transaction() as session:
        return EventRead.model_validate(service.get_event(session, event_id))


@router.patch("/events/{event_id}", response_model=EventRead)
def update_event(db: DB, event_id: PathId, body: EventUpdate) -> EventRead:
    with db.transaction() as session:
        changes = body.model_dump(exclude_unset=True, exclude={"confirm"})
        event = service.update_event(session, event_id, **changes, confirm=body.confirm)
        return EventRead.model_validate(event)


@router.get("/events/{event_id}/deletion", response_model=EventDeletionRead)
def event_deletion(db: DB, event_id: PathId) -> EventDeletionRead:
    """What deleting the event would remove (its pending assignments), or why it cannot
    (docs/product.md §6.16)."""
    with db.transaction() as session:
        return EventDeletionRead.of(service.event_deletion(session, event_id))


@router.delete("/events/{event_id}", status_code=204, response_class=Response)
def delete_event(db: DB, event_id: PathId) -> Response:
    """Delete an event and its pending assignments; 409 ``in_use`` with the reasons once
    it has bakes, assembled or delivered packages, losses or moves (docs/product.md
    §6.16)."""
    with db.transaction() as session:
        service.delete_event(session, event_id)
    return Response(status_code=204)


@router.post("/events/{event_id}/clone", response_model=EventRead, status_code=201)
def clone_event(db: DB, event_id: PathId, body: EventClone) -> EventRead:
    """A new event with the same assignments, all pending (e.g. next year's Christmas)."""
    with db.transaction() as session:
        event = service.clone_event(
            session, event_id, name=body.name, event_date=body.event_date, confirm=body.confirm
        )
        return EventRead.model_validate(event)


@router.get("/events/{event_id}/assignments", response_model=Page[AssignmentRead])
def list_assignments(db: DB, event_id: PathId, paging: Paging) -> dict[str, object]:
    with db.transaction() as session:
        rows = service.list_assignments(session, event_id)
        return paginate([AssignmentRead.of(a) for a in rows], paging)


@router.post("/events/{event_id}/assignments", response_model=AssignmentCreated, status_code=201)
def create_assignment(db: DB, event_id: PathId, body: AssignmentCreate) -> AssignmentCreated:
    """Give a recipient a package; the answer carries any allergen warnings."""
    with db.transaction() as session:
        result = service.assign_package(
            session,
            event_id=event_id,
            recipient_id=body.recipient_id,
            package_id=body.package_id,
            quantity=body.quantity,
        )
        return AssignmentCreated.of(result)


@router.post(
    "/events/{event_id}/assignments/bulk",
    response_model=list[AssignmentCreated],
    status_code=201,
)
def assign_to_many(db: DB, event_id: PathId, body: AssignManyCreate) -> list[AssignmentCreated]:
    """One package to many recipients at once: all of them or none (409 if one has it)."""
    with db.transaction() as session:
        results = service.assign_package_to_many(
            session,
            event_id=event_id,
            package_id=body.package_id,
            recipient_ids=body.recipient_ids,
            quantity=body.quantity,
        )
        return [AssignmentCreated.of(r) for r in results]


@router.patch("/assignments/{assignment_id}", response_model=AssignmentRead)
def update_assignment(db: DB, assignment_id: PathId, body: AssignmentUpdate) -> AssignmentRead:
    """Change the quantity of a pending assignment."""
    with db.transaction() as session:
        assignment = service.update_assignment_quantity(session, assignment_id, body.quantity)
        return AssignmentRead.of(assignment)


@router.delete("/assignments/{assignment_id}", status_code=204, response_class=Response)
def delete_assignment(db: DB, assignment_id: PathId) -> Response:
    """Remove a pending assignment (409 once assembled or delivered)."""
    with db.transaction() as session:
        service.delete_assignment(session, assignment_id)
    return Response(status_code=204)


@router.get("/events/{event_id}/allergen-conflicts", response_model=Page[AllergenWarningRead])
def allergen_conflicts(db: DB, event_id: PathId, paging: Paging) -> dict[str, object]:
    """Every package of the event holding an allergen its recipient avoids."""
    with db.transaction() as session:
        rows = service.get_allergen_conflicts(session, event_id)
        return paginate([warning_read(w) for w in rows], paging)


@router.get("/events/{event_id}/deliveries", response_model=Page[DeliveryRead])
def deliveries(db: DB, event_id: PathId, paging: Paging) -> dict[str, object]:
    """The delivery round: every package with its recipient's household and address."""
    with db.transaction() as session:
        rows = service.list_assignments(session, event_id)
        return paginate([DeliveryRead.of(a) for a in rows], paging)
