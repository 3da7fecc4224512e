"""Request bodies of the events API: events and assignments.

What the API answers is in :mod:`bakehouse.schemas.events`.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from bakehouse.domain.confirmations import DATE_CONFIRMATIONS
from bakehouse.domain.inputs import MAX_CHOSEN
from bakehouse.web.api.schemas_fields import Count, DateConfirmCodes, Name, Notes, RecordId

#: An event date in the past or more than a year ahead (docs/product.md §6.16).
DATE_CONFIRM: Any = Field(
    default_factory=list,
    max_length=len(DATE_CONFIRMATIONS),
    description=(
        "the confirmations accepted: an event date in the past or more than a year ahead "
        "is refused with 409 confirmation_needed unless this holds unusual_date "
        "(docs/product.md §6.16)"
    ),
    examples=[["unusual_date"]],
)


class EventCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Christmas 2026"])
    event_date: date
    notes: Notes = ""
    confirm: DateConfirmCodes = DATE_CONFIRM


class EventUpdate(BaseModel):
    """Only the fields sent change."""

    model_config = ConfigDict(extra="forbid")

    name: Name | None = None
    event_date: date | None = None
    notes: Notes | None = None
    confirm: DateConfirmCodes = DATE_CONFIRM


class EventClone(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Name = Field(examples=["Christmas 2027"])
    event_date: date
    confirm: DateConfirmCodes = DATE_CONFIRM


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
