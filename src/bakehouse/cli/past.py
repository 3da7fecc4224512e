"""Keeping the past true (docs/product.md §6.20): ``bakehouse event lock``, ``unlock``,
``lock-show``, ``contents``, and ``bakehouse archive`` / ``unarchive``.

Locks freeze an event's prices (an unlock needs ``--reason``); archiving hides what
history uses from lists and pickers (``--archived`` on a list shows it again).
"""

from __future__ import annotations

import typer
from rich.markup import escape

from bakehouse.cli.context import open_session
from bakehouse.cli.groups import event_group
from bakehouse.cli.output import console, print_json
from bakehouse.schemas.events import ArchivedRead, AssignmentContentsRead, PlanLockRead
from bakehouse.services.core import archive as archiving
from bakehouse.services.events import events as event_service
from bakehouse.services.events import locks
from bakehouse.services.events.contents import resolved_contents

EVENT = typer.Argument(..., help="Event slug, name or id.")
JSON = typer.Option(False, "--json", help="Print JSON.")
KIND = typer.Argument(
    ...,
    help="ingredient, product, recipe, item, bundle, package, recipient or event.",
)
KEY = typer.Argument(..., help="Its slug, name or id (a product: its id).")


def _show_lock(read: PlanLockRead, name: str) -> None:
    if read.is_locked:
        console.print(f"{escape(name)}: prices locked since {read.locked_at:%Y-%m-%d %H:%M}")
        for recipe in read.recipes:
            console.print(
                f"  {escape(recipe.recipe)}: {recipe.batches} batch(es), planned "
                f"{recipe.planned_cost}{' (incomplete)' if recipe.unpriced else ''}"
            )
    else:
        console.print(f"{escape(name)}: prices not locked")
    for change in read.history:
        what = "locked" if change.locked else "unlocked"
        why = f": {escape(change.reason)}" if change.reason else ""
        console.print(f"  {change.changed_at:%Y-%m-%d %H:%M} {what}{why}")


def _archived(kind: str, record: object) -> ArchivedRead:
    return ArchivedRead(
        kind=kind,
        id=record.id,  # type: ignore[attr-defined]
        name=getattr(record, "name", ""),
        archived_at=record.archived_at,  # type: ignore[attr-defined]
    )


def register(app: typer.Typer) -> None:
    events = event_group(app)

    @events.command("lock")
    def lock_command(
        event: str = EVENT,
        note: str = typer.Option("", "--note", help="Why, if you like."),
        as_json: bool = JSON,
    ) -> None:
        """Lock an event's prices: its planned cost no longer follows new purchases."""
        with open_session() as session:
            found = event_service.get_event(session, event)
            read = PlanLockRead.model_validate(locks.lock_event_plan(session, found.id, note=note))
            name = found.name
        print_json(read) if as_json else _show_lock(read, name)

    @events.command("unlock")
    def unlock_command(
        event: str = EVENT,
        reason: str = typer.Option(..., "--reason", help="Why the prices may follow again."),
        as_json: bool = JSON,
    ) -> None:
        """Unlock an event's prices (the reason is recorded)."""
        with open_session() as session:
            found = event_service.get_event(session, event)
            read = PlanLockRead.model_validate(locks.unlock_event_plan(session, found.id, reason))
            name = found.name
        print_json(read) if as_json else _show_lock(read, name)

    @events.command("lock-show")
    def lock_show_command(event: str = EVENT, as_json: bool = JSON) -> None:
        """Whether an event's prices are locked, and every lock and unlock."""
        with open_session() as session:
            found = event_service.get_event(session, event)
            read = PlanLockRead.model_validate(locks.get_plan_lock(session, found.id))
            name = found.name
        print_json(read) if as_json else _show_lock(read, name)

    @events.command("contents")
    def contents_command(event: str = EVENT, as_json: bool = JSON) -> None:
        """What each package of an event holds: as assembled, or today's while pending."""
        with open_session() as session:
            found = event_service.get_event(session, event)
            assignments = event_service.list_assignments(session, found.id)
            contents = resolved_contents(session, [a.id for a in assignments])
            rows = [AssignmentContentsRead.model_validate(contents[a.id]) for a in assignments]
            labels = {a.id: f"{a.recipient.name} — {a.package.name}" for a in assignments}
        if as_json:
            print_json(rows)
            return
        for row in rows:
            how = "as assembled" if row.frozen else "today's contents"
            console.print(f"{escape(labels[row.assignment_id])} ×{row.quantity} ({how})")
            for item in row.items:
                console.print(f"  {item.units} × {escape(item.item)} ({escape(item.recipe)})")

    @app.command("archive")
    def archive_command(kind: str = KIND, key: str = KEY, as_json: bool = JSON) -> None:
        """Archive what history uses: hidden from lists and pickers, history kept."""
        with open_session() as session:
            read = _archived(kind, archiving.archive(session, kind, key))
        if as_json:
            print_json(read)
        else:
            console.print(f"archived {read.kind} {escape(read.name)!r} (bakehouse unarchive)")

    @app.command("unarchive")
    def unarchive_command(kind: str = KIND, key: str = KEY, as_json: bool = JSON) -> None:
        """Bring an archived record back to lists and pickers."""
        with open_session() as session:
            read = _archived(kind, archiving.unarchive(session, kind, key))
        if as_json:
            print_json(read)
        else:
            console.print(f"{read.kind} {escape(read.name)!r} is back in lists and pickers")
