"""``bakehouse pantry …`` against a real SQLite file (upgraded on first use)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bakehouse.cli.app import app, main

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A catalog with flour (and a 5 lb bag of it) and eggs."""
    url = f"sqlite:///{tmp_path / 'pantry.sqlite3'}"
    monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", url)
    for args in (
        ["catalog", "add-ingredient", "Flour", "--measure", "mass", "--density", "0.53"],
        ["catalog", "add-ingredient", "Eggs", "--measure", "count", "--grams-per-each", "50"],
        ["catalog", "add-product", "flour", "Flour", "--size", "5", "--unit", "lb"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return url


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["bakehouse", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def invoke_json(args: list[str]) -> Any:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_a_purchase_becomes_a_lot_listed_with_its_product() -> None:
    bought = invoke_json(
        ["pantry", "purchase", "flour-5-lb", "--date", "2024-11-01", "--packages", "2",
         "--price", "9.98", "--best-before", "2025-06-01", "--location", "cellar"],
    )  # fmt: skip
    assert (bought["quantity_remaining"], bought["value_remaining"]) == ("4535.923700", "9.9800")
    assert bought["movement_kind"] == "purchase"
    lots = invoke_json(["pantry", "lots", "--ingredient", "flour"])
    [lot] = lots
    assert (lot["product"], lot["location"], lot["best_before"]) == (
        "Flour (5 lb)",
        "cellar",
        "2025-06-01",
    )
    table = runner.invoke(app, ["pantry", "lots"])
    assert table.exit_code == 0
    assert "Flour" in table.output


def test_opening_stock_then_an_adjustment_shows_in_on_hand() -> None:
    opened = invoke_json(
        ["pantry", "opening-stock", "Eggs", "--quantity", "1.5", "--unit", "dozen",
         "--cost", "4.50", "--date", "2024-11-20"],
    )  # fmt: skip
    adjusted = invoke_json(
        ["pantry", "adjust", str(opened["lot_id"]), "--quantity", "-2", "--reason", "spoilage"]
    )
    assert (adjusted["movement_quantity"], adjusted["movement_value"]) == (
        "-2.000000",
        "-0.5000",
    )
    [eggs] = invoke_json(["pantry", "on-hand"])
    assert (eggs["ingredient"], eggs["quantity"], eggs["value"], eggs["lot_count"]) == (
        "Eggs",
        "16.000000",
        "4.0000",
        1,
    )
    table = runner.invoke(app, ["pantry", "on-hand", "--all"])
    assert "worth 4.00" in table.output
    assert "Flour" in table.output


def test_opening_stock_defaults_to_today_and_free() -> None:
    opened = invoke_json(["pantry", "opening-stock", "flour", "--quantity", "2", "--unit", "cup"])
    assert opened["value_remaining"] == "0.0000"
    assert opened["quantity_remaining"] == "250.783280"
    text = runner.invoke(app, ["pantry", "lots", "--all"]).output
    assert "Flour" in text


def test_taking_more_than_a_lot_holds_is_one_line_and_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_main(
            ["pantry", "opening-stock", "eggs", "--quantity", "6", "--unit", "each"], monkeypatch
        )
        == 0
    )
    capsys.readouterr()
    code = run_main(["pantry", "adjust", "1", "--quantity", "-7", "--reason", "gift"], monkeypatch)
    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: lot 1 of Eggs has only 6 each left; cannot remove 7 each"
    ]
    [eggs] = invoke_json(["pantry", "on-hand"])
    assert eggs["quantity"] == "6.000000"


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["pantry", "purchase", "sack", "--date", "2024-01-01", "--price", "1"], 3,
         "error: product 'sack' was not found"),
        (["pantry", "purchase", "flour-5-lb", "--date", "2024-01-01", "--price", "-1"], 2,
         "error: price must not be negative"),
        (["pantry", "opening-stock", "eggs", "--quantity", "1", "--unit", "cup"], 2,
         "error: cannot convert cup to each for Eggs: set a density for Eggs to use cup"),
        (["pantry", "adjust", "99", "--quantity", "-1", "--reason", "gift"], 3,
         "error: lot 99 was not found"),
    ],
)  # fmt: skip
def test_domain_errors_print_one_line_and_exit_non_zero(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    exit_code: int,
    message: str,
) -> None:
    assert run_main(args, monkeypatch) == exit_code
    err = capsys.readouterr().err.strip()
    assert err.splitlines() == [message]
