"""Checking what services are given: numbers, texts, units, dates, GTINs.

The rules themselves live in :mod:`bakehouse.domain.inputs` (one set for every door);
each helper here applies one and raises :class:`InvalidInput` naming the field, so a form,
the API and the CLI all report a bad value the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import (
    MAX_COUNT,
    MONEY,
    QUANTITY,
    SIGNED_QUANTITY,
    NumberRule,
    TextLimit,
    as_invalid_input,
    clean_line,
    clean_text,
    read_exact_count,
    read_exact_number,
)
from bakehouse.domain.numbers import quantize_money, quantize_quantity
from bakehouse.domain.slugs import slugify
from bakehouse.errors import Conflict, InvalidInput, UnitError
from bakehouse.units.conversion import ConversionFactors, normalize_unit, to_canonical

ChoiceT = TypeVar("ChoiceT", bound=StrEnum)

#: What a number may arrive as: a Decimal or int, or text in the exact grammar (docs/product.md
#: §6.1). Floats are refused: they cannot hold 0.1 exactly.
NumberInput = Decimal | int | str


def decimal_input(value: object, *, field: str) -> Decimal:
    """A signed quantity: ``value`` read by the exact grammar (``domain.inputs``)."""
    with as_invalid_input(field):
        return read_exact_number(value, SIGNED_QUANTITY)


def positive_quantity(value: object, *, field: str, rule: NumberRule = QUANTITY) -> Decimal:
    """A quantity greater than zero, with at most 6 decimal places (finer is refused),
    within ``rule``'s maximum."""
    with as_invalid_input(field):
        number = read_exact_number(value, rule)
    if number <= 0:
        raise InvalidInput(f"{field} must be greater than 0", field=field)
    return quantize_quantity(number)


def optional_positive_quantity(
    value: object, *, field: str, rule: NumberRule = QUANTITY
) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return positive_quantity(value, field=field, rule=rule)


def count_input(value: object, *, field: str, maximum: int = MAX_COUNT, minimum: int = 1) -> int:
    """A whole number of things from ``minimum`` (1 unless said) to ``maximum``: an
    ``int`` or a whole ``Decimal`` (text, booleans and floats are refused), bounded as at
    every other door."""
    if isinstance(value, Decimal) and value.is_finite() and value == value.to_integral_value():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(f"{field} must be a whole number like 12", field=field)
    with as_invalid_input(field):
        return read_exact_count(value, maximum=maximum, minimum=minimum)


def money_input(value: object, *, field: str) -> Decimal:
    """An amount of money, zero or more, with at most 4 decimal places (finer is refused)."""
    with as_invalid_input(field):
        return quantize_money(read_exact_number(value, MONEY))


def choice_input(choices: type[ChoiceT], value: object, *, field: str) -> ChoiceT:
    """One of ``choices`` by its value, in any case and with spaces around it; anything
    else is :class:`InvalidInput` listing what is allowed."""
    try:
        return choices(str(value).strip().lower())
    except ValueError:
        allowed = ", ".join(choice.value for choice in choices)
        raise InvalidInput(
            f"unknown {field} {value!r}; use one of {allowed}", field=field
        ) from None


def date_input(value: object, *, field: str) -> date:
    """A calendar date, from a date (a datetime keeps its date) or ISO text (2024-12-01)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value.isascii():
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise InvalidInput(f"{field} must be a date like 2024-12-01, not {value!r}", field=field)


def optional_date_input(value: object, *, field: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return date_input(value, field=field)


def name_input(value: object, *, field: str = "name") -> str:
    """A trimmed, non-empty name on one line (``None`` or a number is refused)."""
    with as_invalid_input(field):
        return clean_line(value, max_length=TextLimit.NAME)


def line_input(value: object, *, field: str, max_length: int, required: bool = False) -> str:
    """One line of text (a reason, a note on a button): whitespace runs become one space."""
    with as_invalid_input(field):
        return clean_line(value, max_length=max_length, required=required)


def text_input(value: object, *, field: str, max_length: int) -> str:
    """Free text trimmed at the ends; ``None`` counts as empty."""
    with as_invalid_input(field):
        return clean_text(value, max_length=max_length)


def optional_text(value: object, *, field: str, max_length: int) -> str | None:
    return text_input(value, field=field, max_length=max_length) or None


def unit_input(value: object, *, field: str) -> str:
    """A unit's display name ("cups" → "cup"); an unknown unit names the field."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be a unit name such as g or cup", field=field)
    try:
        return normalize_unit(value)
    except UnitError as error:
        error.field = field
        raise


def canonical_quantity(
    amount: Decimal, unit: object, factors: ConversionFactors, *, field: str = "unit"
) -> Decimal:
    """``amount`` ``unit`` of an ingredient in its canonical unit (6 places); a unit that
    is unknown or does not convert for this ingredient names ``field``."""
    name = unit_input(unit, field=field)
    try:
        return quantize_quantity(to_canonical(amount, name, factors))
    except UnitError as error:
        error.field = field
        raise


def gtin_input(value: object, *, field: str = "gtin") -> str | None:
    """A GTIN-8/12/13/14 barcode number with a valid check digit, or ``None``."""
    text = text_input(value, field=field, max_length=TextLimit.GTIN)
    text = text.replace(" ", "").replace("-", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or len(text) not in (8, 12, 13, 14):
        raise InvalidInput(f"{field} must be 8, 12, 13 or 14 digits", field=field)
    body, check = text[:-1], int(text[-1])
    weighted = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body)))
    if (10 - weighted % 10) % 10 != check:
        raise InvalidInput(f"{field} {text} has a wrong check digit", field=field)
    return text


def slug_or_none(text: str) -> str | None:
    """The slug a looked-up key would have, or None when it has no letters or digits."""
    try:
        return slugify(text)
    except InvalidInput:
        return None


@contextmanager
def unique_or_conflict(session: Session, message: str, *, field: str = "name") -> Iterator[None]:
    """Run the changes made inside the block in a SAVEPOINT and flush them; a unique
    constraint the database refuses becomes :class:`Conflict` and the caller's
    transaction stays usable (the services check first; this is the backstop)."""
    try:
        with session.begin_nested():
            yield
            session.flush()
    except IntegrityError as error:
        raise Conflict(message, field=field) from error
