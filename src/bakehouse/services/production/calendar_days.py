"""The baker's one-off days on the bake calendar: a day's hours changed, or a day off
(docs/product.md §6.10). The weekday and weekend hours are settings (§6.15)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import MAX_DAY_MINUTES
from bakehouse.errors import InvalidInput
from bakehouse.models import CalendarDay
from bakehouse.services.core.checks import count_input

MOST_MINUTES = MAX_DAY_MINUTES


def list_calendar_days(session: Session, *, first: date | None = None) -> list[CalendarDay]:
    """Changed days and days off, in date order (from ``first`` on): one statement."""
    stmt = select(CalendarDay).order_by(CalendarDay.day)
    if first is not None:
        stmt = stmt.where(CalendarDay.day >= first)
    return list(session.scalars(stmt))


def set_calendar_day(
    session: Session, day: date, *, minutes: object = None, unavailable: bool = False
) -> CalendarDay:
    """Give ``day`` ``minutes`` of baking time instead of its usual, or mark it off.
    :class:`InvalidInput` (field ``minutes``) for minutes that are not a whole number from
    0 to 1440, or for neither minutes nor a day off."""
    count = None
    if not unavailable or minutes not in (None, ""):
        count = _minutes(minutes)
    row = session.get(CalendarDay, day)
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.minutes = count
    row.unavailable = unavailable
    session.flush()
    return row


def clear_calendar_day(session: Session, day: date) -> None:
    """Forget the change to ``day``: it has its weekday's or weekend day's hours again."""
    row = session.get(CalendarDay, day)
    if row is not None:
        session.delete(row)
        session.flush()


def _minutes(value: object) -> int:
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(
                f"minutes must be a whole number from 0 to {MOST_MINUTES}, not {value!r}",
                field="minutes",
            )
        value = int(text)
    return count_input(value, field="minutes", minimum=0, maximum=MOST_MINUTES)
