"""``bakehouse event list|needs`` and ``bakehouse shopping-list`` on each backend."""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app, main
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)

runner = CliRunner()


@pytest.fixture
def database(cli_engine: Engine) -> Engine:
    """One event: 30 shortbread fingers (2 batches).

    Butter has a product and some stock; vanilla has neither.
    """
    with transaction(make_session_factory(cli_engine)) as session:
        butter = make_ingredient(session, name="Butter")
        make_lot(session, butter, quantity="300", cost="3.00")
        make_product(session, butter, name="Block", package_size=Decimal(250), is_preferred=True)
        vanilla = make_ingredient(session, name="Vanilla", measure=Measure.VOLUME)
        recipe = make_recipe(
            session, name="Shortbread", lines=[(butter, "227", "g"), (vanilla, "1", "tsp")]
        )
        finger = make_item(session, recipe, name="Shortbread finger", items_per_batch=24)
        package = make_package(session, name="Tin", contents=[(10, finger)])
        event = make_event(session, name="Christmas 2026", event_date=date(2999, 12, 24))
        make_event(session, name="Christmas 1999", event_date=date(1999, 12, 24))
        for name in ("Ann", "Bob", "Cy"):
            make_assignment(session, event, make_recipient(session, name=name), package)
    return cli_engine


def test_event_needs_prints_batches_and_ingredients(database: Engine) -> None:
    result = runner.invoke(app, ["event", "needs", "christmas-2026"])
    assert result.exit_code == 0, result.output
    assert "Shortbread" in result.output
    assert "Ingredients" in result.output
    assert "454" in result.output  # 2 batches × 227 g


def test_event_needs_as_json(database: Engine) -> None:
    result = runner.invoke(app, ["event", "needs", "Christmas 2026", "--json"])
    assert result.exit_code == 0, result.output
    needs = json.loads(result.output)
    assert needs["event"] == "Christmas 2026"
    assert [(r["recipe"], r["batches"]) for r in needs["recipes"]] == [("Shortbread", 2)]
    assert needs["items"][0]["units"] == 30
    assert [(i["ingredient"], i["quantity"], i["unit"]) for i in needs["ingredients"]] == [
        ("Butter", "454", "g"),
        ("Vanilla", "9.857844", "ml"),
    ]


def test_event_needs_as_csv(database: Engine) -> None:
    result = runner.invoke(app, ["event", "needs", "christmas-2026", "--csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["kind"], r["name"], r["quantity"], r["unit"]) for r in rows] == [
        ("item", "Shortbread finger", "30", "units"),
        ("recipe", "Shortbread", "2", "batches"),
        ("ingredient", "Butter", "454", "g"),
        ("ingredient", "Vanilla", "9.857844", "ml"),
    ]


def test_shopping_list_for_an_event(database: Engine) -> None:
    result = runner.invoke(app, ["shopping-list", "christmas-2026", "--json"])
    assert result.exit_code == 0, result.output
    shopping = json.loads(result.output)
    line, vanilla = shopping["lines"]
    assert (line["needed"], line["on_hand"], line["packages_to_buy"]) == ("454", "300", 1)
    # The block was never bought: priced at the opening stock's 3.00 for 300 g.
    assert (line["package_price"], line["estimated_cost"]) == ("2.5", "2.5")
    assert (vanilla["product"], vanilla["cost_note"]) == (None, "no product")
    assert shopping["unbuyable"] == ["Vanilla"]
    assert shopping["is_complete"] is False


def test_shopping_list_table_and_csv_for_upcoming_events(database: Engine) -> None:
    table = runner.invoke(app, ["shopping-list", "--upcoming"])
    assert table.exit_code == 0, table.output
    assert "Christmas 2026" in table.output
    assert "Estimated total: $2.50" in table.output
    assert "No product to buy: Vanilla" in table.output
    as_csv = runner.invoke(app, ["shopping-list", "--upcoming", "--csv"])
    row, _vanilla = list(csv.DictReader(io.StringIO(as_csv.output)))
    assert (row["Ingredient"], row["Shortfall"], row["Packages"], row["Leftover"]) == (
        "Butter",
        "154",
        "1",
        "96",
    )


def test_event_list_orders_by_date_and_filters_upcoming(database: Engine) -> None:
    every = json.loads(runner.invoke(app, ["event", "list", "--json"]).output)
    assert [e["name"] for e in every] == ["Christmas 1999", "Christmas 2026"]
    upcoming = runner.invoke(app, ["event", "list", "--upcoming", "--csv"]).output
    assert [r["Event"] for r in csv.DictReader(io.StringIO(upcoming))] == ["Christmas 2026"]
    table = runner.invoke(app, ["event", "list"]).output
    assert "christmas-1999" in table


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["event", "needs", "easter"], 3, "event 'easter' was not found"),
        (["shopping-list", "--season", "easter"], 3, "season 'easter' was not found"),
    ],
)
def test_errors_are_one_line_and_an_exit_code(
    database: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    exit_code: int,
    message: str,
) -> None:
    monkeypatch.setattr(sys, "argv", ["bakehouse", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    assert exited.value.code == exit_code
    assert message in capsys.readouterr().err
