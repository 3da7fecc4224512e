"""``bakehouse catalog …`` on each backend; a new database is upgraded on first use."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, inspect
from typer.testing import CliRunner

from bakehouse.cli.app import app, main
from bakehouse.cli.context import close_engines
from bakehouse.services.catalog.starter import starter_entries
from tests.cli.conftest import database_url
from tests.conftest import fresh_database

runner = CliRunner()


@pytest.fixture(autouse=True)
def database(cli_engine: Engine) -> Engine:
    return cli_engine


def run_main(args: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setattr(sys, "argv", ["bakehouse", *args])
    with pytest.raises(SystemExit) as exited:
        main()
    return int(exited.value.code or 0)


def test_load_starter_adds_the_catalog_once() -> None:
    first = runner.invoke(app, ["catalog", "load-starter", "--json"])
    assert first.exit_code == 0, first.output
    report = json.loads(first.output)
    assert len(report["created"]) == len(starter_entries())
    again = runner.invoke(app, ["catalog", "load-starter"])
    assert again.exit_code == 0, again.output
    assert "0 ingredients" in again.output
    assert f"{len(starter_entries())} ingredients already there" in " ".join(again.output.split())


def test_add_and_list_ingredients() -> None:
    added = runner.invoke(
        app,
        [
            "catalog", "add-ingredient", "Brown sugar", "--measure", "mass",
            "--category", "sugar", "--density", "0.9", "--json",
        ],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert json.loads(added.output)["slug"] == "brown-sugar"
    runner.invoke(
        app, ["catalog", "add-ingredient", "Butter", "--measure", "mass", "--allergen", "milk"]
    )
    listed = runner.invoke(app, ["catalog", "ingredients", "--json"])
    assert listed.exit_code == 0, listed.output
    rows = json.loads(listed.output)
    assert [(r["name"], r["unit"], r["density"], r["allergens"]) for r in rows] == [
        ("Brown sugar", "g", "0.9", []),
        ("Butter", "g", None, ["milk"]),
    ]
    table = runner.invoke(app, ["catalog", "ingredients", "--category", "sugar"])
    assert "Brown sugar" in table.output
    assert "Butter" not in table.output


def test_add_a_product_by_ingredient_name_and_list_it() -> None:
    runner.invoke(app, ["catalog", "add-ingredient", "Flour", "--measure", "mass"])
    added = runner.invoke(
        app,
        ["catalog", "add-product", "flour", "AP flour", "--size", "5", "--unit", "lb",
         "--brand", "King Arthur", "--preferred"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert "King Arthur AP flour (5 lb)" in added.output
    listed = runner.invoke(app, ["catalog", "products", "--ingredient", "Flour", "--json"])
    [row] = json.loads(listed.output)
    assert (row["package_quantity"], row["unit"], row["is_preferred"]) == ("2267.96185", "g", True)
    assert "King Arthur" in runner.invoke(app, ["catalog", "products"]).output


def test_a_product_whose_unit_does_not_convert_is_one_line_and_exit_code_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["catalog", "add-ingredient", "Eggs", "--measure", "count"], monkeypatch) == 0
    capsys.readouterr()
    code = run_main(
        ["catalog", "add-product", "eggs", "Carton", "--size", "2", "--unit", "cup"], monkeypatch
    )
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "error: cannot convert cup to each for Eggs: set a density and grams per each for "
        "Eggs to use cup"
    ]


def test_a_duplicate_ingredient_is_a_conflict_exit_code_4(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["catalog", "add-ingredient", "Salt", "--measure", "mass"], monkeypatch) == 0
    assert run_main(["catalog", "add-ingredient", "salt", "--measure", "mass"], monkeypatch) == 4
    assert "error: an ingredient named 'Salt' already exists" in capsys.readouterr().err


def test_an_unknown_ingredient_is_not_found_exit_code_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["catalog", "products", "--ingredient", "saffron"], monkeypatch) == 3
    assert "error: ingredient 'saffron' was not found" in capsys.readouterr().err


def test_a_bad_option_value_is_a_usage_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_main(["catalog", "add-ingredient", "Salt", "--measure", "weight"], monkeypatch) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert "weight" in err


def test_names_with_brackets_are_printed_as_typed_not_as_markup(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        run_main(["catalog", "add-ingredient", "[/b] Sugar", "--measure", "mass"], monkeypatch) == 0
    )
    assert "[/b] Sugar" in capsys.readouterr().out
    table = runner.invoke(app, ["catalog", "ingredients"])
    assert table.exit_code == 0, table.output
    assert "[/b] Sugar" in table.output
    assert run_main(["catalog", "products", "--ingredient", "[red]x"], monkeypatch) == 3
    assert "ingredient '[red]x' was not found" in capsys.readouterr().err


def test_a_new_database_is_upgraded_on_first_use(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with fresh_database(backend, tmp_path) as empty:
        monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", database_url(empty))
        try:
            added = runner.invoke(app, ["catalog", "add-ingredient", "Salt", "--measure", "mass"])
        finally:
            close_engines()

        assert added.exit_code == 0, added.output
        assert "ingredient" in inspect(empty).get_table_names()
