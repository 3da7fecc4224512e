"""Field types shared by the API models: the rules of :mod:`bakehouse.domain.inputs`.

Every bound comes from the one set of limits (ids fit a 32-bit integer, quantities and
money stay far inside their NUMERIC columns, text has no control characters), and numbers
follow the exact grammar of docs/product.md §6.1, so a request either passes validation or gets
the JSON error shape — never a server error, and never a value the forms would refuse.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Annotated, Any

from fastapi import Path, Query
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)

from bakehouse.domain.confirmations import (
    BAKE_CONFIRMATIONS,
    DATE_CONFIRMATIONS,
    ConfirmationCode,
    confirmation_codes,
)
from bakehouse.domain.inputs import (
    MAX_BATCHES,
    MAX_COUNT,
    MAX_ID,
    MONEY,
    QUANTITY,
    SIGNED_QUANTITY,
    NumberRule,
    TextLimit,
    read_exact_count,
    read_exact_number,
    refuse_control_characters,
)
from bakehouse.errors import InvalidInput

#: The exact number grammar (docs/product.md §6.1) as a JSON Schema pattern, for the OpenAPI
#: document.
EXACT_NUMBER_PATTERN = r"^-?([0-9]+(\.[0-9]+)?|([0-9]+ )?[0-9]+/[0-9]+)$"


#: Refuses control characters (NUL, BEL, …) with the text rule every door uses.
NoControlCharacters = AfterValidator(refuse_control_characters)


def exact(rule: NumberRule) -> BeforeValidator:
    """Read a decimal by the exact grammar: text ("2.5", "2 1/4") or a JSON number taken
    from the digits it was written with (``1e-7`` is refused: no exponent), never a float."""
    return BeforeValidator(lambda value: read_exact_number(value, rule))


def number_schema(rule: NumberRule, description: str, **bounds: Decimal) -> WithJsonSchema:
    """The OpenAPI description of an :func:`exact` number: grammar text or a JSON number."""
    names = {"gt": "exclusiveMinimum", "ge": "minimum", "le": "maximum"}
    limits: dict[str, float] = {names[k]: float(v) for k, v in bounds.items()}
    limits.setdefault("maximum", float(rule.maximum))
    if rule.signed:
        limits.setdefault("minimum", -float(rule.maximum))
    return WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": EXACT_NUMBER_PATTERN},
                {"type": "number", **limits},
            ],
            "description": description,
        }
    )


def whole(maximum: int, minimum: int = 1) -> BeforeValidator:
    """A whole number from ``minimum`` (1 unless said) to ``maximum``: a JSON integer or
    ASCII digits, not ``true``."""
    return BeforeValidator(lambda value: read_exact_count(value, maximum=maximum, minimum=minimum))


def whole_schema(maximum: int, minimum: int = 1) -> WithJsonSchema:
    """The OpenAPI description of a :func:`whole` number."""
    return WithJsonSchema({"type": "integer", "minimum": minimum, "maximum": maximum})


#: A record id in a request body.
RecordId = Annotated[int, Field(ge=1, le=MAX_ID, description="id of an existing record")]
#: A record id in the URL path.
PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="record id")]

Name = Annotated[
    str, StringConstraints(min_length=1, max_length=TextLimit.NAME), NoControlCharacters
]
ShortText = Annotated[str, StringConstraints(max_length=TextLimit.SHORT), NoControlCharacters]
#: One line said about a change: a recipe line's note, a status note, a delivery note.
LineNote = Annotated[str, StringConstraints(max_length=TextLimit.NOTE), NoControlCharacters]
Household = Annotated[str, StringConstraints(max_length=TextLimit.HOUSEHOLD), NoControlCharacters]
Category = Annotated[str, StringConstraints(max_length=TextLimit.CATEGORY), NoControlCharacters]
Notes = Annotated[str, StringConstraints(max_length=TextLimit.NOTES), NoControlCharacters]
UnitName = Annotated[
    str, StringConstraints(min_length=1, max_length=TextLimit.UNIT), NoControlCharacters
]
AllergenCode = Annotated[
    str, StringConstraints(min_length=1, max_length=TextLimit.ALLERGEN), NoControlCharacters
]

_POSITIVE = Decimal(0)
#: A positive quantity in any unit (a recipe line, a package size, packages bought).
Quantity = Annotated[
    Decimal,
    exact(QUANTITY),
    Field(gt=_POSITIVE),
    number_schema(QUANTITY, 'a decimal number, e.g. "2.5" or "2 1/4"', gt=_POSITIVE),
]
#: A signed change of stock (an adjustment): negative removes, positive adds.
SignedQuantity = Annotated[
    Decimal,
    exact(SIGNED_QUANTITY),
    number_schema(SIGNED_QUANTITY, 'a signed decimal number, e.g. "-250"'),
]
#: Money in dollars, exact ("18.99"), zero or more.
Money = Annotated[
    Decimal, exact(MONEY), number_schema(MONEY, 'dollars, e.g. "18.99"', ge=_POSITIVE)
]
#: A whole number of things (items per batch, units in a bundle, packages given).
Count = Annotated[int, whole(MAX_COUNT), whole_schema(MAX_COUNT)]
#: Whole batches baked at once.
Batches = Annotated[int, whole(MAX_BATCHES), whole_schema(MAX_BATCHES)]
#: A count that may be 0 (good items of a bake).
CountFromZero = Annotated[int, whole(MAX_COUNT, 0), whole_schema(MAX_COUNT, 0)]


class InputModel(BaseModel):
    """A request body: unknown fields are refused, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid")


class Deleted(BaseModel):
    """What a DELETE answers: the kind and id of what is gone."""

    kind: str
    id: int


#: Which events a dashboard or shopping list covers: a season's id, slug or name, "all" or
#: "upcoming"; left out, the default scope (docs/product.md §6.15).
SeasonChoice = Annotated[
    str | None,
    Query(
        max_length=TextLimit.NAME,
        description='a season (id, slug or name), "all" or "upcoming"; default: the current '
        "season, else the next, else all upcoming events",
    ),
]


def _known_confirmations(known: Sequence[ConfirmationCode]) -> Callable[[Any], Any]:
    """A validator: a list of confirmation codes, each among ``known`` (the domain's
    message names the unknown ones and the codes there are); anything but a list is left
    to pydantic."""

    def check(value: Any) -> Any:
        if isinstance(value, list):
            if not all(isinstance(v, str) for v in value):
                raise ValueError('confirm lists confirmation codes as text, e.g. ["over_plan"]')
            try:
                confirmation_codes(value, known)
            except InvalidInput as error:
                raise ValueError(error.message) from None
        return value

    return check


#: The confirmations a bake's caller accepts (docs/product.md §6.11).
ConfirmCodes = Annotated[
    list[ConfirmationCode], BeforeValidator(_known_confirmations(BAKE_CONFIRMATIONS))
]
#: The confirmation an event's date may need (docs/product.md §6.16).
DateConfirmCodes = Annotated[
    list[ConfirmationCode], BeforeValidator(_known_confirmations(DATE_CONFIRMATIONS))
]
