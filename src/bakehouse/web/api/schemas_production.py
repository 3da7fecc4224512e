"""Request bodies of the production API: bakes, reversals and package status.

What the API answers is in :mod:`bakehouse.schemas.production`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from bakehouse.domain.confirmations import ConfirmationCode
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.web.api.schemas_fields import (
    Batches,
    LineNote,
    Name,
    Notes,
    RecordId,
)


class BakeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: RecordId
    recipe_id: RecordId
    batches: Batches = Field(description="whole batches baked")
    notes: Notes | None = None
    produced_at: datetime | None = None
    confirm: list[ConfirmationCode] = Field(
        default_factory=list,
        max_length=len(ConfirmationCode),
        description=(
            "the confirmations the baker accepts (docs/product.md §6.11); without the ones "
            "the bake needs it is refused with 409 confirmation_needed"
        ),
        examples=[["over_plan"]],
    )


class ReverseRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Name = Field(examples=["recorded twice"])


class StatusChangeRequest(BaseModel):
    """The next step only: pending → assembled → delivered."""

    model_config = ConfigDict(extra="forbid")

    status: AssignmentStatus
    delivered_to: LineNote | None = Field(default=None, examples=["Left with neighbour"])


class StatusCorrectionRequest(BaseModel):
    """Any other status, going back included, with the reason: a recorded correction."""

    model_config = ConfigDict(extra="forbid")

    status: AssignmentStatus
    note: LineNote = Field(examples=["Marked delivered by mistake"])
