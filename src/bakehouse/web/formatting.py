"""Jinja filters: how money, quantities and dates read on a page."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import Environment

from bakehouse.domain.locale import current, date_in, time_in
from bakehouse.domain.numbers import money_text, quantity_text
from bakehouse.domain.scheduling.report import format_minutes


def money(value: Decimal | None) -> str:
    """$1,234.50; "—" when unknown (never a silent $0). The CLI's tables read the same."""
    return money_text(value)


def signed_money(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + money(value)


def quantity(value: Decimal | str | None, places: int = 2) -> str:
    """A quantity without trailing zeros: 2, 2.5, 1,182.94 (exact decimal strings accepted)."""
    return quantity_text(value, places)


def day(value: date | datetime | None) -> str:
    """A day in the date format set; a moment (stored UTC) in the time zone set, with the
    zone named (docs/product.md §6.19); "—" when there is none."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        return time_in(value, current())
    return date_in(value, current())


def currency_symbol() -> str:
    """The symbol of the currency set ("$", "€"), for labels such as "Price (€)"."""
    return current().currency_symbol


def hours(minutes: int | None) -> str:
    """90 → "1 h 30", as the bake calendar says it (docs/product.md §6.10)."""
    return "—" if minutes is None else format_minutes(minutes)


def percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return f"{Decimal(value):.1f} %"


#: How a problem follows a label: "Name is required" but "Ingredient: choose one".
_FOLLOWS = ("is ", "must ", "has ", "looks ", "contains ", "cannot ", "can't ", "was ",
            "does ", "should ", "needs ", "already ", "divides ", "are ")  # fmt: skip


def said_of(problem: str, label: str) -> str:
    """The message shown beside a field: its label, then the problem in plain words."""
    label = label.strip().rstrip(":")
    if not label or problem.startswith(label):
        return problem
    if problem.startswith(_FOLLOWS):
        return f"{label} {problem}"
    return f"{label}: {problem}"


def install(env: Environment) -> None:
    filters: dict[str, Any] = {
        "money": money,
        "signed_money": signed_money,
        "qty": quantity,
        "day": day,
        "pct": percent,
        "said_of": said_of,
        "hours": hours,
    }
    env.filters.update(filters)
    env.globals["currency_symbol"] = currency_symbol
