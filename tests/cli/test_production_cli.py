"""The production commands print what the services return, as the API's read models."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.domain.seasons import ALL
from bakehouse.errors import InvalidStatusTransition, NotFound
from bakehouse.schemas.base import to_json
from bakehouse.schemas.production import (
    DashboardSummaryRead,
    ProductionEntryRead,
    ProductionProgressRead,
    RecipeCostBreakdownRead,
)
from bakehouse.services.production.bakes import list_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from tests.factories.catalog import make_ingredient
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.factories.season import make_cookie_season


@dataclass
class Bakery:
    factory: sessionmaker[Session]
    event_id: int
    runner: CliRunner

    def run(self, *args: str) -> Any:
        return self.runner.invoke(app, list(args))

    def json(self, *args: str) -> Any:
        result = self.run(*args, "--json")
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)


@pytest.fixture
def bakery(cli_engine: Engine) -> Bakery:
    factory = make_session_factory(cli_engine)
    with transaction(factory) as session:
        event_id = make_cookie_season(session).event.id
    return Bakery(factory, event_id, CliRunner(env={"COLUMNS": "160"}))


def test_produce_prints_the_bake_as_json(bakery: Bakery) -> None:
    data = bakery.json("produce", "christmas-2024", "Test Cookies", "--batches", "3", "--yes")

    assert data["actual_cost"] == "3.5"
    assert data["record"]["batches"] == 3
    assert [d["ingredient"] for d in data["draws"]] == ["Flour", "Sugar"]
    assert data["over_plan"] is True
    with transaction(bakery.factory) as session:
        [entry] = list_production(session, bakery.event_id)
        assert data["record"] == to_json(ProductionEntryRead.model_validate(entry))


def test_produce_says_what_it_cost_and_warns_over_plan(bakery: Bakery) -> None:
    result = bakery.run(
        "produce", "Christmas 2024", "test-cookies", "--batches", "2", "--over-plan"
    )

    assert result.exit_code == 0, result.output
    assert "Recorded 2 batches of Test Cookies: $2.20 (bake " in result.stdout
    assert "1 more than the 1 the plan requires" in " ".join(result.stderr.split())


def test_produce_over_plan_without_a_flag_says_what_to_confirm_and_records_nothing(
    bakery: Bakery,
) -> None:
    result = bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "2")

    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert "error: nothing recorded: this bake needs confirming" in said
    assert (
        "--over-plan: 2 batches of Test Cookies would then be made for Christmas 2024, "
        "1 more than the 1 the plan requires"
    ) in said
    assert "Run it again with --over-plan (or --yes to confirm all)." in said
    assert bakery.json("event", "progress", "christmas-2024")["costs"]["actual_total"] == "0"
    with transaction(bakery.factory) as session:
        assert list_production(session, bakery.event_id) == ()


@pytest.mark.parametrize("flag", ["--over-plan", "--yes", "-y"])
def test_produce_over_plan_with_its_flag_or_yes_records_it(bakery: Bakery, flag: str) -> None:
    data = bakery.json("produce", "christmas-2024", "test-cookies", "--batches", "2", flag)

    assert (data["over_plan"], data["record"]["batches"]) == (True, 2)


def test_produce_within_the_plan_needs_no_flag(bakery: Bakery) -> None:
    assert (
        bakery.json("produce", "christmas-2024", "test-cookies", "--batches", "1")["warnings"] == []
    )


def test_a_short_bake_asks_to_cover_the_shortage_and_records_nothing(bakery: Bakery) -> None:
    result = bakery.run(
        "produce", "christmas-2024", "test-cookies", "--batches", "100", "--over-plan"
    )

    assert result.exit_code == 4
    said = " ".join(result.stderr.split())
    assert "--cover-shortage: not enough in the pantry (Flour needs" in said
    assert "Run it again with --cover-shortage (or --yes to confirm all)." in said
    assert bakery.json("event", "progress", "christmas-2024")["costs"]["actual_total"] == "0"


def test_a_short_bake_with_cover_shortage_books_unrecorded_stock(bakery: Bakery) -> None:
    data = bakery.json(
        "produce", "christmas-2024", "test-cookies", "--batches", "8", "--over-plan",
        "--cover-shortage",
    )  # fmt: skip

    [booked] = data["unrecorded"]
    assert (booked["ingredient"], data["cost_incomplete"]) == ("Flour", False)
    lots = bakery.json("pantry", "lots", "--ingredient", "flour", "--all")
    assert [lot["origin"] for lot in lots] == ["opening", "opening", "unrecorded"]


def test_event_progress_json_is_the_service_result(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")

    data = bakery.json("event", "progress", "christmas-2024")

    with transaction(bakery.factory) as session:
        progress = get_production_progress(session, bakery.event_id)
        assert data == to_json(ProductionProgressRead.model_validate(progress))
    assert data["recipes"][0]["is_complete"] is True


def test_event_costs_json_is_the_service_result(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")

    data = bakery.json("event", "costs", str(bakery.event_id))

    with transaction(bakery.factory) as session:
        breakdown = get_recipe_cost_breakdown(session, bakery.event_id)
        assert data == to_json(RecipeCostBreakdownRead.model_validate(breakdown))
    assert data["rows"][0]["variance_percent"] == "-26.67"


def test_dashboard_json_is_the_service_result(bakery: Bakery) -> None:
    data = bakery.json("dashboard", "--season", "all")

    with transaction(bakery.factory) as session:
        summary = get_dashboard_summary(session, scope=ALL)
        assert data == to_json(DashboardSummaryRead.model_validate(summary))


def test_status_moves_a_package_along_and_delivery_keeps_the_note(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")

    assembled = bakery.json("status", "christmas-2024", "alice", "cookie-box", "assembled")
    delivered = bakery.json(
        "status",
        "christmas-2024",
        "Alice",
        "Cookie box",
        "delivered",
        "--note",
        "Left with neighbour",
    )

    assert assembled["status"] == "assembled"
    assert delivered["status"] == "delivered"
    assert delivered["delivery_note"] == "Left with neighbour"
    assert bakery.json("dashboard", "--hide-completed")["rows"] == []


def test_status_refuses_a_skipped_step(bakery: Bakery) -> None:
    result = bakery.run("status", "christmas-2024", "alice", "cookie-box", "delivered")

    assert isinstance(result.exception, InvalidStatusTransition)


def test_status_of_a_package_nobody_gets_is_not_found(bakery: Bakery) -> None:
    result = bakery.run("status", "christmas-2024", "nobody", "cookie-box", "assembled")

    assert isinstance(result.exception, NotFound)


def test_reverse_undoes_a_bake(bakery: Bakery) -> None:
    baked = bakery.json("produce", "christmas-2024", "test-cookies", "--batches", "1")
    bake_id = baked["record"]["id"]

    result = bakery.run("reverse", str(bake_id), "--reason", "burnt")

    assert result.exit_code == 0
    assert f"Reversed bake {bake_id}" in result.stdout
    assert bakery.json("event", "progress", "christmas-2024")["recipes"][0]["batches_produced"] == 0


def test_tables_and_csv_are_printed(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")

    table = bakery.run("event", "costs", "christmas-2024")
    csv_rows = bakery.run("event", "progress", "christmas-2024", "--csv")
    dashboard = bakery.run("dashboard", "--season", "all")

    assert "Costs: Christmas 2024" in table.stdout
    assert (
        "Total: $1.10 actual + $0.00 still to bake = $1.10 forecast; $1.50 planned; "
        "variance −$0.40 (-26.67 %) final"
    ) in table.stdout
    assert csv_rows.stdout.splitlines()[1] == "Test Cookies,1,1,,yes,1.10,1.50,0,24,12"
    assert "Christmas 2024" in dashboard.stdout


def test_event_progress_table_shows_packages_and_costs(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")

    status = bakery.run("status", "christmas-2024", "alice", "cookie-box", "assembled")
    table = bakery.run("event", "progress", "christmas-2024")

    assert "cookie-box for alice: assembled" in status.stdout
    assert "Packages: 0 pending, 1 assembled, 0 delivered of 1 — in progress" in table.stdout
    assert "Cost: $1.10 actual, $1.50 planned" in table.stdout


def test_an_unpriced_plan_is_marked_in_every_table(bakery: Bakery) -> None:
    with transaction(bakery.factory) as session:
        saffron = make_ingredient(session, name="Saffron")
        buns = make_recipe(session, name="Saffron buns", lines=[(saffron, "1", "g")])
        package = make_package(session, contents=[(12, make_item(session, buns))])
        event = make_event(session, name="Lucia")
        make_assignment(session, event, make_recipient(session), package)

    dashboard = bakery.run("dashboard")
    costs = bakery.run("event", "costs", "lucia")
    progress = bakery.run("event", "progress", "lucia")

    assert "0.00*" in dashboard.stdout
    assert "never bought" in dashboard.stdout
    assert "never bought" in costs.stdout
    assert "0.00* planned" in progress.stdout


def test_an_event_without_packages_says_so(bakery: Bakery) -> None:
    with transaction(bakery.factory) as session:
        make_event(session, name="Quiet year")

    table = bakery.run("event", "progress", "quiet-year")

    assert "no packages planned" in table.stdout


def test_correct_status_goes_back_with_a_reason(bakery: Bakery) -> None:
    bakery.run("produce", "christmas-2024", "test-cookies", "--batches", "1")
    bakery.run("status", "christmas-2024", "alice", "cookie-box", "assembled")

    corrected = bakery.json(
        "correct-status", "christmas-2024", "alice", "cookie-box", "pending",
        "--reason", "assembled the wrong box",
    )  # fmt: skip

    assert corrected["status"] == "pending"
    assert corrected["assembled_at"] is None
    assert corrected["event_id"] == bakery.event_id
