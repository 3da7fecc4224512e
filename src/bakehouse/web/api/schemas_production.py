"""Request bodies of the production API: bakes, reversals and package status.

What the API answers is in :mod:`bakehouse.schemas.production`.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from bakehouse.domain.confirmations import BAKE_CONFIRMATIONS
from bakehouse.domain.inputs import MAX_LINES
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.outcomes import LossReason
from bakehouse.web.api.schemas_fields import (
    Batches,
    ConfirmCodes,
    Count,
    CountFromZero,
    LineNote,
    Name,
    Notes,
    Quantity,
    RecordId,
)


class BakeCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event_id: RecordId | None = Field(
        default=None, description="the event baked for (may be left out for a sub-recipe)"
    )
    recipe_id: RecordId
    batches: Batches = Field(description="whole batches baked")
    notes: Notes | None = None
    produced_at: datetime | None = None
    confirm: ConfirmCodes = Field(
        default_factory=list,
        max_length=len(BAKE_CONFIRMATIONS),
        description=(
            "the confirmations the baker accepts (docs/product.md §6.11); without the ones "
            "the bake needs it is refused with 409 confirmation_needed"
        ),
        examples=[["over_plan"], ["make_missing"]],
    )
    yield_made: Quantity | None = Field(
        default=None,
        description=(
            "a sub-recipe bake that made less than batches × yield; refused (422) for a "
            "recipe that is not a sub-recipe"
        ),
    )
    good: list[GoodItems] = Field(
        default_factory=list,
        max_length=MAX_LINES,
        description=(
            "good items per item of the recipe (default: what the bake is expected to give, "
            "docs/product.md §6.13); fewer is a loss for loss_reason"
        ),
    )
    loss_reason: LossReason | None = Field(default=None, examples=["burnt"])


class LossCreate(BaseModel):
    """Good items of the event lost after the bake ("3 broke on the way")."""

    model_config = ConfigDict(extra="forbid")

    item_id: RecordId
    quantity: Count
    reason: LossReason
    note: LineNote | None = None
    bake_id: RecordId | None = Field(
        default=None, description="the bake charged (default: the event's latest)"
    )


class MoveCreate(BaseModel):
    """Good items (leftovers) moved to another event with their share of cost."""

    model_config = ConfigDict(extra="forbid")

    to_event_id: RecordId
    item_id: RecordId
    quantity: Count
    note: LineNote | None = None
    bake_id: RecordId | None = Field(
        default=None, description="the bake the items come from (default: the latest)"
    )


class WriteOffRequest(BaseModel):
    """A ruined bake: its items are lost, its ingredients stay used."""

    model_config = ConfigDict(extra="forbid")

    note: LineNote | None = Field(default=None, examples=["oven failed"])


class GoodItems(BaseModel):
    """Good items of one item of the bake (docs/product.md §6.13)."""

    model_config = ConfigDict(extra="forbid")

    item_id: RecordId
    good: CountFromZero = Field(examples=[40])


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
