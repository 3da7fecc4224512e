"""``bakehouse recipe card`` and ``bakehouse recipe paste``: a recipe for N batches, and a
pasted list read, matched, and added only when every line is certain (docs/product.md
§6.9, §6.18), on both backends."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from sqlalchemy import Engine, select
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import BakehouseError
from bakehouse.models import Recipe
from bakehouse.services.recipes.recipes import RecipeLineInput, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient
from tests.factories.planning import make_item

RUNNER = CliRunner(env={"COLUMNS": "160"})


def _refused(*args: str) -> tuple[int, str]:
    """The exit code and message ``main`` gives for a domain error."""
    result = RUNNER.invoke(app, list(args))
    assert isinstance(result.exception, BakehouseError), result.output
    return result.exception.exit_code, result.exception.message


def _scones(engine: Engine) -> None:
    with transaction(make_session_factory(engine)) as session:
        flour = make_ingredient(
            session, name="All-purpose flour", measure=Measure.MASS, density=Decimal("0.5")
        )
        make_ingredient(session, name="Butter", measure=Measure.MASS, density=Decimal("0.96"))
        make_ingredient(session, name="Baking powder", measure=Measure.MASS, density=Decimal("0.9"))
        scones = create_recipe(
            session, name="Scones", lines=[RecipeLineInput(flour.id, Decimal("1.5"), "cup")]
        )
        make_item(session, scones, name="Scone", items_per_batch=8)


def test_the_card_for_three_batches(cli_engine: Engine) -> None:
    _scones(cli_engine)
    shown = RUNNER.invoke(app, ["recipe", "card", "scones", "--batches", "3"])
    assert shown.exit_code == 0, shown.output
    assert "Scones × 3" in shown.output
    assert "4 ½" in shown.output
    as_json = json.loads(RUNNER.invoke(app, ["recipe", "card", "scones", "--json"]).output)
    assert as_json["lines"][0]["quantity"] == "1.5"
    code, message = _refused("recipe", "card", "scones", "--batches", "1-2")
    assert (code, message) == (2, "batches looks like a range (1-2); give one number, e.g. 12")


def test_paste_shows_the_review_and_saves_only_certain_lines(
    cli_engine: Engine, tmp_path: Path
) -> None:
    _scones(cli_engine)
    unsure = tmp_path / "unsure.txt"
    unsure.write_text("1 cup all-purpose flour\n½ cup peanut butter\n", encoding="utf-8")
    review = RUNNER.invoke(app, ["recipe", "paste", "scones", str(unsure)])
    assert review.exit_code == 0, review.output
    assert "confirm: close to Butter" in review.output
    code, message = _refused("recipe", "paste", "scones", str(unsure), "--save")
    assert code == 2
    assert message.startswith("line 2 (½ cup peanut butter) is not an exact match")
    certain = tmp_path / "certain.txt"
    certain.write_text("2 1/4 cups all-purpose flour, sifted\n1 tsp baking powder\n", "utf-8")
    saved = RUNNER.invoke(app, ["recipe", "paste", "scones", str(certain), "--save"])
    assert saved.exit_code == 0, saved.output
    assert "Added 2 lines to Scones." in saved.output
    with transaction(make_session_factory(cli_engine)) as session:
        recipe = session.scalars(select(Recipe).where(Recipe.name == "Scones")).one()
        assert [(line.quantity, line.unit, line.note) for line in recipe.lines] == [
            (Decimal("1.5"), "cup", ""),
            (Decimal("2.25"), "cup", "sifted"),
            (Decimal("1"), "tsp", ""),
        ]
