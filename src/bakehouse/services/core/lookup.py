"""Name things the way people type them: by id, slug or (case-insensitive) name.

For the CLI and other callers that receive a key rather than an id. Each resolver is one
statement and raises :class:`NotFound` when nothing matches.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.models import Assignment, Event, Package, Recipe, Recipient
from bakehouse.services.core.naming import find_by_key


def resolve_event(session: Session, key: str) -> Event:
    """The event with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Event, "event", key)


def resolve_recipe(session: Session, key: str) -> Recipe:
    """The recipe with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Recipe, "recipe", key)


def resolve_recipient(session: Session, key: str) -> Recipient:
    """The recipient with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Recipient, "recipient", key)


def resolve_package(session: Session, key: str) -> Package:
    """The package with this id, slug or name. Raises :class:`NotFound`."""
    return find_by_key(session, Package, "package", key)


def resolve_assignment(
    session: Session, event_key: str, recipient_key: str, package_key: str
) -> Assignment:
    """The assignment of a package to a recipient at an event, each named by key.

    Raises :class:`NotFound` for an unknown event, recipient or package, or when that
    recipient is not assigned that package at that event.
    """
    event = resolve_event(session, event_key)
    recipient = resolve_recipient(session, recipient_key)
    package = resolve_package(session, package_key)
    assignment = session.scalars(
        select(Assignment).where(
            Assignment.event_id == event.id,
            Assignment.recipient_id == recipient.id,
            Assignment.package_id == package.id,
        )
    ).one_or_none()
    if assignment is None:
        raise NotFound("assignment", f"{package.name} for {recipient.name} at {event.name}")
    return assignment
