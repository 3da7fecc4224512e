"""Field types shared by the API models: bounded so bad input is refused, not stored.

Bounds keep every value inside what the database columns hold (ids fit a 32-bit
integer, quantities and money fit their NUMERIC columns, text has no NUL byte), so a
request either passes validation or gets the JSON error shape — never a server error.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import Path
from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, StringConstraints

MAX_ID = 2_147_483_647
_NO_NUL = r"^[^\x00]*$"

#: A record id in a request body.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="id of an existing record")]
#: A record id in the URL path.
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="record id")]

Name = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=_NO_NUL)]
ShortText = Annotated[str, StringConstraints(max_length=200, pattern=_NO_NUL)]
Notes = Annotated[str, StringConstraints(max_length=10_000, pattern=_NO_NUL)]
UnitName = Annotated[str, StringConstraints(min_length=1, max_length=20, pattern=_NO_NUL)]
AllergenCode = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=_NO_NUL)]

#: A positive quantity in any unit (a recipe line, a package size, packages bought).
Quantity = Annotated[
    Decimal,
    Field(gt=0, le=Decimal(100_000), description='decimal number, e.g. "2.5"'),
]
#: A package size, or a number of packages bought: bounded so their product fits a lot.
PackageQuantity = Annotated[
    Decimal, Field(gt=0, le=Decimal(10_000), description='decimal number, e.g. "5"')
]
#: A signed change of stock (an adjustment): negative removes, positive adds.
SignedQuantity = Annotated[
    Decimal, Field(ge=Decimal(-100_000), le=Decimal(100_000), description='e.g. "-250"')
]
#: Money in dollars, exact ("18.99").
Money = Annotated[Decimal, Field(ge=0, le=Decimal(1_000_000), description='dollars, e.g. "18.99"')]
#: A whole number of things (items per batch, units in a bundle).
Count = Annotated[int, Field(ge=1, le=10_000)]


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


#: A Decimal in a response, written exactly and without trailing zeros ("0.53", "2268").
Exact = Annotated[Decimal, PlainSerializer(_plain, return_type=str, when_used="json")]


class InputModel(BaseModel):
    """A request body: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class ReadModel(BaseModel):
    """A response body, read from ORM objects or frozen dataclasses."""

    model_config = ConfigDict(from_attributes=True)


class Deleted(BaseModel):
    """What a DELETE answers: the kind and id of what is gone."""

    kind: str
    id: int
