"""``bakehouse produce --good``, ``loss``, ``move`` and ``write-off`` (docs/product.md
§6.13), on both backends."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.errors import InvalidInput
from tests.factories.planning import make_event
from tests.services.test_outcomes import make_kitchen


@pytest.fixture
def runner(cli_engine: Engine) -> CliRunner:
    factory = make_session_factory(cli_engine)
    with transaction(factory) as session:
        make_kitchen(session)
        make_event(session, name="Christmas")
    return CliRunner(env={"COLUMNS": "160"})


def run(runner: CliRunner, *args: str) -> Any:
    return runner.invoke(app, list(args))


def as_json(runner: CliRunner, *args: str) -> Any:
    result = run(runner, *args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_produce_with_fewer_good_items_records_the_loss(runner: CliRunner) -> None:
    result = run(runner, "produce", "cookie-swap", "cookies", "--batches", "2",
                 "--good", "cookie=40", "--loss-reason", "burnt")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "40 good Cookie of 48: 8 lost ($1.67)" in result.stdout

    progress = as_json(runner, "event", "progress", "cookie-swap")
    [recipe] = progress["recipes"]
    assert (recipe["batches_still_to_bake"], recipe["items"][0]["items_made"]) == (1, 40)
    costs = run(runner, "event", "costs", "cookie-swap")
    assert "1.67 lost to burnt trays (Cookies)" in costs.stdout


def test_a_shortfall_without_a_reason_is_refused_in_one_line(runner: CliRunner) -> None:
    result = run(runner, "produce", "cookie-swap", "cookies", "--batches", "2",
                 "--good", "cookie=40")  # fmt: skip
    assert isinstance(result.exception, InvalidInput)
    assert "say why fewer good items came out" in result.exception.message


def test_loss_move_and_write_off(runner: CliRunner) -> None:
    baked = as_json(runner, "produce", "cookie-swap", "cookies", "--batches", "2")
    [loss] = as_json(runner, "loss", "cookie-swap", "cookie", "3", "--reason", "broken")
    assert (loss["quantity"], loss["cost"]) == (3, "0.625")
    move = run(runner, "move", "cookie-swap", "christmas", "cookie", "12")
    assert move.exit_code == 0, move.output
    assert "Moved 12 Cookie baked" in move.stdout
    assert "2.50" in move.stdout
    too_many = run(runner, "move", "cookie-swap", "christmas", "cookie", "40")
    assert isinstance(too_many.exception, InvalidInput)
    assert "has 33 good Cookie; cannot move 40" in too_many.exception.message

    again = as_json(runner, "produce", "christmas", "cookies", "--batches", "1", "--yes")
    ruined = as_json(runner, "write-off", str(again["record"]["id"]))
    assert [(o["reason"], o["quantity"], o["cost"]) for o in ruined] == [
        ("ruined", 24, again["actual_cost"])
    ]
    assert baked["record"]["id"] != again["record"]["id"]
