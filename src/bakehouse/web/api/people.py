"""JSON API for recipients: who receives packages, and what they must avoid."""

from __future__ import annotations

from fastapi import APIRouter

from bakehouse.schemas.people import RecipientRead
from bakehouse.services.events import people
from bakehouse.web.api.schemas_fields import Deleted, PathId
from bakehouse.web.api.schemas_people import RecipientCreate, RecipientUpdate
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.listings import RECIPIENTS, RecipientsQuery
from bakehouse.web.pagination import Page

router = APIRouter(tags=["recipients"], route_class=StrictJsonRoute)


@router.get("/recipients", response_model=Page[RecipientRead])
def list_recipients(db: DB, query: RecipientsQuery) -> dict[str, object]:
    """Recipients by name (or household, or newest first); ``q`` finds words in the name,
    household, address or notes."""
    with db.transaction() as session:
        rows = [RecipientRead.model_validate(r) for r in people.list_recipients(session)]
    return RECIPIENTS.apply(rows, query).api_page()


@router.post("/recipients", response_model=RecipientRead, status_code=201)
def create_recipient(body: RecipientCreate, db: DB) -> RecipientRead:
    """Add a recipient (name unique; allergens from the 14 major allergens)."""
    with db.transaction() as session:
        return RecipientRead.model_validate(people.create_recipient(session, **body.model_dump()))


@router.get("/recipients/{recipient_id}", response_model=RecipientRead)
def get_recipient(recipient_id: PathId, db: DB) -> RecipientRead:
    with db.transaction() as session:
        return RecipientRead.model_validate(people.get_recipient(session, recipient_id))


@router.patch("/recipients/{recipient_id}", response_model=RecipientRead)
def update_recipient(recipient_id: PathId, body: RecipientUpdate, db: DB) -> RecipientRead:
    """Change the fields sent; leave the rest."""
    with db.transaction() as session:
        changes = body.model_dump(exclude_none=True)
        return RecipientRead.model_validate(
            people.update_recipient(session, recipient_id, **changes)
        )


@router.delete("/recipients/{recipient_id}", response_model=Deleted)
def delete_recipient(recipient_id: PathId, db: DB) -> Deleted:
    """Delete a recipient; refused (409) while an event assigns them a package."""
    with db.transaction() as session:
        people.delete_recipient(session, recipient_id)
    return Deleted(kind="recipient", id=recipient_id)
