"""The outcomes API (docs/product.md §6.13): good items with a bake, late losses, moves,
write-offs and the event's outcomes, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput, create_recipe
from tests.factories.planning import make_event
from tests.services.test_outcomes import Kitchen, make_kitchen
from tests.web.error_shape import assert_error


@pytest.fixture
def kitchen(db: Session) -> Kitchen:
    made = make_kitchen(db)
    db.commit()
    return made


def bake(client: TestClient, kitchen: Kitchen, **extra: Any) -> Any:
    body = {"event_id": kitchen.event.id, "recipe_id": kitchen.recipe.id, "batches": 2}
    return client.post("/api/bakes", json=body | extra)


def test_a_bake_with_40_good_of_48_answers_its_items_and_progress_counts_them(
    client: TestClient, kitchen: Kitchen
) -> None:
    response = bake(client, kitchen, good=[{"item_id": kitchen.cookie.id, "good": 40}],
                    loss_reason="burnt")  # fmt: skip
    assert response.status_code == 201, response.text
    [item] = response.json()["items"]
    assert (item["expected"], item["good"], item["lost"], item["lost_cost"]) == (
        48, 40, 8, "1.6667",
    )  # fmt: skip

    [recipe] = client.get(f"/api/events/{kitchen.event.id}/progress").json()["recipes"]
    assert (recipe["is_complete"], recipe["batches_still_to_bake"]) == (False, 1)
    assert recipe["items"][0]["items_made"] == 40
    [row] = client.get(f"/api/events/{kitchen.event.id}/costs").json()["rows"]
    assert row["losses"] == [{"reason": "burnt", "items": 8, "cost": "1.6667"}]


def test_negative_good_items_are_a_422_naming_the_field(
    client: TestClient, kitchen: Kitchen
) -> None:
    response = bake(client, kitchen, good=[{"item_id": kitchen.cookie.id, "good": -1}],
                    loss_reason="burnt")  # fmt: skip
    assert response.status_code == 422


def test_too_many_good_items_are_refused_in_words(client: TestClient, kitchen: Kitchen) -> None:
    response = bake(client, kitchen, good=[{"item_id": kitchen.cookie.id, "good": 481}],
                    loss_reason="burnt")  # fmt: skip
    assert_error(response, 422, "invalid_input", field="good")
    assert "more than 10 times" in response.json()["error"]["message"]


def test_losses_moves_and_write_offs_through_the_api(
    client: TestClient, kitchen: Kitchen, db: Session
) -> None:
    baked = bake(client, kitchen).json()
    christmas = make_event(db, name="Christmas")
    db.commit()
    event = kitchen.event.id

    body = {"item_id": kitchen.cookie.id, "quantity": 3, "reason": "broken"}
    loss = client.post(f"/api/events/{event}/losses", json=body)
    assert loss.status_code == 201, loss.text
    assert [o["cost"] for o in loss.json()] == ["0.625"]
    move = client.post(f"/api/events/{event}/moves",
                       json={"to_event_id": christmas.id, "item_id": kitchen.cookie.id,
                             "quantity": 12})  # fmt: skip
    assert move.status_code == 201, move.text
    [moved] = move.json()
    assert moved["cost"] == "2.5"
    assert moved["bake_produced_at"] == baked["record"]["produced_at"]
    too_many = client.post(f"/api/events/{event}/moves",
                           json={"to_event_id": christmas.id, "item_id": kitchen.cookie.id,
                                 "quantity": 40})  # fmt: skip
    assert_error(too_many, 422, "invalid_input", field="quantity")
    outcomes = client.get(f"/api/events/{event}/outcomes").json()["items"]
    assert [o["kind"] for o in outcomes] == ["loss", "move"]

    refused = client.post(f"/api/bakes/{baked['record']['id']}/write-off", json={})
    assert_error(refused, 409, "conflict")


def test_a_write_off_answers_its_losses(client: TestClient, kitchen: Kitchen) -> None:
    baked = bake(client, kitchen).json()
    response = client.post(f"/api/bakes/{baked['record']['id']}/write-off",
                           json={"note": "oven failed"})  # fmt: skip
    assert response.status_code == 200, response.text
    assert [(o["reason"], o["quantity"], o["cost"]) for o in response.json()] == [
        ("ruined", 48, "10")
    ]


def test_a_sub_recipe_bake_takes_no_good_items_and_is_not_written_off(
    client: TestClient, db: Session, kitchen: Kitchen
) -> None:
    # A sub-recipe makes prepared stock, not items (docs/product.md §6.12, §6.13).
    glaze = create_recipe(
        db,
        name="Glaze",
        lines=[RecipeLineInput(kitchen.flour.id, Decimal(100), "g")],
        batch_yield=YieldInput("4", "cup"),
    )
    sub_line = RecipeLineInput(None, Decimal("0.5"), "cup", sub_recipe_id=glaze.id)
    create_recipe(db, name="Glazed cookies", lines=[sub_line])
    db.commit()
    body = {"event_id": None, "recipe_id": glaze.id, "batches": 1}

    refused = client.post("/api/bakes", json=body | {"loss_reason": "burnt"})
    assert_error(refused, 422, "invalid_input", field="reason")
    assert "makes prepared stock, not items" in refused.json()["error"]["message"]
    made = client.post("/api/bakes", json=body)
    assert made.status_code == 201, made.text
    assert made.json()["items"] == []
    bake_id = made.json()["record"]["id"]
    written_off = client.post(f"/api/bakes/{bake_id}/write-off", json={})
    assert written_off.status_code == 409
    assert "prepared stock of a sub-recipe" in written_off.json()["error"]["message"]
