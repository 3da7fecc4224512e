"""JSON API for keeping the past true (docs/product.md §6.20): plan locks, what each
assignment holds (frozen at assembly), archive and un-archive."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter

from bakehouse.schemas.events import ArchivedRead, AssignmentContentsRead, PlanLockRead
from bakehouse.services.core import archive as archiving
from bakehouse.services.events import events as event_service
from bakehouse.services.events import locks
from bakehouse.services.events.contents import resolved_contents
from bakehouse.web.api.schemas_fields import InputModel, LineNote, PathId, RecordId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["history"], route_class=StrictJsonRoute)

Kind = Literal["ingredient", "product", "recipe", "item", "bundle", "package", "recipient", "event"]


class LockBody(InputModel):
    """Why the prices are locked (optional)."""

    note: LineNote = ""


class UnlockBody(InputModel):
    """Why the prices may follow again (required)."""

    reason: LineNote


class ArchiveBody(InputModel):
    kind: Kind
    id: RecordId


@router.get("/events/{event_id}/lock", response_model=PlanLockRead)
def get_lock(db: DB, event_id: PathId) -> PlanLockRead:
    """Whether the event's prices are locked, each recipe as planned then, every change."""
    with db.transaction() as session:
        return PlanLockRead.model_validate(locks.get_plan_lock(session, event_id))


@router.post("/events/{event_id}/lock", response_model=PlanLockRead)
def lock(db: DB, event_id: PathId, body: LockBody) -> PlanLockRead:
    """Freeze the event's prices (409 when already locked)."""
    with db.transaction() as session:
        return PlanLockRead.model_validate(locks.lock_event_plan(session, event_id, note=body.note))


@router.post("/events/{event_id}/unlock", response_model=PlanLockRead)
def unlock(db: DB, event_id: PathId, body: UnlockBody) -> PlanLockRead:
    """Let the event's prices follow again; the reason is recorded (409 when not locked)."""
    with db.transaction() as session:
        return PlanLockRead.model_validate(locks.unlock_event_plan(session, event_id, body.reason))


@router.get("/events/{event_id}/contents", response_model=list[AssignmentContentsRead])
def contents(db: DB, event_id: PathId) -> list[AssignmentContentsRead]:
    """What each assignment of the event holds: as assembled, or today's while pending."""
    with db.transaction() as session:
        event = event_service.get_event(session, event_id)
        ids = [a.id for a in event_service.list_assignments(session, event.id)]
        found = resolved_contents(session, ids)
        return [AssignmentContentsRead.model_validate(found[i]) for i in ids]


def _read(kind: str, record: object) -> ArchivedRead:
    return ArchivedRead(
        kind=kind,
        id=record.id,  # type: ignore[attr-defined]
        name=getattr(record, "name", ""),
        archived_at=record.archived_at,  # type: ignore[attr-defined]
    )


@router.post("/archive", response_model=ArchivedRead)
def archive(db: DB, body: ArchiveBody) -> ArchivedRead:
    """Archive what history uses: hidden from lists and pickers, history kept."""
    with db.transaction() as session:
        return _read(body.kind, archiving.archive(session, body.kind, body.id))


@router.post("/unarchive", response_model=ArchivedRead)
def unarchive(db: DB, body: ArchiveBody) -> ArchivedRead:
    """Bring an archived record back to lists and pickers."""
    with db.transaction() as session:
        return _read(body.kind, archiving.unarchive(session, body.kind, body.id))
