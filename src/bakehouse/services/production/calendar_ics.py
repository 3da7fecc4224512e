"""The bake calendar as an iCalendar file (RFC 5545) through the ``icalendar`` library
(docs/product.md §6.10): one all-day entry per day with work on it, its tasks listed.

One entry per day, not per task, so a phone's month view shows "Bakehouse: 2 h 15 of
3 h" on the day and the tasks when it is opened. Each entry's UID is the day's, so a
subscribed feed updates the day in place when the plan changes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent

from bakehouse.domain.scheduling.report import format_minutes
from bakehouse.services.production.calendar_views import CalendarView

PRODUCT_ID = "-//Bakehouse//Bake calendar//EN"


def calendar_ics(
    view: CalendarView, *, host: str = "bakehouse", stamp: datetime | None = None
) -> bytes:
    """The days of ``view`` that have tasks, as an .ics file's bytes."""
    calendar = ICalendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", "Bake calendar")
    when = stamp or datetime.now(UTC)
    for day in view.days:
        if not day.tasks:
            continue
        entry = IEvent()
        entry.add("uid", f"bake-day-{day.day.isoformat()}@{host}")
        entry.add("dtstamp", when)
        entry.add("dtstart", day.day)
        entry.add("dtend", day.day + timedelta(days=1))
        work = [t for t in day.tasks if t.kind in ("make", "bake", "assemble")]
        first = work[0].text if work else day.tasks[0].text
        more = f" (+{len(day.tasks) - 1} more)" if len(day.tasks) > 1 else ""
        entry.add("summary", f"{first}{more}")
        lines = [
            f"- {task.text}" + (f" ({format_minutes(task.minutes)})" if task.minutes else "")
            for task in day.tasks
        ]
        lines.append(f"Time: {day.time_text}")
        entry.add("description", "\n".join(lines))
        entry.add("transp", "TRANSPARENT")
        calendar.add_component(entry)
    written: bytes = calendar.to_ical()
    return written
