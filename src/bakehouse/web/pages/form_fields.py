"""Field types for HTML form models, and the small notices shown after a redirect.

A browser sends every field as text: an empty box arrives as ``None`` (see
:func:`bakehouse.web.forms.parse_form`), one ticked checkbox as a string and several as a
list. These types turn that into what the services take.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from bakehouse.domain.allergens import ALLERGENS


def _text(value: Any) -> Any:
    return "" if value is None else value


def _ticked(value: Any) -> Any:
    if value is None:
        return []
    return [value] if isinstance(value, str) else value


def _tick(value: Any) -> Any:
    return value not in (None, "", "0", "false", "off")


def _whole(value: Any) -> Any:
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", text):
        raise ValueError("enter a whole number, like 24")
    return int(text)


def _chosen(value: Any) -> Any:
    text = str(value if value is not None else "").strip()
    if not re.fullmatch(r"\d{1,9}", text):
        raise ValueError("choose one from the list")
    return int(text)


def _number(value: Any) -> Any:
    text = str(value if value is not None else "").strip().replace(",", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise ValueError("enter a number, like 2.5") from None
    if not number.is_finite():
        raise ValueError("enter a number, like 2.5")
    return number


#: Optional free text: an empty box is "".
Text = Annotated[str, BeforeValidator(_text), Field(max_length=10_000)]
#: Checkboxes sharing a name: the values ticked.
Ticked = Annotated[list[str], BeforeValidator(_ticked)]
#: A single checkbox.
Tick = Annotated[bool, BeforeValidator(_tick)]
#: A positive decimal typed in a box ("2.5", "1,000").
PositiveDecimal = Annotated[
    Decimal, BeforeValidator(_number), Field(gt=0, le=Decimal(100_000_000), allow_inf_nan=False)
]
#: The id picked in a drop-down list.
Chosen = Annotated[int, BeforeValidator(_chosen)]
#: A whole number of things.
PositiveCount = Annotated[int, BeforeValidator(_whole), Field(ge=1, le=1_000_000)]


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
}


def flash_for(done: str | None) -> dict[str, str] | None:
    """The notice for a ``?done=`` code set by the redirect after a successful form."""
    message = NOTICES.get(done or "")
    return {"kind": "ok", "message": message} if message else None
