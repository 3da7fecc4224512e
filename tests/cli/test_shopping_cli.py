"""``bakehouse catalog set-price``, ``bakehouse tick``, ``bakehouse bought`` and
``bakehouse aisles`` (docs/product.md §6.17)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import Engine, func, select
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import InvalidInput
from bakehouse.models import Purchase
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)

runner = CliRunner()


def arrange(engine: Engine) -> None:
    """Two batches of 1500 g flour and 450 g butter for the Fair, in ten days."""
    with transaction(make_session_factory(engine)) as session:
        flour = make_ingredient(session, name="Flour", slug="flour", category="baking")
        butter = make_ingredient(session, name="Butter", slug="butter", category="dairy")
        make_product(session, flour, name="Flour bag", slug="acme-flour-bag-2000-g",
                     package_size=Decimal(2000), is_preferred=True)  # fmt: skip
        make_product(session, butter, name="Butter block", slug="acme-butter-block-500-g",
                     package_size=Decimal(500))  # fmt: skip
        recipe = make_recipe(session, name="Shortbread",
                             lines=[(flour, "1500", "g"), (butter, "450", "g")])  # fmt: skip
        finger = make_item(session, recipe, name="Finger", items_per_batch=10)
        tin = make_package(session, name="Tin", contents=[(10, finger)])
        event = make_event(session, name="Fair", slug="fair",
                           event_date=date.today() + timedelta(days=10))  # fmt: skip
        make_assignment(session, event, make_recipient(session), tin, quantity=2)


def test_a_list_price_makes_the_list_an_estimate_and_the_ticks_are_bought(
    cli_engine: Engine,
) -> None:
    arrange(cli_engine)
    before = runner.invoke(app, ["shopping-list", "fair"])
    assert "No price known, so not in the total: Butter, Flour" in before.output
    priced = runner.invoke(
        app, ["catalog", "set-price", "acme-flour-bag-2000-g", "3.50", "--store", "Market"]
    )
    assert priced.exit_code == 0, priced.output
    assert "Acme Flour bag (2000 g): list price 3.5 a package, seen" in priced.output
    assert "at Market" in priced.output
    runner.invoke(app, ["catalog", "set-price", "acme-butter-block-500-g", "$4.25"])
    listed = json.loads(runner.invoke(app, ["shopping-list", "fair", "--json"]).output)
    assert (listed["estimated_total"], listed["estimated"]) == ("15.5", ["Butter", "Flour"])
    table = runner.invoke(app, ["shopping-list", "fair"]).output
    assert "Estimated from list prices: Butter, Flour" in table

    ticked = runner.invoke(app, ["tick", "flour", "Butter", "--event", "fair"])
    assert ticked.exit_code == 0, ticked.output
    assert "Ticked on event:" in ticked.output
    bought = runner.invoke(app, ["bought", "--event", "fair", "--store", "Market", "--json"])
    assert bought.exit_code == 0, bought.output
    rows = json.loads(bought.output)
    assert sorted(r["total_price"] for r in rows) == ["7", "8.5"]
    again = runner.invoke(app, ["bought", "--event", "fair"])
    assert isinstance(again.exception, InvalidInput)  # nothing ticked: nothing recorded
    with transaction(make_session_factory(cli_engine)) as session:
        assert session.scalar(select(func.count()).select_from(Purchase)) == 2
    after = json.loads(runner.invoke(app, ["shopping-list", "fair", "--json"]).output)
    assert after["estimated"] == []


def test_clearing_a_price_unticking_and_the_aisles(cli_engine: Engine) -> None:
    arrange(cli_engine)
    runner.invoke(app, ["catalog", "set-price", "acme-flour-bag-2000-g", "3.50"])
    cleared = runner.invoke(
        app, ["catalog", "set-price", "acme-flour-bag-2000-g", "none", "--json"]
    )
    assert cleared.exit_code == 0, (cleared.output, cleared.exception)
    assert json.loads(cleared.output)["list_price"] is None
    runner.invoke(app, ["tick", "flour"])
    unticked = runner.invoke(app, ["tick", "flour", "--untick", "--json"])
    assert json.loads(unticked.output)[0]["ticked"] is False
    assert "No aisle order" in runner.invoke(app, ["aisles"]).output
    shown = runner.invoke(app, ["aisles", "Dairy", "baking"])
    assert "Aisles: dairy → baking" in shown.output
    assert json.loads(runner.invoke(app, ["aisles", "--json"]).output) == {
        "aisles": ["dairy", "baking"]
    }
