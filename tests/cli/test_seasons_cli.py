"""``bakehouse season …``, ``bakehouse settings …`` and ``bakehouse event budget``
(docs/product.md §6.15)."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import InvalidInput, SeasonsOverlap
from tests.factories.planning import make_event

runner = CliRunner()


def test_seasons_are_added_listed_changed_and_removed(cli_engine: Engine) -> None:
    added = runner.invoke(
        app, ["season", "add", "Holiday 2026", "--from", "2026-11-01", "--to", "2027-01-15",
              "--budget", "250"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "added season Holiday 2026: 2026-11-01 – 2027-01-15, budget 250.00" in added.output
    clash = runner.invoke(
        app, ["season", "add", "Winter", "--from", "2027-01-01", "--to", "2027-02-01"]
    )
    assert isinstance(clash.exception, SeasonsOverlap)  # main() makes it exit code 4
    edited = runner.invoke(app, ["season", "edit", "holiday-2026", "--budget", "none", "--json"])
    assert json.loads(edited.output)["budget"] is None
    listed = json.loads(runner.invoke(app, ["season", "list", "--json"]).output)
    assert [s["name"] for s in listed] == ["Holiday 2026"]
    assert runner.invoke(app, ["season", "remove", "Holiday 2026"]).exit_code == 0
    assert json.loads(runner.invoke(app, ["season", "list", "--json"]).output) == []


def test_settings_show_set_and_reset(cli_engine: Engine) -> None:
    shown = json.loads(runner.invoke(app, ["settings", "show", "--json"]).output)
    assert [(s["key"], s["value"], s["source"]) for s in shown][:11] == [
        ("shopping_horizon_weeks", 6, "default"),
        ("bakers_may_import_recipes", 0, "default"),
        ("label_style", "us", "default"),
        ("label_maker_name", "", "default"),
        ("label_maker_address", "", "default"),
        ("label_statement", "", "default"),
        ("calendar_weekday_minutes", 180, "default"),
        ("calendar_weekend_minutes", 480, "default"),
        ("calendar_keep_days", 2, "default"),
        ("calendar_assembly_days_before", 1, "default"),
        ("time_zone", "UTC", "default"),
    ]
    assert "currency = EUR" in runner.invoke(app, ["settings", "set", "currency", "eur"]).output
    assert (
        "shopping_horizon_weeks = 3"
        in runner.invoke(app, ["settings", "set", "shopping_horizon_weeks", "3"]).output
    )
    refused = runner.invoke(app, ["settings", "set", "shopping_horizon_weeks", "0"])
    assert isinstance(refused.exception, InvalidInput)
    assert "(default)" in runner.invoke(app, ["settings", "reset", "shopping_horizon_weeks"]).output


def test_an_event_budget_from_the_command_line(cli_engine: Engine) -> None:
    with transaction(make_session_factory(cli_engine)) as session:
        make_event(session, name="Xmas", event_date=date(2026, 12, 24))
    assert "Xmas: budget 40.00" in runner.invoke(app, ["event", "budget", "xmas", "40"]).output
    assert "Xmas: no budget" in runner.invoke(app, ["event", "budget", "xmas", "none"]).output
