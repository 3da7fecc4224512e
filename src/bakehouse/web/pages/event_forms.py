"""What the event pages' forms accept: pydantic models that give a message per field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, field_validator, model_validator

from bakehouse.domain.inputs import (
    MAX_COUNT,
    as_invalid_input,
    read_typed_count,
)
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.locale import current
from bakehouse.web.api.schemas_fields import LineNote, Name, Notes, RecordId
from bakehouse.web.pages.form_fields import Batches, PositiveCount


def _as_list(value: Any) -> Any:
    """A multi-select sends one value as a string and several as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


#: The confirmations a date form's boxes send (docs/product.md §6.16); the service
#: checks the codes.
DateConfirm = Annotated[list[str], BeforeValidator(_as_list)]


class EventForm(BaseModel):
    name: Name
    event_date: date
    notes: Notes | None = None
    confirm: DateConfirm = Field(default_factory=list)


class CloneForm(BaseModel):
    source_id: RecordId
    name: Name
    event_date: date
    confirm: DateConfirm = Field(default_factory=list)


class QuantityForm(BaseModel):
    """How many of the package a recipient gets (a pending assignment)."""

    quantity: PositiveCount


class BakeForm(BaseModel):
    recipe_id: RecordId
    batches: Batches
    notes: Notes | None = None
    #: The confirmation codes the baker ticked (docs/product.md §6.11); the service
    #: checks them.
    confirm: Annotated[list[str], BeforeValidator(_as_list)] = Field(default_factory=list)
    #: Good items by item id from the ``good_<item id>`` boxes (blank: all as expected,
    #: docs/product.md §6.13); the service checks the counts.
    good: dict[int, str] = Field(default_factory=dict)
    loss_reason: str | None = None
    #: "calendar": recorded from today's list on the bake calendar, which it returns to
    #: (docs/product.md §6.10).
    back: Literal["calendar"] | None = None

    @model_validator(mode="before")
    @classmethod
    def _good_boxes(cls, data: Any) -> Any:
        if isinstance(data, dict):
            boxes = {k: v for k, v in data.items() if k.startswith("good_")}
            good = {}
            for key, value in boxes.items():
                item = key.removeprefix("good_")
                if item.isascii() and item.isdigit() and value not in (None, ""):
                    good[int(item)] = str(value).strip()
            data = {k: v for k, v in data.items() if k not in boxes} | {"good": good}
        return data


class ReverseForm(BaseModel):
    reason: Name


class WriteOffForm(BaseModel):
    note: LineNote | None = None


class LossForm(BaseModel):
    item_id: RecordId
    quantity: PositiveCount
    reason: str
    note: LineNote | None = None


class MoveForm(BaseModel):
    item_id: RecordId
    to_event_id: RecordId
    quantity: PositiveCount
    note: LineNote | None = None


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


def typed_good_items(good: dict[int, str]) -> dict[int, object]:
    """Good items as typed ("40", "1,200") by item id; a box that is not a whole number
    from 0 is :class:`InvalidInput` on ``good``."""
    with as_invalid_input("good"):
        return {
            item_id: read_typed_count(
                text, maximum=MAX_COUNT, minimum=0, locale=current().number_locale
            )
            for item_id, text in good.items()
        }


class LockForm(BaseModel):
    """Lock an event's prices (docs/product.md §6.20); a note is optional."""

    note: LineNote = ""


class UnlockForm(BaseModel):
    """Unlock an event's prices, saying why (recorded)."""

    reason: LineNote
