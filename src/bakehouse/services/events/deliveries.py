"""Who still needs their package: an event's deliveries, grouped for a round of visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import NotFound
from bakehouse.models import Assignment, Event, Package, Recipient


@dataclass(frozen=True)
class DeliveryRow:
    """One package to take to one recipient (``quantity`` of them)."""

    assignment_id: int
    recipient: str
    recipient_slug: str
    household: str
    address: str
    package: str
    package_slug: str
    quantity: int
    status: AssignmentStatus
    assembled_at: datetime | None
    delivered_at: datetime | None
    delivery_note: str

    @property
    def ready(self) -> bool:
        """Assembled and waiting to be taken."""
        return self.status == AssignmentStatus.ASSEMBLED


def list_deliveries(
    session: Session, event_id: int, *, include_delivered: bool = False
) -> list[DeliveryRow]:
    """Packages of the event not yet delivered (all of them with ``include_delivered``).

    Rows are grouped by household (people without one last), then recipient and package
    name, so one visit covers a household. Two statements. Raises :class:`NotFound` for
    an unknown event.
    """
    if session.get(Event, event_id) is None:
        raise NotFound("event", event_id)
    statement = (
        select(Assignment, Recipient, Package)
        .join(Recipient, Assignment.recipient_id == Recipient.id)
        .join(Package, Assignment.package_id == Package.id)
        .where(Assignment.event_id == event_id)
        .order_by(
            case((Recipient.household == "", 1), else_=0),
            func.lower(Recipient.household),
            func.lower(Recipient.name),
            func.lower(Package.name),
            Assignment.id,
        )
    )
    if not include_delivered:
        statement = statement.where(Assignment.status != AssignmentStatus.DELIVERED)
    return [
        DeliveryRow(
            assignment_id=assignment.id,
            recipient=recipient.name,
            recipient_slug=recipient.slug,
            household=recipient.household,
            address=recipient.address,
            package=package.name,
            package_slug=package.slug,
            quantity=assignment.quantity,
            status=assignment.status,
            assembled_at=assignment.assembled_at,
            delivered_at=assignment.delivered_at,
            delivery_note=assignment.delivery_note,
        )
        for assignment, recipient, package in session.execute(statement)
    ]
