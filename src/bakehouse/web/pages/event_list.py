"""The events list: each event with its progress, and a suggestion for cloning last year's."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Protocol

from sqlalchemy.orm import Session

from bakehouse.services.core.archive import ArchiveKind, archived_ids
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.web.listings import EVENTS, shows_archived


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


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def clone_default(source: DatedEvent, today: date, taken: Collection[str]) -> CloneSuggestion:
    """What cloning ``source`` proposes (docs/product.md §6.16): its date moved on by
    whole years to the first one from ``today`` on (at least one year), the year in its
    name moved the same way ("Christmas 2025" → "Christmas 2026"; a name without a year
    gets the new one), and never a name in ``taken`` (compared without case): " (2)",
    " (3)"… until it is free."""
    years = 1
    while a_year_after(source.event_date, years) < today:
        years += 1
    new_date = a_year_after(source.event_date, years)
    name = _YEAR.sub(lambda m: str(int(m.group(0)) + years), source.event_name)
    if name == source.event_name:
        name = f"{source.event_name} {new_date.year}"
    used = {t.casefold() for t in taken}
    candidate, n = name, 1
    while candidate.casefold() in used:
        n += 1
        candidate = f"{name} ({n})"
    return CloneSuggestion(source.event_id, candidate, new_date)


def suggest_clone(
    rows: Sequence[DatedEvent], today: date, taken: Collection[str] | None = None
) -> CloneSuggestion | None:
    """Last year's event (the latest one already past) moved on: "Christmas 2025" →
    "Christmas 2026" on the same day next year. ``None`` when nothing is past yet."""
    past = [r for r in rows if r.event_date < today]
    if not past:
        return None
    names = [r.event_name for r in rows] if taken is None else taken
    return clone_default(past[-1], today, names)


def a_year_after(day: date, years: int = 1) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def events_list_context(
    session: Session, today: date | None = None, query: Mapping[str, str] | None = None
) -> dict[str, Any]:
    today = today or date.today()
    summary = get_dashboard_summary(session, today=today)
    # Archived events only when asked for (docs/product.md §6.20).
    show_archived = shows_archived(query or {})
    archived = archived_ids(session, ArchiveKind.EVENT)
    rows = [r for r in summary.rows if show_archived or r.event_id not in archived]
    names = [r.event_name for r in summary.rows]  # names are taken archived or not
    defaults = {r.event_id: clone_default(r, today, names) for r in rows}
    deleted = (query or {}).get("deleted")
    return {
        "section": "events",
        "rows": rows,
        # The list as asked: found, sorted and paged (docs/product.md §6.19).
        "listed": EVENTS.apply(rows, EVENTS.query_from(query or {})),
        "suggestion": suggest_clone(rows, today, names),
        "show_archived": show_archived,
        "archived_ids": archived,
        # Each source's own defaults, which the form takes when another source is chosen.
        "clone_defaults": defaults,
        "clone_json": {
            str(d.source_id): {"name": d.name, "event_date": d.event_date.isoformat()}
            for d in defaults.values()
        },
        "event_options": [
            (r.event_id, f"{r.event_name} ({r.event_date.isoformat()})") for r in rows
        ],
        "notice": f"Deleted {deleted} and its pending packages." if deleted else None,
        "errors": {},
        "values": {},
    }
