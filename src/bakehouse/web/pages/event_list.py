"""The events list: each event with its progress, and a suggestion for cloning last year's."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bakehouse.services.production.dashboard import get_dashboard_summary


class DatedEvent(Protocol):
    @property
    def event_id(self) -> int: ...
    @property
    def event_name(self) -> str: ...
    @property
    def event_date(self) -> date: ...


@dataclass(frozen=True)
class CloneSuggestion:
    source_id: int
    name: str
    event_date: date


def suggest_clone(rows: Sequence[DatedEvent], today: date) -> CloneSuggestion | None:
    """Last year's event (the latest one already past) moved a year on: "Christmas 2025" →
    "Christmas 2026" on the same day next year. ``None`` when nothing is past yet."""
    past = [r for r in rows if r.event_date < today]
    if not past:
        return None
    source = past[-1]
    new_date = _next_year(source.event_date)
    name = re.sub(r"\b(19|20)\d\d\b", lambda m: str(int(m.group(0)) + 1), source.event_name)
    if name == source.event_name:
        name = f"{source.event_name} {new_date.year}"
    return CloneSuggestion(source.event_id, name, new_date)


def _next_year(day: date) -> date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def events_list_context(session: Session, today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    summary = get_dashboard_summary(session, today=today)
    return {
        "section": "events",
        "rows": summary.rows,
        "suggestion": suggest_clone(summary.rows, today),
        "event_options": [
            (r.event_id, f"{r.event_name} ({r.event_date.isoformat()})") for r in summary.rows
        ],
        "errors": {},
        "values": {},
    }
