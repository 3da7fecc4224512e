"""``bakehouse recipes import FILE|URL --review/--yes --json``: the review saves nothing,
--yes saves in one transaction, a URL is fetched only from public addresses (loopback only
with the test setting), on both backends (docs/product.md §6.22)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import BakehouseError
from bakehouse.models import Ingredient, Item, Recipe, RecipeLine
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.io.recipe_sources.builders import deflated_spaces, zip_of
from tests.io.recipe_sources.conftest import FIXTURES, fixture_bytes

RUNNER = CliRunner(env={"COLUMNS": "200"})


def _catalog(engine: Engine) -> None:
    with transaction(make_session_factory(engine)) as session:
        for name, density in (("Flour", "0.53"), ("Butter", "0.96"), ("Powdered sugar", "0.56")):
            make_ingredient(session, name=name, measure=Measure.MASS, density=Decimal(density))


def _counts(engine: Engine) -> tuple[int, ...]:
    with transaction(make_session_factory(engine), write=False) as session:
        return tuple(
            session.scalar(select(func.count()).select_from(table)) or 0
            for table in (Recipe, RecipeLine, Item, Ingredient)
        )


def _refused(*args: str) -> BakehouseError:
    result = RUNNER.invoke(app, list(args))
    assert isinstance(result.exception, BakehouseError), result.output
    return result.exception


class _Pages(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/redirect-private":
            self.send_response(302)
            self.send_header("Location", "http://10.0.0.7/recipe")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = fixture_bytes("several-recipes.html")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def served() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_review_lists_every_line_and_saves_nothing(cli_engine: Engine) -> None:
    _catalog(cli_engine)
    page = str(FIXTURES / "several-recipes.html")

    shown = RUNNER.invoke(app, ["recipes", "import", page])

    assert shown.exit_code == 0, shown.output
    assert "2 cups flour" in shown.output
    assert "Not placed" in shown.output
    assert "about 2 pounds" in shown.output  # the bark's yield is not a count
    as_json = json.loads(RUNNER.invoke(app, ["recipes", "import", page, "--json"]).output)
    assert [r["name"] for r in as_json["recipes"]] == [
        "Shortbread Stars", "Gingerbread People", "Peppermint Bark"
    ]  # fmt: skip
    assert as_json["recipes"][0]["sections"][0]["lines"][0]["ingredient_name"] == "Flour"
    assert _counts(cli_engine) == (0, 0, 0, 3)


def test_yes_saves_and_lists_what_it_left_out(cli_engine: Engine) -> None:
    _catalog(cli_engine)
    page = str(FIXTURES / "several-recipes.html")

    saved = RUNNER.invoke(app, ["recipes", "import", page, "--yes", "--json"])

    assert saved.exit_code == 0, saved.output
    result = json.loads(saved.output)
    assert [r["name"] for r in result["recipes"]] == [
        "Shortbread Stars", "Gingerbread People", "Peppermint Bark"
    ]  # fmt: skip
    assert [(i["name"], i["items_per_batch"]) for i in result["items"]] == [
        ("Shortbread Stars", 36), ("Gingerbread People", 18)
    ]  # fmt: skip
    assert {(u["recipe_name"], u["field"]) for u in result["left_out"]} >= {
        ("Peppermint Bark", "items_per_batch")
    }


def test_items_per_batch_is_asked_for_a_yield_that_is_not_a_count(
    cli_engine: Engine, tmp_path: Path
) -> None:
    _catalog(cli_engine)
    card = tmp_path / "fudge.txt"
    card.write_text("Butter fudge\nMakes 1 8-inch pan\n\n2 cups flour\n1 cup butter\n")

    saved = RUNNER.invoke(app, ["recipes", "import", str(card), "--yes", "--items-per-batch", "36"])

    assert saved.exit_code == 0, saved.output
    assert "1 item(s)" in saved.output
    with transaction(make_session_factory(cli_engine), write=False) as session:
        item = session.scalars(select(Item)).one()
        assert item.items_per_batch == 36


def test_a_url_is_fetched_from_loopback_only_with_the_test_setting(
    cli_engine: Engine, served: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _catalog(cli_engine)
    refused = _refused("recipes", "import", f"{served}/page", "--yes")
    assert refused.code == "fetch_refused"

    monkeypatch.setenv("BAKEHOUSE_RECIPE_FETCH_ALLOW_LOOPBACK", "true")
    saved = RUNNER.invoke(app, ["recipes", "import", f"{served}/page", "--yes", "--json"])
    assert saved.exit_code == 0, saved.output
    assert len(json.loads(saved.output)["recipes"]) == 3


def test_refused_sources_change_nothing(
    cli_engine: Engine, served: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _catalog(cli_engine)
    monkeypatch.setenv("BAKEHOUSE_RECIPE_FETCH_ALLOW_LOOPBACK", "true")
    before = _counts(cli_engine)
    bomb = tmp_path / "export.zip"
    bomb.write_bytes(zip_of([("recipe.json", deflated_spaces(200 * 1024 * 1024))]))
    big = tmp_path / "page.html"
    with big.open("wb") as page:
        page.write(b"<html><body>")
        page.truncate(50 * 1024 * 1024)

    assert _refused("recipes", "import", str(bomb), "--yes").code in (
        "unsafe_archive", "source_too_large"
    )  # fmt: skip
    assert _refused("recipes", "import", str(big), "--yes").code == "source_too_large"
    assert _refused("recipes", "import", "http://10.1.2.3/cake", "--yes").code == "fetch_refused"
    assert _refused("recipes", "import", "http://169.254.169.254/", "--yes").code == (
        "fetch_refused"
    )
    redirected = _refused("recipes", "import", f"{served}/redirect-private", "--yes")
    assert redirected.code == "fetch_refused"
    assert "10.0.0.7" in redirected.message
    assert _counts(cli_engine) == before


def test_an_app_export_imports_with_its_sections_as_sub_recipes(
    cli_engine: Engine, tmp_path: Path
) -> None:
    _catalog(cli_engine)
    with transaction(make_session_factory(cli_engine)) as session:
        for name in ("Sugar", "Cocoa powder", "Chocolate chips"):
            make_ingredient(session, name=name, measure=Measure.MASS, density=Decimal("0.6"))
        make_ingredient(session, name="Eggs", measure=Measure.COUNT, grams_per_each=Decimal(50))
    export = tmp_path / "mealie.zip"
    export.write_bytes(zip_of([("recipes/b/b.json", fixture_bytes("mealie-raw-brownies.json"))]))

    saved = RUNNER.invoke(app, ["recipes", "import", str(export), "--yes", "--json"])

    assert saved.exit_code == 0, saved.output
    result = json.loads(saved.output)
    # "butter melted" is a name to confirm (close to Butter); salt has no amount.
    assert [(u["text"], u["field"]) for u in result["left_out"]] == [
        ("½ cup butter melted", "lines[0]"),
        ("flaky salt, to finish", "lines[5]"),
    ]
    names = [r["name"] for r in result["recipes"]]
    assert names == [
        "Fudgy Cocoa Brownies: Batter", "Fudgy Cocoa Brownies: Topping", "Fudgy Cocoa Brownies"
    ]  # fmt: skip
    flat = RUNNER.invoke(app, ["recipes", "import", str(export), "--review", "--flat"])
    assert flat.exit_code == 0, flat.output
