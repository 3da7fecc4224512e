"""What the event pages' forms accept: pydantic models that give a message per field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, field_validator

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.web.api.schemas_fields import LineNote, Name, Notes, RecordId
from bakehouse.web.pages.form_fields import Batches, PositiveCount


def _as_list(value: Any) -> Any:
    """A multi-select sends one value as a string and several as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class EventForm(BaseModel):
    name: Name
    event_date: date
    notes: Notes | None = None


class CloneForm(BaseModel):
    source_id: RecordId
    name: Name
    event_date: date


class BakeForm(BaseModel):
    recipe_id: RecordId
    batches: Batches
    notes: Notes | None = None
    #: The confirmation codes the baker ticked (docs/product.md §6.11); the service
    #: checks them.
    confirm: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)


class ReverseForm(BaseModel):
    reason: Name


class AssignForm(BaseModel):
    package_id: RecordId
    recipient_ids: Annotated[list[RecordId], BeforeValidator(_as_list)] = Field(
        default_factory=list, validate_default=True
    )
    quantity: PositiveCount = 1

    @field_validator("recipient_ids")
    @classmethod
    def _someone(cls, value: list[int]) -> list[int]:
        if not value:
            raise ValueError("choose at least one recipient")
        return value


class DeliverForm(BaseModel):
    note: LineNote | None = None


class CorrectionForm(BaseModel):
    """Set a package back (or forward) by hand, saying why: a recorded correction."""

    status: AssignmentStatus
    reason: LineNote
