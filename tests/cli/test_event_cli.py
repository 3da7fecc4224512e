"""``bakehouse event add/edit/clone/delete`` (docs/product.md §6.16) and the CLI's one
error style, version and help."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bakehouse.cli.app import app, main
from bakehouse.errors import InUse
from bakehouse.models import Event
from bakehouse.services.production.bakes import record_production
from tests.factories.season import make_cookie_season

pytestmark = pytest.mark.usefixtures("cli_engine")
runner = CliRunner(env={"COLUMNS": "160"})
SOON = (date.today() + timedelta(days=30)).isoformat()


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr("sys.argv", ["bakehouse", *args])
    try:
        main()
    except SystemExit as done:
        return int(done.code or 0)
    return 0


def events(engine: Engine) -> list[tuple[str, date, str]]:
    with Session(engine) as session:
        return [(e.name, e.event_date, e.notes) for e in session.scalars(select(Event))]


def test_adds_and_edits_an_event(cli_engine: Engine) -> None:
    added = runner.invoke(app, ["event", "add", "Cookie swap", "--date", SOON])
    assert added.exit_code == 0, added.output
    assert f"Created Cookie swap ({SOON}, cookie-swap)" in added.stdout
    edited = runner.invoke(app, ["event", "edit", "cookie-swap", "--notes", "Bring tins"])
    assert edited.exit_code == 0, edited.output
    assert events(cli_engine) == [("Cookie swap", date.fromisoformat(SOON), "Bring tins")]


def test_a_past_date_is_refused_until_confirmed(
    cli_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["event", "add", "Swap", "--date", "2020-12-05"], monkeypatch) == 4
    said = capsys.readouterr().err
    assert "error: nothing saved: Swap is dated 2020-12-05, in the past" in said
    assert "--unusual-date" in said
    assert events(cli_engine) == []
    confirmed = ["event", "add", "Swap", "--date", "2020-12-05", "--unusual-date"]
    assert run_main(confirmed, monkeypatch) == 0
    assert events(cli_engine)[0][1] == date(2020, 12, 5)


def test_delete_says_what_goes_and_needs_yes(cli_engine: Engine) -> None:
    with Session(cli_engine) as session:
        make_cookie_season(session, recipients=["Ann", "Bob"], event_date=date.fromisoformat(SOON))
        session.commit()
    asked = runner.invoke(app, ["event", "delete", "christmas-2024"])
    assert asked.exit_code == 4
    assert "would also remove 2 pending package assignments" in " ".join(asked.stdout.split())
    assert len(events(cli_engine)) == 1
    done = runner.invoke(app, ["event", "delete", "christmas-2024", "--yes"])
    assert done.exit_code == 0, done.output
    assert events(cli_engine) == []


def test_an_event_with_a_bake_is_not_deleted(cli_engine: Engine) -> None:
    with Session(cli_engine) as session:
        season = make_cookie_season(session)
        record_production(session, event_id=season.event.id, recipe_id=season.recipe.id, batches=1)
        session.commit()
    refused = runner.invoke(app, ["event", "delete", "christmas-2024", "--yes"])
    assert isinstance(refused.exception, InUse)
    assert "history that would be lost (1 bake recorded" in refused.exception.message
    assert len(events(cli_engine)) == 1


def test_clones_an_event(cli_engine: Engine) -> None:
    with Session(cli_engine) as session:
        make_cookie_season(session, recipients=["Ann"])
        session.commit()
    cloned = runner.invoke(
        app, ["event", "clone", "christmas-2024", "--name", "Christmas soon", "--date", SOON]
    )
    assert cloned.exit_code == 0, cloned.output
    assert "Cloned Christmas 2024 as Christmas soon" in cloned.stdout


def test_version_help_and_usage_errors_read_plainly(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["--version"], monkeypatch) == 0
    assert capsys.readouterr().out.startswith("bakehouse ")
    assert run_main(["event", "list", "--help"], monkeypatch) == 0
    help_text = capsys.readouterr().out
    assert "--upcoming" in help_text
    assert "<bool>" not in help_text
    assert run_main(["event", "list", "--bogus"], monkeypatch) == 2
    assert capsys.readouterr().err.strip() == (
        "error: No such option: --bogus (see bakehouse event list --help)"
    )
