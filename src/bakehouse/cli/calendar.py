"""``bakehouse calendar``: the bake calendar, day by day (docs/product.md §6.10), and
``bakehouse calendar-day`` to change one day's hours or take it off."""

from __future__ import annotations

from datetime import date

import typer
from rich.markup import escape

from bakehouse.cli.context import open_session
from bakehouse.cli.output import console, print_json
from bakehouse.domain.scheduling.report import format_minutes
from bakehouse.schemas.calendar import CalendarDayChangeRead, CalendarRead
from bakehouse.services.production import calendar_days
from bakehouse.services.production.calendar import get_calendar, read_day, read_range
from bakehouse.services.production.calendar_ics import calendar_ics
from bakehouse.services.production.calendar_views import calendar_view

JSON = typer.Option(False, "--json", help="Print JSON.")


def register(app: typer.Typer) -> None:
    """Add ``calendar`` and ``calendar-day`` to ``app``."""

    @app.command("calendar")
    def show(
        first: str | None = typer.Option(None, "--from", help="First day, e.g. 2026-12-18 "
                                         "(default: today)."),
        last: str | None = typer.Option(None, "--to", help="Last day (default: a week)."),
        today: str | None = typer.Option(None, "--today", help="Plan as on this day "
                                         "(default: today)."),
        as_json: bool = JSON,
        ics: bool = typer.Option(False, "--ics", help="Print an iCalendar (.ics) file."),
    ) -> None:  # fmt: skip
        """What to thaw, make, bake, freeze, assemble and deliver each day."""
        on = read_day(today, "today", date.today())
        start, end = read_range(first, last, today=on)
        with open_session() as session:
            view = calendar_view(get_calendar(session, today=on), start, end)
        if ics:
            typer.echo(calendar_ics(view).decode(), nl=False)
            return
        if as_json:
            print_json(CalendarRead.model_validate(view))
            return
        for notice in view.notices:
            console.print(f"! {escape(notice.message)}", highlight=False)
        for day in view.days:
            console.print(f"\n[bold]{escape(day.label)}[/bold]  {escape(day.time_text)}",
                          highlight=False)  # fmt: skip
            if not day.tasks:
                console.print("  nothing to do", highlight=False)
            for task in day.tasks:
                took = f" ({format_minutes(task.minutes)})" if task.minutes else ""
                console.print(f"  - {escape(task.text)}{took}", highlight=False)

    @app.command("calendar-day")
    def change_day(
        day: str = typer.Argument(..., help="The day, e.g. 2026-12-20."),
        minutes: str | None = typer.Option(None, "--minutes", help="Baking minutes that day, "
                                           "e.g. 360 for 6 h."),
        off: bool = typer.Option(False, "--off", help="No baking that day."),
        clear: bool = typer.Option(False, "--clear", help="Back to the usual hours."),
        as_json: bool = JSON,
    ) -> None:  # fmt: skip
        """Change one day's baking time, take it off, or set it back (--clear)."""
        on = read_day(day, "day", date.today())
        with open_session() as session:
            if clear:
                calendar_days.clear_calendar_day(session, on)
                row = None
            else:
                changed = calendar_days.set_calendar_day(
                    session, on, minutes=minutes, unavailable=off
                )
                row = CalendarDayChangeRead.model_validate(changed)
        if as_json and row is not None:
            print_json(row)
        elif row is None:
            console.print(f"{on}: usual hours", highlight=False)
        elif row.unavailable:
            console.print(f"{on}: day off", highlight=False)
        else:
            console.print(f"{on}: {format_minutes(row.minutes or 0)}", highlight=False)
