"""Checking what people type into the catalog and pantry: numbers, texts, units, GTINs.

Each helper returns the clean value or raises :class:`InvalidInput` naming the field, so a
form, the API and the CLI all report a bad value the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bakehouse.domain.numbers import quantize_money, quantize_quantity
from bakehouse.domain.slugs import clean_name, refuse_control_characters, slugify
from bakehouse.errors import Conflict, InvalidInput, UnitError
from bakehouse.units.conversion import ConversionFactors, normalize_unit, to_canonical

#: Quantities and money are stored with 12 digits before the point.
LARGEST_NUMBER = Decimal(10) ** 12

#: What a number may arrive as. Floats are refused: they cannot hold 0.1 exactly.
NumberInput = Decimal | int | str


def decimal_input(value: object, *, field: str) -> Decimal:
    """``value`` as a finite Decimal; floats, booleans and non-numbers are refused."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInput(f"{field} must be a number written exactly, like 2.5", field=field)
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidInput(f"{field} must be a number, not {value!r}", field=field) from None
    if not number.is_finite():
        raise InvalidInput(f"{field} must be a finite number", field=field)
    if abs(number) >= LARGEST_NUMBER:
        raise InvalidInput(f"{field} is too large (at most 999,999,999,999)", field=field)
    return number


def positive_quantity(value: object, *, field: str) -> Decimal:
    """A quantity greater than zero, kept to 6 decimal places."""
    number = quantize_quantity(decimal_input(value, field=field))
    if number <= 0:
        raise InvalidInput(f"{field} must be greater than 0", field=field)
    return number


def optional_positive_quantity(value: object, *, field: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return positive_quantity(value, field=field)


def money_input(value: object, *, field: str) -> Decimal:
    """An amount of money, zero or more, kept to 4 decimal places."""
    amount = quantize_money(decimal_input(value, field=field))
    if amount < 0:
        raise InvalidInput(f"{field} must not be negative", field=field)
    return amount


def date_input(value: object, *, field: str) -> date:
    """A calendar date, from a date (a datetime keeps its date) or ISO text (2024-12-01)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
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
    """A trimmed, non-empty name (``None`` or a number is refused, not turned into text)."""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    return clean_name(value, field=field)


def text_input(value: object, *, field: str, max_length: int) -> str:
    """Free text trimmed at the ends; ``None`` counts as empty."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise InvalidInput(f"{field} must be text", field=field)
    text = refuse_control_characters(value, field=field).strip()
    if len(text) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters", field=field)
    return text


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
    text = text_input(value, field=field, max_length=40).replace(" ", "").replace("-", "")
    if not text:
        return None
    if not text.isdigit() or len(text) not in (8, 12, 13, 14):
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
