"""One limit, one message: a value over a limit of ``domain.inputs`` is refused with the
same words by the service, the API, the page form and the command line (SQLite and
PostgreSQL), and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from typer.testing import CliRunner

from bakehouse.cli import context as cli_context
from bakehouse.cli.app import app as cli_app
from bakehouse.errors import BakehouseError, InvalidInput
from bakehouse.models import Base, Ingredient, Item, Lot, ProductionRecord
from bakehouse.services.catalog.ingredients import create_ingredient
from bakehouse.services.pantry.stock import record_purchase
from bakehouse.services.production.bakes import record_production
from bakehouse.services.recipes.recipes import create_item
from tests.factories.catalog import make_product
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.page_text import page_text


@dataclass
class Doors:
    """The four ways in, on one database holding the cookie season and a flour sack."""

    db: Session
    client: TestClient
    cli: CliRunner
    season: CookieSeason
    sack: int

    def service(self, call: Callable[[Session], object], field: str) -> str:
        with pytest.raises(InvalidInput) as refused, self.db.begin_nested():
            call(self.db)
        assert refused.value.field == field
        return refused.value.message.removeprefix(f"{field} ")

    def api(self, path: str, body: dict[str, Any], field: str) -> str:
        response = self.client.post(path, json=body)
        assert response.status_code == 422, response.text
        error = response.json()["error"]
        assert (error["code"], error["field"]) == ("invalid_input", field)
        return str(error["message"]).removeprefix(f"{field}: ")

    def form(self, path: str, form: dict[str, Any], phrase: str) -> str:
        response = self.client.post(path, data=form, follow_redirects=False)
        assert response.status_code == 422, response.status_code
        assert phrase in page_text(response.text)
        return phrase

    def command(self, *args: str, option: str) -> str:
        result = self.cli.invoke(cli_app, list(args))
        assert isinstance(result.exception, BakehouseError), result.output
        return result.exception.message.removeprefix(f"{option} ")


@pytest.fixture
def doors(app: FastAPI, client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch) -> Doors:
    season = make_cookie_season(db)
    sack = make_product(db, season.flour, name="Sack", slug="flour-sack").id
    db.commit()
    engine: Engine = app.state.engine
    # The command line opens this same test database (and PostgreSQL schema).
    monkeypatch.setattr(cli_context, "_engine_for", lambda _url: engine)
    return Doors(db, client, CliRunner(), season, sack)


def rows(db: Session, model: type[Base]) -> int:
    db.expire_all()
    return int(db.scalar(select(func.count()).select_from(model)) or 0)


def test_too_many_batches_get_the_same_answer_at_every_door(doors: Doors) -> None:
    season, too_many = doors.season, 100_001
    bake = {"event_id": season.event.id, "recipe_id": season.recipe.id}

    answers = {
        doors.service(lambda s: record_production(s, **bake, batches=too_many), field="batches"),
        doors.api("/api/bakes", bake | {"batches": too_many}, field="batches"),
        doors.form(
            f"/events/{season.event.id}/bakes",
            {"recipe_id": season.recipe.id, "batches": "100,001"},
            "must be at most 100,000",
        ),
        doors.command(
            "produce", "christmas-2024", "test-cookies", "--batches", "100001", option="batches"
        ),
    }

    assert answers == {"must be at most 100,000"}
    assert rows(doors.db, ProductionRecord) == 0


def test_a_price_over_the_largest_amount_gets_the_same_answer_at_every_door(
    doors: Doors,
) -> None:
    huge = "1000000001"
    purchase = {"product_id": doors.sack, "purchased_on": "2024-11-01", "packages": "1"}
    lots_before = rows(doors.db, Lot)

    answers = {
        doors.service(
            lambda s: record_purchase(
                s, **purchase | {"purchased_on": date(2024, 11, 1)}, total_price=huge
            ),
            field="total_price",
        ),
        doors.api("/api/purchases", purchase | {"total_price": huge}, field="total_price"),
        doors.form(
            "/pantry/purchases",
            purchase | {"total_price": "$1,000,000,001"},
            "is too large (at most 1,000,000,000)",
        ),
        doors.command(
            "pantry", "purchase", "flour-sack", "--date", "2024-11-01", "--price", huge,
            option="price",
        ),
    }  # fmt: skip

    assert answers == {"is too large (at most 1,000,000,000)"}
    assert rows(doors.db, Lot) == lots_before


def test_a_density_over_the_limit_gets_the_same_answer_at_every_door(doors: Doors) -> None:
    butter = {"name": "Butter", "measure": "mass"}
    ingredients_before = rows(doors.db, Ingredient)

    answers = {
        doors.service(lambda s: create_ingredient(s, **butter, density="101"), field="density"),
        doors.api("/api/ingredients", butter | {"density": "101"}, field="density"),
        doors.form(
            "/catalog/ingredients", butter | {"density": "101"}, "is too large (at most 100)"
        ),
        doors.command(
            "catalog", "add-ingredient", "Butter", "--measure", "mass", "--density", "101",
            option="density",
        ),
    }  # fmt: skip

    assert answers == {"is too large (at most 100)"}
    assert rows(doors.db, Ingredient) == ingredients_before


def test_too_many_items_per_batch_get_the_same_answer_at_every_door(doors: Doors) -> None:
    recipe = doors.season.recipe.id
    cookie = {"name": "Tiny cookie", "items_per_batch": 100_001}

    answers = {
        doors.service(
            lambda s: create_item(s, recipe_id=recipe, **cookie), field="items_per_batch"
        ),
        doors.api("/api/items", cookie | {"recipe_id": recipe}, field="items_per_batch"),
        doors.form(
            f"/recipes/{recipe}/items",
            cookie | {"items_per_batch": "100,001"},
            "must be at most 100,000",
        ),
    }

    assert answers == {"must be at most 100,000"}
    assert rows(doors.db, Item) == 1
