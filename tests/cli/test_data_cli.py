"""``bakehouse export | import | backup | deliveries`` on each backend (backup: SQLite)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.cli.context import close_engines
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.errors import Conflict, NotFound
from bakehouse.io.document import FORMAT_VERSION
from bakehouse.io.export import export_document
from bakehouse.models import Assignment, Event
from bakehouse.schemas.base import to_json
from bakehouse.schemas.events import DeliveryStopRead
from bakehouse.services.events.deliveries import list_deliveries
from tests.cli.conftest import database_url
from tests.conftest import fresh_database
from tests.factories.data_file import make_full_season


@dataclass
class Kitchen:
    engine: Engine
    backend: str
    tmp_path: Path
    runner: CliRunner
    monkeypatch: pytest.MonkeyPatch

    def run(self, *args: str, stdin: str | None = None) -> Any:
        return self.runner.invoke(app, list(args), input=stdin)

    def use(self, engine: Engine) -> None:
        self.monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", database_url(engine))

    def document(self, engine: Engine | None = None) -> dict[str, Any]:
        with transaction(make_session_factory(engine or self.engine)) as session:
            return without_stamp(export_document(session))

    @contextmanager
    def empty_database(self, name: str) -> Iterator[Engine]:
        """Another migrated database of the same backend, holding nothing."""
        place = self.tmp_path / name
        place.mkdir()
        with fresh_database(self.backend, place) as engine:
            upgrade_to_head(engine)
            try:
                yield engine
            finally:
                close_engines()


def without_stamp(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != "exported_at"}


def seasoned_kitchen(
    engine: Engine, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Kitchen:
    with transaction(make_session_factory(engine)) as session:
        make_full_season(session)
    kitchen = Kitchen(engine, backend, tmp_path, CliRunner(), monkeypatch)
    kitchen.use(engine)
    return kitchen


@pytest.fixture
def kitchen(
    cli_engine: Engine, backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Kitchen:
    return seasoned_kitchen(cli_engine, backend, tmp_path, monkeypatch)


@pytest.fixture
def sqlite_kitchen(
    sqlite_file_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Kitchen:
    return seasoned_kitchen(sqlite_file_engine, "sqlite", tmp_path, monkeypatch)


def test_export_writes_the_whole_database_to_a_file(kitchen: Kitchen) -> None:
    target = kitchen.tmp_path / "season.json"

    result = kitchen.run("export", str(target))

    assert result.exit_code == 0, result.output
    assert "exported to" in result.stderr
    assert "24 movements" in " ".join(result.stderr.split())
    assert without_stamp(json.loads(target.read_text("utf-8"))) == kitchen.document()
    assert not list(kitchen.tmp_path.glob("*.partial"))


def test_export_to_standard_output(kitchen: Kitchen) -> None:
    result = kitchen.run("export", "-")

    assert result.exit_code == 0, result.output
    assert without_stamp(json.loads(result.stdout)) == kitchen.document()


def test_import_into_an_empty_database_restores_the_season(kitchen: Kitchen) -> None:
    source = kitchen.tmp_path / "season.json"
    kitchen.run("export", str(source))
    with kitchen.empty_database("restored") as empty:
        kitchen.use(empty)

        result = kitchen.run("import", str(source))

        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("imported 75 entries (replace): 6 ingredients")
        assert kitchen.document(empty) == kitchen.document()


def test_import_reads_standard_input_and_reports_json(kitchen: Kitchen) -> None:
    text = kitchen.run("export", "-").stdout
    with kitchen.empty_database("piped") as empty:
        kitchen.use(empty)

        result = kitchen.run("import", "-", "--merge", "--json", stdin=text)

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["mode"] == "merge"
    assert report["counts"]["lots"] == 7
    assert report["total"] == sum(report["counts"].values())


def test_import_into_a_database_with_data_needs_replace_or_merge(kitchen: Kitchen) -> None:
    source = kitchen.tmp_path / "season.json"
    kitchen.run("export", str(source))

    refused = kitchen.run("import", str(source))
    both = kitchen.run("import", str(source), "--replace", "--merge")
    replaced = kitchen.run("import", str(source), "--replace")

    assert isinstance(refused.exception, Conflict)
    assert "use --replace" in refused.exception.message
    assert both.exit_code == 2
    assert "choose one of --replace and --merge" in both.output
    assert replaced.exit_code == 0, replaced.output
    assert kitchen.document() == without_stamp(json.loads(source.read_text("utf-8")))


def test_a_bad_file_prints_every_problem_and_changes_nothing(kitchen: Kitchen) -> None:
    before = kitchen.document()
    unknown = FORMAT_VERSION + 1
    bad = dict(before, version=unknown)
    bad["items"] = [dict(before["items"][0], recipe="brownies"), *before["items"][1:]]
    bad["purchases"] = [dict(before["purchases"][0], total_price="-1"), *before["purchases"][1:]]
    path = kitchen.tmp_path / "bad.json"
    path.write_text(json.dumps(bad), "utf-8")

    result = kitchen.run("import", str(path), "--replace")

    assert result.exit_code == 2
    assert "3 problems; the database is unchanged" in result.stderr
    lines = [line.strip() for line in result.stderr.splitlines()[1:]]
    assert lines == [
        f"$.version: this file is version {unknown}; this Bakehouse reads version "
        + ", ".join(str(v) for v in range(1, FORMAT_VERSION))
        + f" and {FORMAT_VERSION} files",
        "$.purchases[0].total_price: must not be negative, not -1",
        "$.items[0].recipe: there is no recipe 'brownies' in the file",
    ]
    assert kitchen.document() == before


def test_a_file_that_is_not_json_is_refused(kitchen: Kitchen) -> None:
    path = kitchen.tmp_path / "notes.json"
    path.write_text("flour, butter, sugar", "utf-8")

    result = kitchen.run("import", str(path), "--merge")

    assert result.exit_code == 2
    assert "$: is not valid JSON: Expecting value (line 1, column 1)" in result.stderr


def test_backup_copies_the_live_sqlite_database(sqlite_kitchen: Kitchen) -> None:
    kitchen = sqlite_kitchen
    target = kitchen.tmp_path / "backups" / "season-backup.sqlite3"

    result = kitchen.run("backup", str(target))
    again = kitchen.run("backup", str(target))

    assert result.exit_code == 0, result.output
    assert "backed up to" in result.stdout
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM stock_movement").fetchone() == (24,)
    assert "already exists" in again.exception.message
    assert kitchen.run("backup", str(target), "--overwrite").exit_code == 0


def service_rows(kitchen: Kitchen, include_delivered: bool = False) -> Any:
    with transaction(make_session_factory(kitchen.engine)) as session:
        event_id = session.scalars(select(Event.id).where(Event.slug == "christmas-2026")).one()
        stops = list_deliveries(session, event_id, include_delivered=include_delivered)
        return to_json([DeliveryStopRead.model_validate(stop) for stop in stops])


def test_deliveries_json_is_what_the_service_returns(kitchen: Kitchen) -> None:
    result = kitchen.run("deliveries", "Christmas 2026", "--json")
    everything = kitchen.run("deliveries", "christmas-2026", "--all", "--json")

    assert json.loads(result.stdout) == service_rows(kitchen)
    assert json.loads(everything.stdout) == service_rows(kitchen, include_delivered=True)
    assert [row["recipient"] for row in json.loads(everything.stdout)] == [
        "Alice Smith",
        "Bob Smith",
        "Carol Jones",
    ]


def test_deliveries_as_a_table_and_as_csv(kitchen: Kitchen) -> None:
    table = kitchen.run("deliveries", "christmas-2026")
    as_csv = kitchen.run("deliveries", "christmas-2026", "--csv")

    assert table.exit_code == 0, table.output
    assert "Deliveries — Christmas 2026" in table.stdout
    assert "Alice" in table.stdout
    assert "Carol" not in table.stdout
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert [(r["Recipient"], r["Status"], r["Assembled"]) for r in rows] == [
        ("Alice Smith", "pending", "—"),
        ("Bob Smith", "assembled", "2026-12-20T10:00:00+00:00"),  # CSV: ISO, in UTC
    ]


def test_deliveries_of_an_unknown_event(kitchen: Kitchen) -> None:
    result = kitchen.run("deliveries", "easter")

    assert isinstance(result.exception, NotFound)


def test_deliveries_say_so_when_nothing_is_left(kitchen: Kitchen) -> None:
    result = kitchen.run("deliveries", "christmas-2026")
    with transaction(make_session_factory(kitchen.engine)) as session:
        for assignment in session.scalars(select(Assignment)):
            assignment.status = AssignmentStatus.DELIVERED
            assignment.delivered_at = assignment.assembled_at = assignment.created_at

    done = kitchen.run("deliveries", "christmas-2026")

    assert "Alice" in result.stdout
    assert done.stdout.strip() == "Nothing left to deliver for Christmas 2026."
    assert json.loads(kitchen.run("deliveries", "christmas-2026", "--json").stdout) == []
