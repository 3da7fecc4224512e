"""``--json`` on the command line prints what the API answers: the same read models, the
same field names, the same decimals ("1.1", never "1.1000"), on each backend."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine
from typer.testing import CliRunner

from bakehouse.cli.app import app
from bakehouse.config import Settings
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.domain.progress import EventState
from bakehouse.web import create_app
from tests.cli.conftest import database_url
from tests.factories.catalog import make_product
from tests.factories.season import make_cookie_season
from tests.web.conftest import local_client


@dataclass
class Doors:
    """The command line and the API on one database: the cookie season, one bake made."""

    api: TestClient
    runner: CliRunner
    event_id: int
    flour_id: int
    bake: dict[str, Any]

    def cli(self, *args: str) -> Any:
        result = self.runner.invoke(app, [*args, "--json"])
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    def get(self, path: str) -> Any:
        answer = self.api.get("/api" + path.format(event=self.event_id, flour=self.flour_id))
        assert answer.status_code == 200, answer.text
        return answer.json()


@pytest.fixture
def doors(cli_engine: Engine) -> Iterator[Doors]:
    with transaction(make_session_factory(cli_engine)) as session:
        season = make_cookie_season(session)
        make_product(session, season.flour, name="Sack", package_size="5", package_unit="cup")
        event_id, flour_id = season.event.id, season.flour.id
    settings = Settings(database_url=database_url(cli_engine), allowed_hosts=("testserver",))
    web = create_app(settings)
    runner = CliRunner()
    try:
        with local_client(web) as api:
            doors = Doors(api, runner, event_id, flour_id, {})
            doors.bake = doors.cli("produce", "christmas-2024", "test-cookies", "--batches", "1")
            yield doors
    finally:
        web.state.engine.dispose()


def test_a_bake_is_printed_as_the_api_lists_it(doors: Doors) -> None:
    [listed] = doors.get("/events/{event}/bakes")["items"]

    assert doors.bake["record"] == listed
    assert (listed["actual_cost"], doors.bake["actual_cost"]) == ("1.1", "1.1")
    assert "id" in listed
    assert "record_id" not in listed


def test_a_bake_has_the_fields_and_number_spelling_of_the_api_answer(doors: Doors) -> None:
    body = {"event_id": doors.event_id, "recipe_id": doors.bake["record"]["recipe_id"]}

    answered = doors.api.post(
        "/api/bakes", json=body | {"batches": 1, "confirm": ["over_plan"]}
    ).json()

    assert shape(answered) == shape(doors.bake)
    assert shape(answered["draws"][0]) == shape(doors.bake["draws"][0])
    assert answered["draws"][0]["quantity"] == doors.bake["draws"][0]["quantity"] == "473.176"


@pytest.mark.parametrize(
    ("command", "path", "items"),
    [
        (["catalog", "ingredients"], "/ingredients", True),
        (["catalog", "products"], "/products", True),
        (["pantry", "lots", "--all"], "/lots?include_empty=true", True),
        (["pantry", "on-hand"], "/on-hand", True),
        (["event", "list"], "/events", True),
        (["event", "needs", "christmas-2024"], "/events/{event}/needs", False),
        (["shopping-list", "christmas-2024"], "/shopping-list?event={event}", False),
        (["event", "progress", "christmas-2024"], "/events/{event}/progress", False),
        (["event", "costs", "christmas-2024"], "/events/{event}/costs", False),
        (["pantry", "prices"], "/prices", False),
        (["pantry", "prices", "--ingredient", "flour"], "/prices?ingredient=flour", False),
        (
            ["season", "compare", "christmas-2024", "christmas-2024", "--events"],
            "/compare?kind=event&before=christmas-2024&after=christmas-2024",
            False,
        ),
    ],
)
def test_a_report_on_the_command_line_is_the_api_answer(
    doors: Doors, command: list[str], path: str, items: bool
) -> None:
    answer = doors.get(path)

    assert doors.cli(*command) == (answer["items"] if items else answer)


def test_the_dashboard_rows_and_totals_are_the_api_page_and_totals(doors: Doors) -> None:
    printed = doors.cli("dashboard", "--season", "all")
    answer = doors.get("/dashboard?season=all")

    assert printed["rows"] == answer["items"]
    assert printed["totals"] == answer["totals"]
    assert printed["scope"] == answer["scope"] == "all events"
    assert printed["totals"]["actual_cost"] == "1.1"


def test_one_ingredient_added_is_printed_as_the_api_gets_it(doors: Doors) -> None:
    added = doors.cli(
        "catalog", "add-ingredient", "Brown sugar", "--measure", "mass", "--density", "0.90"
    )

    assert added == doors.get(f"/ingredients/{added['id']}")
    assert added["density"] == "0.9"


def test_a_lot_entered_on_the_command_line_is_printed_as_the_api_lists_it(doors: Doors) -> None:
    opened = doors.cli(
        "pantry", "opening-stock", "flour", "--quantity", "2.5", "--unit", "cup", "--cost", "1.10"
    )

    listed = {lot["lot_id"]: lot for lot in doors.get("/lots?ingredient_id={flour}")["items"]}
    assert opened == listed[opened["lot_id"]]
    assert (opened["cost"], opened["initial_quantity"]) == ("1.1", "591.47")


def shape(value: Any) -> Any:
    """The field names of ``value`` all the way down (lists not entered), with leaf types."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return "list"
    return type(value).__name__


def test_the_event_state_is_one_value_and_one_label_at_every_door(doors: Doors) -> None:
    """docs/product.md §3: the CLI table, the event page and the events list print the
    same label; the API and ``--json`` give the same value."""
    progress = doors.cli("event", "progress", "christmas-2024")
    answered = doors.get("/events/{event}/progress")
    [row] = doors.cli("dashboard", "--season", "all")["rows"]
    state = EventState(progress["state"])

    assert progress["state"] == answered["state"] == row["state"] == "in_progress"
    table = doors.runner.invoke(app, ["event", "progress", "christmas-2024"])
    assert table.stdout.splitlines()[-2].endswith(f"— {state.label}")
    badge = f'<span class="badge badge-info state-in_progress">{state.label}</span>'
    assert badge in doors.api.get(f"/events/{doors.event_id}").text
    assert badge in doors.api.get("/events").text
    assert badge in doors.api.get("/?season=all").text


def test_a_recipients_gifts_are_printed_as_the_api_answers(doors: Doors) -> None:
    recipient = doors.get("/recipients")["items"][0]
    printed = doors.cli("recipient", "gifts", str(recipient["id"]))
    assert printed == doors.get(f"/recipients/{recipient['id']}/gifts")
    assert printed[0]["gifts"][0]["event"] == "Christmas 2024"
