"""Read models of events, assignments, deliveries and allergen warnings."""

from __future__ import annotations

from datetime import date, datetime

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models import Assignment
from bakehouse.schemas.base import Exact, ReadModel
from bakehouse.services.events.events import AllergenWarning, AssignmentResult, EventDeletion


class EventRead(ReadModel):
    id: int
    name: str
    slug: str
    event_date: date
    notes: str
    #: The owner's budget for it (docs/product.md §6.15); None: no budget.
    budget: Exact | None = None


class EventDeletionRead(ReadModel):
    """What deleting an event removes, or why it cannot (docs/product.md §6.16)."""

    event_id: int
    name: str
    allowed: bool
    #: Pending assignments that go with the event, the packages they hold, for how many
    #: recipients.
    pending: int
    packages: int
    recipients: int
    #: What goes, in a sentence; the reasons it cannot go, and that as a sentence.
    goes: str
    refusals: list[str]
    why_not: str | None

    @classmethod
    def of(cls, deletion: EventDeletion) -> EventDeletionRead:
        return cls(
            event_id=deletion.event_id, name=deletion.name, allowed=deletion.allowed,
            pending=deletion.pending, packages=deletion.packages,
            recipients=deletion.recipients, goes=deletion.goes,
            refusals=list(deletion.refusals),
            why_not=None if deletion.allowed else deletion.why_not,
        )  # fmt: skip


class AssignmentRead(ReadModel):
    id: int
    event_id: int
    recipient_id: int
    recipient_name: str
    package_id: int
    package_name: str
    quantity: int
    status: AssignmentStatus
    assembled_at: datetime | None
    delivered_at: datetime | None
    delivery_note: str

    @classmethod
    def of(cls, assignment: Assignment) -> AssignmentRead:
        return cls(
            id=assignment.id,
            event_id=assignment.event_id,
            recipient_id=assignment.recipient_id,
            recipient_name=assignment.recipient.name,
            package_id=assignment.package_id,
            package_name=assignment.package.name,
            quantity=assignment.quantity,
            status=assignment.status,
            assembled_at=assignment.assembled_at,
            delivered_at=assignment.delivered_at,
            delivery_note=assignment.delivery_note,
        )


class DeliveryRead(AssignmentRead):
    """An assignment as the delivery round needs it: where the recipient lives."""

    household: str
    address: str

    @classmethod
    def of(cls, assignment: Assignment) -> DeliveryRead:
        base = AssignmentRead.of(assignment).model_dump()
        return cls(
            **base,
            household=assignment.recipient.household,
            address=assignment.recipient.address,
        )


class AllergenWarningRead(ReadModel):
    recipient_id: int
    recipient: str
    package_id: int
    package: str
    allergens: list[str]
    message: str


class AssignmentCreated(ReadModel):
    assignment: AssignmentRead
    warnings: list[AllergenWarningRead]

    @classmethod
    def of(cls, result: AssignmentResult) -> AssignmentCreated:
        return cls(
            assignment=AssignmentRead.of(result.assignment),
            warnings=[AllergenWarningRead.model_validate(w) for w in result.warnings],
        )


def warning_read(warning: AllergenWarning) -> AllergenWarningRead:
    return AllergenWarningRead.model_validate(warning)


class DeliveryStopRead(ReadModel):
    """One package to take to one recipient on the delivery round (``bakehouse deliveries``)."""

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
    ready: bool


class LockedRecipeRead(ReadModel):
    recipe_id: int
    recipe: str
    batches: int
    planned_cost: Exact
    unpriced: bool


class LockChangeRead(ReadModel):
    locked: bool
    reason: str
    changed_at: datetime


class PlanLockRead(ReadModel):
    """An event's plan lock: frozen prices (docs/product.md §6.20) and its record."""

    event_id: int
    is_locked: bool
    locked_at: datetime | None
    recipes: list[LockedRecipeRead]
    ingredient_ids: list[int]
    history: list[LockChangeRead]


class ArchivedRead(ReadModel):
    """An archived (or brought back) record: hidden from lists while archived."""

    kind: str
    id: int
    name: str
    archived_at: datetime | None


class ContentUnitsRead(ReadModel):
    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


class AssignmentContentsRead(ReadModel):
    """What an assignment holds: frozen at assembly, or today's package while pending."""

    assignment_id: int
    package_id: int
    quantity: int
    frozen: bool
    items: list[ContentUnitsRead]
