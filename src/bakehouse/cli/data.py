"""``bakehouse export``, ``import``, ``backup`` and ``deliveries``: the data file and its kin."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bakehouse.cli.context import open_session, settings
from bakehouse.cli.output import Column, console, emit, err_console, print_json
from bakehouse.domain.wording import count_of
from bakehouse.errors import Conflict, ValidationFailed
from bakehouse.io.backup import backup_sqlite
from bakehouse.io.document import SECTIONS
from bakehouse.io.export import begin_consistent_read, export_document
from bakehouse.io.importer import (
    ImportMode,
    database_is_empty,
    import_document,
    read_document_file,
    read_document_stream,
)
from bakehouse.io.targets import check_export_target
from bakehouse.schemas.data import ImportReportRead
from bakehouse.schemas.events import DeliveryStopRead
from bakehouse.services.events.deliveries import list_deliveries
from bakehouse.services.events.events import get_event

FILE = typer.Argument(..., help="The data file ('-' for standard output/input).")

DELIVERY_COLUMNS = (
    Column("Household", lambda r: r.household or "—"),
    Column("Recipient", lambda r: r.recipient),
    Column("Address", lambda r: " ".join(r.address.split()) or "—"),
    Column("Package", lambda r: r.package),
    Column("Qty", lambda r: r.quantity, numeric=True),
    Column("Status", lambda r: r.status),
    Column("Assembled", lambda r: r.assembled_at),  # the zone set, with its name (§6.19)
)


@contextmanager
def progress_bar(description: str, total: int) -> Iterator[Any]:
    """A progress bar on stderr for people at a terminal; silent in scripts and tests."""
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
        disable=not err_console.is_terminal,
    )
    with bar:
        task = bar.add_task(description, total=total)

        def advance(section: str, count: int) -> None:
            bar.update(task, advance=count, description=f"{description} {section}")

        yield advance


def _entries(data: Any) -> int:
    if not isinstance(data, dict):
        return 0
    return sum(len(v) for k, v in data.items() if k in SECTIONS and isinstance(v, list))


def _print_problems(error: ValidationFailed) -> None:
    err_console.print(
        "[bold red]error:[/] the file was not imported: "
        f"{count_of(len(error.problems), 'problem')}; "
        "the database is unchanged",
        highlight=False,
    )
    for problem in error.problems:
        err_console.print(
            f"  {problem.location}: {problem.message}", highlight=False, soft_wrap=True
        )


def register(app: typer.Typer) -> None:
    @app.command("export")
    def export(
        path: Path = FILE,
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
    ) -> None:
        """Write the whole database to a JSON data file (docs/data-format.md).

        Never over the database itself; over another existing file only with --overwrite.
        """
        if str(path) != "-":
            check_export_target(path, settings().database_url, overwrite=overwrite)
        with open_session() as session:
            begin_consistent_read(session)
            with progress_bar("Exporting", len(SECTIONS)) as advance:
                document = export_document(session, progress=lambda s, _n: advance(s, 1))
        text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
        if str(path) == "-":
            sys.stdout.write(text)
            return
        partial = path.with_name(path.name + ".partial")
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)  # never leave a half-written file under the real name
        counts = ", ".join(f"{len(document[s])} {s}" for s in SECTIONS if document[s])
        err_console.print(f"exported to {path}: {counts or 'an empty database'}", highlight=False)

    @app.command("import")
    def import_(
        path: Path = FILE,
        replace: bool = typer.Option(False, "--replace", help="Delete all data, then import."),
        merge: bool = typer.Option(False, "--merge", help="Add to the data already there."),
        as_json: bool = typer.Option(False, "--json", help="Print the counts as JSON."),
    ) -> None:
        """Import a data file in one transaction: any problem and nothing changes.

        Without --replace or --merge the database must be empty.
        """
        if replace and merge:
            raise typer.BadParameter("choose one of --replace and --merge")
        try:
            if str(path) == "-":
                data = read_document_stream(sys.stdin.buffer)
            else:
                data = read_document_file(path)
            with open_session() as session:
                mode: ImportMode = "merge" if merge else "replace"
                if not (replace or merge) and not database_is_empty(session):
                    raise Conflict(
                        "the database already holds data: use --replace to delete it and "
                        "import the file, or --merge to add the file to it"
                    )
                with progress_bar("Importing", _entries(data)) as advance:
                    report = import_document(session, data, mode=mode, progress=advance)
        except ValidationFailed as error:
            _print_problems(error)
            raise typer.Exit(error.exit_code) from None
        if as_json:
            print_json(ImportReportRead.model_validate(report))
            return
        counts = ", ".join(f"{n} {s}" for s, n in report.counts.items() if n)
        console.print(f"imported {report.total} entries ({report.mode}): {counts}", highlight=False)

    @app.command("backup")
    def backup(
        path: Path = typer.Argument(..., help="Where to write the copy (a new file)."),
        overwrite: bool = typer.Option(False, "--overwrite", help="Replace an existing file."),
    ) -> None:
        """Copy the live SQLite database to FILE (SQLite online backup; see docs for pg_dump)."""
        report = backup_sqlite(settings().database_url, path, overwrite=overwrite)
        console.print(
            f"backed up to {report.target} ({report.size_bytes:,} bytes)", highlight=False
        )

    @app.command("deliveries")
    def deliveries(
        event: str = typer.Argument(..., help="Event slug, name or id."),
        include_delivered: bool = typer.Option(False, "--all", help="Include delivered ones."),
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        as_csv: bool = typer.Option(False, "--csv", help="Print CSV."),
    ) -> None:
        """Who still needs their package at EVENT, grouped by household."""
        with open_session() as session:
            found = get_event(session, event)
            stops = list_deliveries(session, found.id, include_delivered=include_delivered)
            rows = [DeliveryStopRead.model_validate(stop) for stop in stops]
            title = f"Deliveries — {found.name}"
        if not rows and not (as_json or as_csv):
            console.print(f"Nothing left to deliver for {found.name}.", highlight=False)
            return
        emit(rows, title=title, columns=DELIVERY_COLUMNS, rows=rows, as_json=as_json, as_csv=as_csv)
