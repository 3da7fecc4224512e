"""Recipients: who receives packages, and the allergens they must avoid."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import normalize_allergens
from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import InUse
from bakehouse.models import Assignment, Event, Recipient
from bakehouse.services.core.archive import shown
from bakehouse.services.core.naming import (
    clean_notes,
    find_by_key,
    get_by_id,
    rename,
    unique_name,
)


def create_recipient(
    session: Session,
    *,
    name: str,
    household: str = "",
    address: str = "",
    notes: str = "",
    allergens: Iterable[str] = (),
) -> Recipient:
    """Add a recipient.

    Raises :class:`Conflict` for a taken name and :class:`InvalidInput` for an empty name
    or an allergen outside the 14 major allergens.
    """
    cleaned, slug = unique_name(session, Recipient, "recipient", name)
    recipient = Recipient(
        name=cleaned,
        slug=slug,
        household=clean_notes(household, field="household", max_length=TextLimit.HOUSEHOLD),
        address=clean_notes(address, field="address"),
        notes=clean_notes(notes),
        allergens=normalize_allergens(allergens),
    )
    session.add(recipient)
    session.flush()
    return recipient


def update_recipient(
    session: Session,
    recipient_id: int,
    *,
    name: str | None = None,
    household: str | None = None,
    address: str | None = None,
    notes: str | None = None,
    allergens: Iterable[str] | None = None,
) -> Recipient:
    """Change what is given; leave the rest. Raises NotFound, Conflict, InvalidInput."""
    recipient = get_by_id(session, Recipient, "recipient", recipient_id)
    if name is not None:
        rename(session, recipient, "recipient", name)
    if household is not None:
        recipient.household = clean_notes(
            household, field="household", max_length=TextLimit.HOUSEHOLD
        )
    if address is not None:
        recipient.address = clean_notes(address, field="address")
    if notes is not None:
        recipient.notes = clean_notes(notes)
    if allergens is not None:
        recipient.allergens = normalize_allergens(allergens)
    session.flush()
    return recipient


def delete_recipient(session: Session, recipient_id: int) -> None:
    """Delete a recipient. Raises :class:`InUse` when any event assigns them a package."""
    recipient = get_by_id(session, Recipient, "recipient", recipient_id)
    events = list(
        session.scalars(
            select(Event.name)
            .join(Assignment, Assignment.event_id == Event.id)
            .where(Assignment.recipient_id == recipient.id)
            .distinct()
            .order_by(Event.name)
        )
    )
    if events:
        raise InUse("recipient", recipient.name, [f"event {name!r}" for name in events])
    session.delete(recipient)
    session.flush()


def get_recipient(session: Session, key: int | str) -> Recipient:
    """The recipient with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Recipient, "recipient", key)


def list_recipients(session: Session, *, include_archived: bool = False) -> list[Recipient]:
    """Every recipient, by name. Archived ones only with ``include_archived``
    (docs/product.md §6.20)."""
    query = select(Recipient).where(shown(Recipient, include_archived))
    return list(session.scalars(query.order_by(Recipient.name)))
