"""Request bodies of the packaging API: bundles and packages and their lines.

What the API answers is in :mod:`bakehouse.schemas.packaging`.
"""

from __future__ import annotations

from pydantic import Field, model_validator

from bakehouse.domain.inputs import MAX_LINES
from bakehouse.services.packaging.packages import ContentInput
from bakehouse.web.api.schemas_fields import (
    Count,
    InputModel,
    Name,
    Notes,
    RecordId,
)


class ContentLineIn(InputModel):
    """``quantity`` of exactly one of an item or a bundle."""

    quantity: Count
    item_id: RecordId | None = None
    bundle_id: RecordId | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> ContentLineIn:
        if (self.item_id is None) == (self.bundle_id is None):
            raise ValueError("a line holds exactly one of item_id or bundle_id")
        return self

    def as_input(self) -> ContentInput:
        return ContentInput(self.quantity, self.item_id, self.bundle_id)


class ContentsCreate(InputModel):
    name: Name
    notes: Notes = ""
    lines: list[ContentLineIn] = Field(default_factory=list, max_length=MAX_LINES)


class ContentsUpdate(InputModel):
    """Only the fields sent change (lines are replaced with PUT .../lines)."""

    name: Name | None = None
    notes: Notes | None = None


class ContentsReplace(InputModel):
    lines: list[ContentLineIn] = Field(max_length=MAX_LINES)
