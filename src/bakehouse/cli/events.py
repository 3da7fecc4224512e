"""``bakehouse event add``, ``edit``, ``clone`` and ``delete`` (docs/product.md §6.16).

A date in the past or more than a year ahead is refused (exit 4, nothing saved) until
``--unusual-date`` (or ``--yes``) confirms it; ``event delete`` says what goes with the
event and deletes it only with ``--yes``, or says why the event stays.
"""

from __future__ import annotations

from datetime import datetime
from typing import NoReturn

import typer
from rich.markup import escape

from bakehouse.cli.context import open_session
from bakehouse.cli.groups import event_group
from bakehouse.cli.output import console, err_console, print_json
from bakehouse.domain.confirmations import ConfirmationCode
from bakehouse.errors import ConfirmationNeeded, InUse
from bakehouse.schemas.events import EventDeletionRead, EventRead
from bakehouse.services.events import events as service

EVENT = typer.Argument(..., help="Event slug, name or id.")
JSON = typer.Option(False, "--json", help="Print JSON.")
UNUSUAL = typer.Option(
    False,
    ConfirmationCode.UNUSUAL_DATE.flag,
    "--yes",
    "-y",
    help="Confirm a date in the past or more than a year ahead.",
)
NOTES = typer.Option(None, "--notes", help="Notes on the event.")


def _confirmed(unusual: bool) -> list[str]:
    return [ConfirmationCode.UNUSUAL_DATE.value] if unusual else []


def register(app: typer.Typer) -> None:
    """Add the event-editing commands to the ``event`` group of ``app``."""
    events = event_group(app)

    @events.command("add")
    def add_command(
        name: str = typer.Argument(..., help="The event's name, e.g. 'Christmas 2026'."),
        on: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="Its date."),
        notes: str = typer.Option("", "--notes", help="Notes on the event."),
        unusual: bool = UNUSUAL,
        as_json: bool = JSON,
    ) -> None:
        """Create an event."""
        try:
            with open_session() as session:
                created = service.create_event(
                    session, name=name, event_date=on.date(), notes=notes,
                    confirm=_confirmed(unusual),
                )  # fmt: skip
                read = EventRead.model_validate(created)
        except ConfirmationNeeded as needed:
            _refuse_unconfirmed(needed)
        _said(read, f"Created {read.name} ({read.event_date}, {read.slug})", as_json)

    @events.command("edit")
    def edit_command(
        event: str = EVENT,
        name: str | None = typer.Option(None, "--name", help="A new name."),
        on: datetime | None = typer.Option(
            None, "--date", formats=["%Y-%m-%d"], help="A new date."
        ),
        notes: str | None = NOTES,
        unusual: bool = UNUSUAL,
        as_json: bool = JSON,
    ) -> None:
        """Rename an event, move its date or change its notes."""
        try:
            with open_session() as session:
                found = service.get_event(session, event)
                changed = service.update_event(
                    session, found.id, name=name, event_date=on.date() if on else None,
                    notes=notes, confirm=_confirmed(unusual),
                )  # fmt: skip
                read = EventRead.model_validate(changed)
        except ConfirmationNeeded as needed:
            _refuse_unconfirmed(needed)
        _said(read, f"Saved {read.name} ({read.event_date}, {read.slug})", as_json)

    @events.command("clone")
    def clone_command(
        event: str = EVENT,
        name: str = typer.Option(..., "--name", help="The new event's name."),
        on: datetime = typer.Option(..., "--date", formats=["%Y-%m-%d"], help="Its date."),
        unusual: bool = UNUSUAL,
        as_json: bool = JSON,
    ) -> None:
        """A new event with the same packages for the same people, all pending."""
        try:
            with open_session() as session:
                source = service.get_event(session, event)
                clone = service.clone_event(
                    session, source.id, name=name, event_date=on.date(),
                    confirm=_confirmed(unusual),
                )  # fmt: skip
                read = EventRead.model_validate(clone)
        except ConfirmationNeeded as needed:
            _refuse_unconfirmed(needed)
        _said(read, f"Cloned {source.name} as {read.name} ({read.event_date})", as_json)

    @events.command("delete")
    def delete_command(
        event: str = EVENT,
        yes: bool = typer.Option(False, "--yes", "-y", help="Delete it: without, only say."),
        as_json: bool = JSON,
    ) -> None:
        """Delete an event with its pending packages; one with history stays."""
        with open_session() as session:
            found = service.get_event(session, event)
            deletion = service.event_deletion(session, found.id)
            if deletion.allowed and yes:
                service.delete_event(session, found.id)
        read = EventDeletionRead.of(deletion)
        if not deletion.allowed:
            raise InUse("event", deletion.name, deletion.refusals, why=deletion.why_not)
        if as_json:
            print_json(read)
        elif yes:
            console.print(f"Deleted {deletion.name} and {deletion.goes}.", highlight=False)
        else:
            console.print(
                f"Deleting {deletion.name} would also remove {deletion.goes}. "
                "Nothing deleted: run it again with --yes.",
                highlight=False,
            )
        if not yes:
            raise typer.Exit(4)


def _said(read: EventRead, sentence: str, as_json: bool) -> None:
    if as_json:
        print_json(read)
    else:
        console.print(sentence, highlight=False)


def _refuse_unconfirmed(needed: ConfirmationNeeded) -> NoReturn:
    """Say what needs confirming and which flag accepts it; nothing was saved."""
    for confirmation in needed.confirmations:
        err_console.print(
            f"[bold red]error:[/] nothing saved: {escape(confirmation.message)}; "
            f"run it again with {confirmation.code.flag} to keep this date",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(needed.exit_code)
