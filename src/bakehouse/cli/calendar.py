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
from bakehouse.services.events.events import get_event, require_in_event
from bakehouse.services.packaging.packages import get_package
from bakehouse.services.production import calendar_days, calendar_inputs
from bakehouse.services.production.calendar import get_calendar, read_day, read_range
from bakehouse.services.production.calendar_ics import calendar_ics
from bakehouse.services.production.calendar_views import calendar_view
from bakehouse.services.recipes.recipes import get_recipe

JSON = typer.Option(False, "--json", help="Print JSON.")


def register(app: typer.Typer) -> None:
    """Add ``calendar``, ``calendar-day``, ``calendar-recipe``, ``calendar-package`` and
    ``calendar-delivery`` to ``app``."""

    @app.command("calendar-recipe")
    def recipe_timing(
        recipe: str = typer.Argument(..., help="Recipe slug, name or id."),
        minutes: str | None = typer.Option(None, "--minutes", help="Hands-on minutes a batch."),
        per_session: str | None = typer.Option(None, "--per-session",
                                               help="Most batches at once."),
        freezable: bool = typer.Option(False, "--freezable", help="What it makes freezes."),
        frozen_days: str | None = typer.Option(None, "--frozen-days",
                                               help="Days it keeps frozen."),
        thaw_hours: str | None = typer.Option(None, "--thaw-hours", help="Hours to thaw."),
    ) -> None:  # fmt: skip
        """Set a recipe's calendar inputs (an option left out: not given)."""
        with open_session() as session:
            found = get_recipe(session, recipe)
            calendar_inputs.set_recipe_timing(
                session, found.id, hands_on_minutes=minutes, max_batches_per_session=per_session,
                freezable=freezable, frozen_shelf_life_days=frozen_days, thaw_hours=thaw_hours,
            )  # fmt: skip
            name = found.name
        console.print(f"{name}: calendar inputs saved", highlight=False)

    @app.command("calendar-package")
    def package_assembly(
        package: str = typer.Argument(..., help="Package slug, name or id."),
        minutes: str = typer.Argument(..., help="Minutes to assemble one ('' : not given)."),
    ) -> None:
        """Set the minutes to assemble one of a package."""
        with open_session() as session:
            found = get_package(session, package)
            calendar_inputs.set_package_assembly(session, found.id, minutes)
            name = found.name
        console.print(f"{name}: {minutes or 'no'} minutes to assemble", highlight=False)

    @app.command("calendar-delivery")
    def delivery(
        event: str = typer.Argument(..., help="Event slug, name or id."),
        day: str = typer.Argument(..., help="Delivery day, e.g. 2026-12-20; 'none': the "
                                  "event's day."),
        assignment: int | None = typer.Option(None, "--assignment", help="Only this "
                                              "assignment (its id) of the event."),
    ) -> None:  # fmt: skip
        """Set the day an event's gifts (or one assignment's) are delivered."""
        given = None if day.strip().lower() == "none" else day
        with open_session() as session:
            found = get_event(session, event)
            if assignment is None:
                calendar_inputs.set_event_delivery(session, found.id, given)
            else:
                require_in_event(session, found.id, assignment_id=assignment)
                calendar_inputs.set_assignment_delivery(session, assignment, given)
            name = found.name
        console.print(f"{name}: delivered {given or 'on the event day'}", highlight=False)

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
