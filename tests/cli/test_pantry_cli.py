"""``bakehouse pantry …`` on each backend: what the commands say and print as JSON."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app, main
from bakehouse.errors import InvalidInput

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(cli_engine: Engine) -> Engine:
    """A catalog with flour (and a 5 lb bag of it) and eggs."""
    for args in (
        ["catalog", "add-ingredient", "Flour", "--measure", "mass", "--density", "0.53"],
        ["catalog", "add-ingredient", "Eggs", "--measure", "count", "--grams-per-each", "50"],
        ["catalog", "add-product", "flour", "Flour", "--size", "5", "--unit", "lb"],
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    return cli_engine


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
    assert (bought["packages"], bought["total_price"]) == ("2", "9.98")
    assert (bought["lot"]["quantity_remaining"], bought["lot"]["value_remaining"]) == (
        "4535.9237",
        "9.98",
    )
    lots = invoke_json(["pantry", "lots", "--ingredient", "flour"])
    [lot] = lots
    assert lot == bought["lot"] | {"days_to_best_before": lot["days_to_best_before"]}
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
    assert (adjusted["lot_id"], adjusted["kind"], adjusted["reason"]) == (
        opened["lot_id"],
        "adjustment",
        "spoilage",
    )
    assert (adjusted["quantity"], adjusted["value"]) == ("-2", "-0.5")
    [eggs] = invoke_json(["pantry", "on-hand"])
    assert (eggs["ingredient"], eggs["quantity"], eggs["value"], eggs["lot_count"]) == (
        "Eggs",
        "16",
        "4",
        1,
    )
    table = runner.invoke(app, ["pantry", "on-hand", "--all"])
    assert "worth $4.00" in table.output
    assert "Flour" in table.output


def test_opening_stock_defaults_to_today_and_free() -> None:
    opened = invoke_json(["pantry", "opening-stock", "flour", "--quantity", "2", "--unit", "cup"])
    assert opened["value_remaining"] == "0"
    assert opened["quantity_remaining"] == "250.78328"
    text = runner.invoke(app, ["pantry", "lots", "--all"]).output
    assert "Flour" in text


def test_taking_more_than_a_lot_holds_is_one_line_and_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    opened = invoke_json(["pantry", "opening-stock", "eggs", "--quantity", "6", "--unit", "each"])
    lot = str(opened["lot_id"])

    code = run_main(["pantry", "adjust", lot, "--quantity", "-7", "--reason", "gift"], monkeypatch)

    assert code == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: lot {lot} of Eggs has only 6 each left; cannot remove 7 each"
    ]
    [eggs] = invoke_json(["pantry", "on-hand"])
    assert eggs["quantity"] == "6"


@pytest.mark.parametrize(
    ("args", "exit_code", "message"),
    [
        (["pantry", "purchase", "sack", "--date", "2024-01-01", "--price", "1"], 3,
         "error: product 'sack' was not found"),
        (["pantry", "purchase", "flour-5-lb", "--date", "2024-01-01", "--price", "-1"], 2,
         "error: price must not be negative"),
        (["pantry", "opening-stock", "eggs", "--quantity", "1", "--unit", "cup"], 2,
         "error: cannot convert cup to each for Eggs: set a density for Eggs to use cup"),
        (["pantry", "adjust", "99999999", "--quantity", "-1", "--reason", "gift"], 3,
         "error: lot 99999999 was not found"),
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


def test_a_stock_take_sets_what_is_on_hand_from_a_count_sheet_on_the_command_line() -> None:
    invoke_json(["pantry", "opening-stock", "flour", "--quantity", "2", "--unit", "kg",
                 "--cost", "4.00", "--date", "2024-10-01"])  # fmt: skip
    invoke_json(["pantry", "opening-stock", "eggs", "--quantity", "12", "--unit", "each",
                 "--cost", "3.00", "--date", "2024-10-01"])  # fmt: skip

    result = runner.invoke(
        app, ["pantry", "stock-take", "flour=1.5 kg", "eggs=1 1/2 dozen", "--reason", "count"]
    )

    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "Flour: 1500 g counted, 2000 g held; 500 g taken out (1.00)" in said
    assert "Eggs: 18 each counted, 12 each held; 6 each found (1.50)" in said
    lots = invoke_json(["pantry", "lots"])
    assert [(lot["ingredient"], lot["origin"]) for lot in lots] == [
        ("Eggs", "opening"),
        ("Eggs", "found"),
        ("Flour", "opening"),
    ]


def test_a_stock_take_needs_ingredient_equals_quantity() -> None:
    result = runner.invoke(app, ["pantry", "stock-take", "flour", "--reason", "count"])
    assert isinstance(result.exception, InvalidInput)
    assert 'INGREDIENT="QUANTITY [UNIT]"' in result.exception.message


def test_an_ingredient_can_draw_earliest_best_before_first() -> None:
    row = invoke_json(["catalog", "draw-order", "flour", "--draw-order", "fefo"])
    assert row["draw_order"] == "fefo"
