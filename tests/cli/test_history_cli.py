"""``bakehouse season compare``, ``pantry prices`` and ``recipient gifts``
(docs/product.md §6.21): tables, ``--csv`` and ``--json``."""

from __future__ import annotations

import csv
import io
import json

from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import NotFound
from tests.factories.comparison import make_two_christmases

runner = CliRunner()


def _csv(args: list[str]) -> list[list[str]]:
    return list(csv.reader(io.StringIO(runner.invoke(app, args).output)))


def _christmases(engine: Engine) -> None:
    with transaction(make_session_factory(engine)) as session:
        make_two_christmases(session)


def test_two_seasons_compared_on_the_command_line(cli_engine: Engine) -> None:
    _christmases(cli_engine)
    shown = runner.invoke(app, ["season", "compare", "Holiday 2025", "Holiday 2026"])
    assert shown.exit_code == 0, shown.output
    assert "$5.30" in shown.output
    assert "$13.20" in shown.output
    assert "$2.40" in shown.output
    assert "$1.65" in shown.output  # one tin in 2026
    rows = _csv(["season", "compare", "holiday-2025", "holiday-2026", "--csv"])
    assert rows[0][0] == "Ingredient"
    assert rows[1] == ["Butter", "500.000000 g", "1000.000000 g", "4.00", "10.40", "4.00", "2.40"]
    assert rows[-1] == ["Total", "—", "—", "5.30", "13.20", "5.30", "2.60"]
    data = json.loads(
        runner.invoke(
            app, ["season", "compare", "Christmas 2025", "Christmas 2026", "--events", "--json"]
        ).output
    )
    assert (data["kind"], data["total"]["difference"]) == ("event", "7.9")
    missing = runner.invoke(app, ["season", "compare", "Holiday 2025", "Nope"])
    assert isinstance(missing.exception, NotFound)


def test_prices_and_stores_on_the_command_line(cli_engine: Engine) -> None:
    _christmases(cli_engine)
    rows = _csv(["pantry", "prices", "--ingredient", "Butter", "--csv"])
    assert [r[3] for r in rows[1:]] == ["Big Mart", "Big Mart", "Corner Shop"]
    assert rows[1][6:] == ["12.00", "kg"]
    stores = runner.invoke(app, ["pantry", "prices", "--ingredient", "butter", "--stores"])
    assert "Corner Shop" in stores.output
    assert "$11.20" in stores.output
    data = json.loads(
        runner.invoke(app, ["pantry", "prices", "--store", "Big Mart", "--json"]).output
    )
    assert {p["ingredient"] for p in data["purchases"]} == {"Butter", "Sugar"}


def test_a_recipients_gifts_on_the_command_line(cli_engine: Engine) -> None:
    _christmases(cli_engine)
    shown = runner.invoke(app, ["recipient", "gifts", "Aunt Carol"])
    assert shown.exit_code == 0, shown.output
    assert "2024" in shown.output
    rows = _csv(["recipient", "gifts", "aunt-carol", "--csv"])
    assert [r[0] for r in rows[1:]] == ["2026", "2025", "2024"]
    assert rows[1][6:] == ["12 Shortbread finger", "gluten, milk", "milk"]
    years = json.loads(runner.invoke(app, ["recipient", "gifts", "Aunt Carol", "--json"]).output)
    assert [y["year"] for y in years] == [2026, 2025, 2024]
