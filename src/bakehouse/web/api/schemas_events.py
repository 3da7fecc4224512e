"""API models of events, assignments and allergen warnings (field names as the services')."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from bakehouse.domain.inputs import MAX_CHOSEN
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models import Assignment
from bakehouse.services.events.events import AllergenWarning, AssignmentResult
from bakehouse.web.api.schemas_fields import Count, Name, Notes, RecordId


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Christmas 2026"])
    event_date: date
    notes: Notes = ""


class EventUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    event_date: date | None = None
    notes: Notes | None = None


class EventClone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Christmas 2027"])
    event_date: date


class EventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    slug: str
    event_date: date
    notes: str


class AssignmentCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    recipient_id: RecordId
    package_id: RecordId
    quantity: Count = 1


class AssignManyCreate(BaseModel):
    """One package to several recipients at once: all of them or none."""

    model_config = ConfigDict(extra="forbid")

    package_id: RecordId
    recipient_ids: list[RecordId] = Field(min_length=1, max_length=MAX_CHOSEN)
    quantity: Count = 1


class AssignmentUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quantity: Count


class AssignmentRead(BaseModel):
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


class AllergenWarningRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    recipient_id: int
    recipient: str
    package_id: int
    package: str
    allergens: list[str]
    message: str


class AssignmentCreated(BaseModel):
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
