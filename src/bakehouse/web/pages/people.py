"""Recipients pages: who gets packages, with the allergens they must avoid."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import allergen_label
from bakehouse.services.events import people
from bakehouse.services.events.history import recipient_gifts
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.listings import RECIPIENTS, shows_archived
from bakehouse.web.pages.form_fields import (
    ALLERGEN_CHOICES,
    EmptyForm,
    FormModel,
    Text,
    Ticked,
    flash_for,
)

router = APIRouter(include_in_schema=False)
LIST = "pages/recipients.html"
EDIT = "pages/recipient_edit.html"


class RecipientForm(FormModel):
    name: Text
    household: Text = ""
    address: Text = ""
    notes: Text = ""
    allergens: Ticked = []


def _list_context(session: Session, query: Mapping[str, str] | None = None) -> dict[str, Any]:
    archived = shows_archived(query or {})
    everyone = people.list_recipients(session, include_archived=archived)
    listed = RECIPIENTS.apply(everyone, RECIPIENTS.query_from(query or {}))
    return {
        "section": "recipients",
        "show_archived": archived,
        "listed": listed,
        "allergen_choices": ALLERGEN_CHOICES,
        "allergen_label": allergen_label,
    }


def _edit_context(recipient_id: int) -> Any:
    def context(session: Session) -> dict[str, Any]:
        recipient = people.get_recipient(session, recipient_id)
        defaults = {name: getattr(recipient, name) for name in RecipientForm.model_fields}
        return {
            "section": "recipients",
            "recipient": recipient,
            "defaults": defaults,
            "allergen_choices": ALLERGEN_CHOICES,
            "allergen_label": allergen_label,
            # docs/product.md §6.21: what they got each year, allergens noted.
            "gift_years": recipient_gifts(session, recipient.id),
        }

    return context


@router.get("/recipients")
def recipients_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Recipients, found, sorted and paged as asked (docs/product.md §6.19)."""
    with db.transaction() as session:
        context = _list_context(session, request.query_params) | {"flash": flash_for(done)}
        return render(request, LIST, context | {"errors": {}, "values": {}})


@router.post("/recipients")
def create_recipient(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: RecipientForm) -> str:
        people.create_recipient(session, **data.model_dump())
        return "/recipients?done=created"

    return submit_form(request, db, form, RecipientForm, action, LIST, _list_context)


@router.get("/recipients/{recipient_id}")
def recipient_page(
    request: Request, recipient_id: PathId, db: DB, done: str | None = None
) -> Response:
    with db.transaction() as session:
        context = _edit_context(recipient_id)(session) | {"flash": flash_for(done)}
        return render(request, EDIT, context | {"errors": {}, "values": {}})


@router.post("/recipients/{recipient_id}")
def update_recipient(request: Request, recipient_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: RecipientForm) -> str:
        people.update_recipient(session, recipient_id, **data.model_dump())
        return "/recipients?done=saved"

    return submit_form(request, db, form, RecipientForm, action, EDIT, _edit_context(recipient_id))


@router.post("/recipients/{recipient_id}/delete")
def delete_recipient(request: Request, recipient_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        people.delete_recipient(session, recipient_id)
        return "/recipients?done=deleted"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _edit_context(recipient_id))
