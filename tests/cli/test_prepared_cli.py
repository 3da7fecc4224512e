"""``bakehouse prepare``, ``pantry prepared`` and ``produce --make-missing``: sub-recipes
made ahead as prepared stock (docs/product.md §6.12), on both backends."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import make_event, make_item


def test_prepare_then_bake_with_what_is_missing_made_now(cli_engine: Engine) -> None:
    factory = make_session_factory(cli_engine)
    with transaction(factory) as session:
        butter = make_ingredient(session, name="Butter", measure=Measure.MASS)
        make_lot(session, butter, quantity="4000", cost="60.00", received_on=date(2026, 11, 1))
        cream = create_recipe(
            session,
            name="Buttercream",
            lines=[RecipeLineInput(butter.id, Decimal(400), "g")],
            batch_yield=YieldInput("4", "cup", shelf_life_days=5),
        )
        cookie = create_recipe(
            session,
            name="Cookie",
            lines=[RecipeLineInput(None, Decimal("0.5"), "cup", sub_recipe_id=cream.id)],
        )
        make_item(session, cookie, name="Frosted cookie", items_per_batch=12)
        make_event(session, name="Christmas")
    runner = CliRunner(env={"COLUMNS": "160"})

    made = runner.invoke(app, ["prepare", "buttercream", "-b", "1"])
    assert made.exit_code == 0, made.output
    assert "Made 1 batch of Buttercream: $6.00" in made.stdout
    listed = runner.invoke(app, ["pantry", "prepared", "--json"])
    assert [(p["recipe"], p["quantity_remaining"]) for p in json.loads(listed.stdout)] == [
        ("Buttercream", "4")
    ]

    short = runner.invoke(app, ["produce", "christmas", "cookie", "-b", "10"])
    assert short.exit_code != 0
    assert "--make-missing" in " ".join(short.output.split())
    done = runner.invoke(
        app, ["produce", "christmas", "cookie", "-b", "10", "--make-missing", "--over-plan"]
    )
    assert done.exit_code == 0, done.output
    assert "Recorded 10 batches of Cookie: $7.50" in done.stdout
    progress = runner.invoke(app, ["event", "progress", "christmas"])
    assert "Buttercream (sub-recipe)" in progress.stdout
