"""What every read model shares: how a decimal is written and how a result is dumped."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer

from bakehouse.domain.numbers import decimal_text

#: A Decimal in a result, written exactly and without trailing zeros ("0.53", "2268").
Exact = Annotated[Decimal, PlainSerializer(decimal_text, return_type=str, when_used="json")]


class ReadModel(BaseModel):
    """A result as JSON: filled from an ORM object's or a frozen dataclass's attributes."""

    model_config = ConfigDict(from_attributes=True)


def to_json(value: BaseModel | Sequence[BaseModel]) -> Any:
    """JSON-ready data of a read model or a list of them, exactly as the API answers it."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return [item.model_dump(mode="json") for item in value]
