"""What the event pages' forms accept: pydantic models that give a message per field."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field, field_validator


def _as_list(value: Any) -> Any:
    """A multi-select sends one value as a string and several as a list."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


class EventForm(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    event_date: date
    notes: str | None = None


class CloneForm(BaseModel):
    source_id: int
    name: str = Field(min_length=1, max_length=200)
    event_date: date


class BakeForm(BaseModel):
    recipe_id: int
    batches: int = Field(gt=0, le=100_000)
    notes: str | None = None
    #: Set by the second submit once the baker confirmed baking more than the plan.
    confirm: bool = False


class ReverseForm(BaseModel):
    reason: str = Field(min_length=1, max_length=500)


class AssignForm(BaseModel):
    package_id: int
    recipient_ids: Annotated[list[int], BeforeValidator(_as_list)] = Field(
        default_factory=list, validate_default=True
    )
    quantity: int = Field(default=1, gt=0, le=10_000)

    @field_validator("recipient_ids")
    @classmethod
    def _someone(cls, value: list[int]) -> list[int]:
        if not value:
            raise ValueError("choose at least one recipient")
        return value


class DeliverForm(BaseModel):
    note: str | None = Field(default=None, max_length=500)
