"""Field types for HTML form models, and the small notices shown after a redirect.

A browser sends every field as text: an empty box arrives as ``None`` (see
:func:`bakehouse.web.forms.parse_form`), one ticked checkbox as a string and several as a
list. These types turn that into what the services take, by the rules of
:mod:`bakehouse.domain.inputs`: numbers in the people's grammar (docs/product.md §6.1), text
without control characters, the one set of limits.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.inputs import (
    DENSITY,
    MAX_BATCHES,
    MAX_COUNT,
    MONEY,
    QUANTITY,
    NumberRule,
    TextLimit,
    id_or_none,
    read_typed_count,
    read_typed_number,
    refuse_control_characters,
)
from bakehouse.domain.locale import current


def _text(value: Any) -> Any:
    return "" if value is None else value


def _ticked(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _tick(value: Any) -> Any:
    return value not in (None, "", "0", "false", "off")


def _chosen(value: Any) -> Any:
    chosen = id_or_none(str(value if value is not None else ""))
    if chosen is None:
        raise ValueError("choose one from the list")
    return chosen


def _typed_number(value: Any, rule: NumberRule) -> Decimal:
    shown = current()  # the deployment's number format and currency (§6.19)
    return read_typed_number(value, rule, shown.number_locale, shown.currency)


def typed(rule: NumberRule) -> BeforeValidator:
    """A number as people type it (docs/product.md §6.1: the locale's separators, a currency
    symbol on money, fractions such as 2 1/4 or ½); a range is refused."""
    return BeforeValidator(lambda value: _typed_number(value, rule))


def typed_or_none(rule: NumberRule) -> BeforeValidator:
    """:func:`typed`, with an empty box as ``None``."""
    return BeforeValidator(lambda value: None if value is None else _typed_number(value, rule))


def typed_count(maximum: int) -> BeforeValidator:
    """A whole number as people type it ("1,200"), from 1 to ``maximum``."""
    return BeforeValidator(
        lambda value: read_typed_count(value, maximum=maximum, locale=current().number_locale)
    )


#: Optional free text: an empty box is "", control characters are refused.
Text = Annotated[
    str,
    BeforeValidator(_text),
    Field(max_length=TextLimit.NOTES),
    AfterValidator(refuse_control_characters),
]
#: Checkboxes sharing a name: the values ticked.
Ticked = Annotated[list[str], BeforeValidator(_ticked)]
#: A single checkbox.
Tick = Annotated[bool, BeforeValidator(_tick)]
#: A positive quantity typed in a box ("2.5", "1,000", "2 1/4", "½").
Quantity = Annotated[Decimal, typed(QUANTITY), Field(gt=0)]
#: A positive quantity that may be left empty.
OptionalQuantity = Annotated[Annotated[Decimal, Field(gt=0)] | None, typed_or_none(QUANTITY)]
#: Grams per millilitre, optional.
OptionalDensity = Annotated[Annotated[Decimal, Field(gt=0)] | None, typed_or_none(DENSITY)]
#: Money typed in a box, zero or more ("$18.99", "1,250").
Money = Annotated[Decimal, typed(MONEY)]
#: Money that may be left empty (a list price, docs/product.md §6.17).
OptionalMoney = Annotated[Decimal | None, typed_or_none(MONEY)]
#: The id picked in a drop-down list.
Chosen = Annotated[int, BeforeValidator(_chosen)]
#: A whole number of things.
PositiveCount = Annotated[int, typed_count(MAX_COUNT)]
#: Whole batches baked at once.
Batches = Annotated[int, typed_count(MAX_BATCHES)]


class FormModel(BaseModel):
    """A submitted form (buttons and unknown fields are ignored)."""

    model_config = ConfigDict(extra="ignore")


class EmptyForm(FormModel):
    """A form whose only content is its button (delete, toggle)."""


ALLERGEN_CHOICES: list[tuple[str, str]] = list(ALLERGENS.items())

NOTICES = {
    "created": "Saved.",
    "saved": "Changes saved.",
    "deleted": "Deleted.",
    "recorded": "Recorded.",
    "counted": "Stock-take recorded: the pantry now holds what you counted.",
    "archived": "Archived: hidden from lists and pickers, its history kept.",
    "unarchived": "Back in lists and pickers.",
    "bought": "Bought: the purchases are in the pantry and the list is recomputed.",
    "ticks": "Ticks saved.",
    "aisles": "Aisle order saved.",
    "imported": "Imported. Lines left out are listed in each recipe's notes.",
}


def flash_for(done: str | None) -> dict[str, str] | None:
    """The notice for a ``?done=`` code set by the redirect after a successful form."""
    message = NOTICES.get(done or "")
    return {"kind": "ok", "message": message} if message else None
