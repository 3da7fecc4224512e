"""The command line as a door: numbers as people type them, text rules, CSV a spreadsheet
cannot run, exports that never overwrite the database (a SQLite file), and a one-line
answer for a database made by a newer Bakehouse."""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from typer.testing import CliRunner

from bakehouse.cli.app import app, main
from bakehouse.cli.context import close_engines
from bakehouse.config import Settings
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import head_revision, upgrade_to_head
from bakehouse.errors import BakehouseError, UnknownSchemaRevision
from bakehouse.io.csv_cells import csv_cell
from bakehouse.models import Purchase, Recipe
from tests.cli.conftest import database_url
from tests.conftest import fresh_database
from tests.factories.catalog import make_product
from tests.factories.season import make_cookie_season


@dataclass
class Shell:
    engine: Engine
    tmp_path: Path
    monkeypatch: pytest.MonkeyPatch
    runner: CliRunner

    def run(self, *args: str) -> tuple[int, str]:
        """The exit code and message the console script gives (``main`` maps domain
        errors to their exit code and message)."""
        result = self.runner.invoke(app, list(args))
        if isinstance(result.exception, BakehouseError):
            return result.exception.exit_code, result.exception.message
        return result.exit_code, result.stderr + result.stdout


def stocked_shell(engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shell:
    with transaction(make_session_factory(engine)) as session:
        season = make_cookie_season(session)
        make_product(
            session,
            season.flour,
            name="Sack",
            slug="flour-sack",
            package_size="5",
            package_unit="cup",
        )
    return Shell(engine, tmp_path, monkeypatch, CliRunner(env={"COLUMNS": "160"}))


@pytest.fixture
def shell(cli_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Shell:
    return stocked_shell(cli_engine, tmp_path, monkeypatch)


@pytest.fixture
def sqlite_shell(
    sqlite_file_engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Shell:
    return stocked_shell(sqlite_file_engine, tmp_path, monkeypatch)


def database_file(shell: Shell) -> Path:
    assert shell.engine.url.database is not None
    return Path(shell.engine.url.database)


def test_numbers_on_the_command_line_are_read_as_people_type_them(shell: Shell) -> None:
    code, said = shell.run(
        "pantry", "purchase", "flour-sack", "--date", "2024-11-01",
        "--packages", "1 1/2", "--price", "$1,234.50",
    )  # fmt: skip

    assert code == 0, said
    with transaction(make_session_factory(shell.engine)) as session:
        purchase = session.scalars(select(Purchase)).one()
        assert (purchase.packages, purchase.total_price) == (Decimal("1.5"), Decimal("1234.5"))


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--packages", "1-2"], "error: packages looks like a range (1-2); give one number"),
     (["--price", "1e-7"], "error: price must be a number like 2.5, without an exponent"),
     (["--price", "0.00001"], "error: price is finer than Bakehouse keeps"),
     (["--packages", "١"], "error: packages must be written with the digits 0-9")],
)  # fmt: skip
def test_a_number_the_grammar_refuses_is_one_line_naming_the_option(
    shell: Shell, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    shell.monkeypatch.setattr(
        sys, "argv",
        ["bakehouse", "pantry", "purchase", "flour-sack", "--date", "2024-11-01",
         "--price", "5", *args],
    )  # fmt: skip
    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(message)


def test_text_with_a_control_character_is_refused_on_the_command_line_too(
    shell: Shell, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.monkeypatch.setattr(
        sys, "argv", ["bakehouse", "catalog", "add-ingredient", "Su\x07gar", "--measure", "mass"]
    )
    with pytest.raises(SystemExit) as exited:
        main()

    assert exited.value.code == 2
    assert "name contains an invisible control character (U+0007)" in capsys.readouterr().err


def test_csv_text_cells_cannot_run_as_formulas_and_numbers_stay_numbers(shell: Shell) -> None:
    with transaction(make_session_factory(shell.engine)) as session:
        recipe = session.scalars(select(Recipe)).one()
        recipe.name = '=HYPERLINK("http://example.invalid","open")'
    assert shell.run("produce", "christmas-2024", str(recipe.id), "--batches", "1")[0] == 0

    result = shell.runner.invoke(app, ["event", "costs", "christmas-2024", "--csv"])

    [row] = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["Recipe"] == "'" + '=HYPERLINK("http://example.invalid","open")'
    assert (row["Variance"], row["Variance %"]) == ("-0.40", "-26.67")


@pytest.mark.parametrize(
    ("value", "numeric", "cell"),
    [("=1+2", False, "'=1+2"), ("+1", False, "'+1"), ("-2", False, "'-2"),
     ("@SUM(A1)", False, "'@SUM(A1)"), ("\tx", False, "'\tx"), ("\rx", False, "'\rx"),
     ("Aunt May", False, "Aunt May"), (Decimal("-57.93"), False, "-57.93"),
     ("-57.93", True, "-57.93"), ("-1.50*", True, "-1.50*"), ("=1+2", True, "'=1+2"),
     (-3, False, "-3"), (None, False, "—")],
)  # fmt: skip
def test_csv_cells(value: object, numeric: bool, cell: str) -> None:
    assert csv_cell(value, numeric=numeric) == cell


@pytest.mark.parametrize("suffix", ["", "-wal", "-shm"])
def test_export_never_writes_over_the_database_or_its_companion_files(
    sqlite_shell: Shell, suffix: str
) -> None:
    shell = sqlite_shell
    database = database_file(shell)
    target = database.with_name(database.name + suffix)
    before = target.read_bytes() if target.exists() else None

    code, said = shell.run("export", str(target), "--overwrite")

    assert code == 2
    assert "is the database itself" in said
    assert (target.read_bytes() if target.exists() else None) == before


def test_export_over_an_existing_file_needs_overwrite(shell: Shell) -> None:
    target = shell.tmp_path / "notes.txt"
    target.write_text("keep me")

    code, said = shell.run("export", str(target))
    assert code == 2
    assert "already exists; choose a new file name or add --overwrite" in said
    assert target.read_text() == "keep me"

    assert shell.run("export", str(target), "--overwrite")[0] == 0
    assert target.read_text().startswith("{")


def test_the_readme_example_runs_twice(sqlite_shell: Shell) -> None:
    shell = sqlite_shell
    season = str(shell.tmp_path / "season.json")
    for _ in range(2):
        assert shell.run("export", season, "--overwrite")[0] == 0
        assert shell.run("import", season, "--replace")[0] == 0
        assert shell.run("backup", str(shell.tmp_path / "copy.sqlite3"), "--overwrite")[0] == 0


def test_a_database_from_a_newer_bakehouse_is_one_line_at_the_cli_and_at_app_start(
    backend: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with fresh_database(backend, tmp_path) as engine:
        upgrade_to_head(engine)
        with engine.begin() as connection:
            connection.execute(text("UPDATE alembic_version SET version_num = '0042_future'"))
        url = database_url(engine)
        monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", url)
        expected = (
            f"the database is at schema revision 0042_future, which Bakehouse 0.1.0 does not "
            f"know (it expects revision {head_revision(engine)}); it was probably made by a "
            "newer Bakehouse: upgrade Bakehouse, or point BAKEHOUSE_DATABASE_URL at another "
            "database"
        )

        for command in (["dashboard"], ["db", "upgrade"], ["serve", "--port", "1"]):
            monkeypatch.setattr(sys, "argv", ["bakehouse", *command])
            with pytest.raises(SystemExit) as exited:
                main()
            assert exited.value.code == 7
            assert capsys.readouterr().err.strip().splitlines() == [f"error: {expected}"]
        close_engines()

        from bakehouse.web import create_app

        with pytest.raises(UnknownSchemaRevision, match="0042_future"):
            create_app(Settings(database_url=url))


@pytest.mark.parametrize("key", ["١", "9" * 5000, "99999999999"])
def test_a_key_that_only_looks_like_an_id_finds_nothing(shell: Shell, key: str) -> None:
    code, said = shell.run("produce", "christmas-2024", key, "--batches", "1")

    assert code == 3
    assert said.startswith("recipe ")
    assert said.endswith("was not found")
