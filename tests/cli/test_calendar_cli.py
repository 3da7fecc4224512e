"""``bakehouse calendar --from --to --json`` and ``bakehouse calendar-day``
(docs/product.md §6.10)."""

from __future__ import annotations

import json

import icalendar
from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import InvalidInput
from tests.factories.season import make_cookie_season

runner = CliRunner()


def fill(engine: Engine) -> tuple[int, int, int]:
    """The cookie season for two; its event's, recipe's and first assignment's ids."""
    with transaction(make_session_factory(engine)) as session:
        season = make_cookie_season(session, recipients=("Alice", "Bob"))
        season.recipe.hands_on_minutes = 45
        season.recipe.shelf_life_days = 5
        season.package.assembly_minutes = 10
        session.flush()
        return season.event.id, season.recipe.id, season.assignment.id


def test_the_calendar_as_json_lists_each_day_and_its_tasks(cli_engine: Engine) -> None:
    event_id, recipe_id, _ = fill(cli_engine)
    shown = runner.invoke(
        app, ["calendar", "--today", "2024-12-20", "--from", "2024-12-23", "--to",
              "2024-12-25", "--json"],
    )  # fmt: skip
    assert shown.exit_code == 0, shown.output
    answer = json.loads(shown.output)
    assert [d["day"] for d in answer["days"]] == ["2024-12-23", "2024-12-24", "2024-12-25"]
    christmas_eve = answer["days"][1]
    assert [t["kind"] for t in christmas_eve["tasks"]] == ["bake", "assemble"]
    assert christmas_eve["tasks"][0]["text"] == "Bake 1 batch of Test Cookies for Christmas 2024"
    assert christmas_eve["tasks"][0]["record"] == [
        {"event_id": event_id, "event": "Christmas 2024", "recipe_id": recipe_id, "batches": 1}
    ]
    assert (christmas_eve["minutes_used"], christmas_eve["capacity_minutes"]) == (65, 180)
    assert answer["notices"] == []


def test_a_changed_day_shows_in_the_calendar(cli_engine: Engine) -> None:
    fill(cli_engine)
    changed = runner.invoke(app, ["calendar-day", "2024-12-24", "--minutes", "30"])
    assert "2024-12-24: 30 min" in changed.output
    table = runner.invoke(
        app, ["calendar", "--today", "2024-12-20", "--from", "2024-12-23", "--to", "2024-12-24"]
    )
    assert "Bake 1 batch of Test Cookies for Christmas 2024 (45 min)" in table.output
    assert "Tue Dec 24" in table.output
    assert "Mon Dec 23  45 min of 3 h" in table.output
    assert (
        "2024-12-24: day off" in runner.invoke(app, ["calendar-day", "2024-12-24", "--off"]).output
    )
    assert "usual hours" in runner.invoke(app, ["calendar-day", "2024-12-24", "--clear"]).output


def test_the_calendar_as_an_ics_file(cli_engine: Engine) -> None:
    fill(cli_engine)
    shown = runner.invoke(
        app, ["calendar", "--today", "2024-12-20", "--from", "2024-12-20", "--to", "2024-12-31",
              "--ics"],
    )  # fmt: skip
    parsed = icalendar.Calendar.from_ical(shown.output)
    days = [str(e.decoded("dtstart")) for e in parsed.walk("VEVENT")]
    assert days == ["2024-12-24", "2024-12-25"]


def test_a_bad_date_is_refused_naming_the_option(cli_engine: Engine) -> None:
    refused = runner.invoke(app, ["calendar", "--from", "Dec 24"])
    assert isinstance(refused.exception, InvalidInput)
    assert refused.exception.field == "from"


def test_the_inputs_from_the_command_line(cli_engine: Engine) -> None:
    _, _, assignment_id = fill(cli_engine)
    said = runner.invoke(app, ["calendar-recipe", "test-cookies", "--minutes", "30",
                               "--per-session", "2", "--freezable", "--frozen-days", "60",
                               "--thaw-hours", "4"])  # fmt: skip
    assert "Test Cookies: calendar inputs saved" in said.output
    refused = runner.invoke(app, ["calendar-recipe", "test-cookies", "--thaw-hours", "4"])
    assert isinstance(refused.exception, InvalidInput)
    assert (
        "5 minutes to assemble"
        in runner.invoke(app, ["calendar-package", "cookie-box", "5"]).output
    )
    moved = runner.invoke(app, ["calendar-delivery", "christmas-2024", "2024-12-23"])
    assert "delivered 2024-12-23" in moved.output
    own = runner.invoke(
        app,
        ["calendar-delivery", "christmas-2024", "2024-12-22", "--assignment", str(assignment_id)],
    )
    assert own.exit_code == 0, own.output
    answer = json.loads(runner.invoke(
        app, ["calendar", "--today", "2024-12-20", "--from", "2024-12-20", "--to",
              "2024-12-23", "--json"],
    ).output)  # fmt: skip
    delivered = [t["text"] for d in answer["days"] for t in d["tasks"] if t["kind"] == "deliver"]
    assert delivered == ["Deliver 1 package for Christmas 2024 (Alice)",
                         "Deliver 1 package for Christmas 2024"]  # fmt: skip
    assert (
        "on the event day"
        in runner.invoke(app, ["calendar-delivery", "christmas-2024", "none"]).output
    )
