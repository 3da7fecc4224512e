"""The recipes API: recipes and their lines, items, cost, bundles and packages."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.error_shape import assert_error


@dataclass(frozen=True)
class Pantry:
    flour: Ingredient
    eggs: Ingredient
    vanilla: Ingredient


@pytest.fixture
def pantry(db: Session) -> Pantry:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS, density=Decimal("0.5"))
    eggs = make_ingredient(db, name="Eggs", measure=Measure.COUNT, allergens=["eggs"])
    vanilla = make_ingredient(db, name="Vanilla", measure=Measure.VOLUME)
    make_lot(db, flour, quantity="1000", cost="2.00")  # $0.002 per g
    make_lot(db, eggs, quantity="12", cost="3.60")  # $0.30 each
    db.commit()
    return Pantry(flour, eggs, vanilla)


def new_recipe(client: TestClient, pantry: Pantry) -> dict[str, object]:
    body = {
        "name": "Sugar cookies",
        "instructions": "Mix, chill, bake.",
        "lines": [
            {"ingredient_id": pantry.flour.id, "quantity": "2", "unit": "cup"},
            {"ingredient_id": pantry.eggs.id, "quantity": 2, "unit": "each", "note": "large"},
        ],
    }
    response = client.post("/api/recipes", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_creates_a_recipe_with_lines_and_reads_it_back(client: TestClient, pantry: Pantry) -> None:
    recipe = new_recipe(client, pantry)
    assert recipe["lines"] == [
        {
            "ingredient_id": pantry.flour.id,
            "ingredient": "Flour",
            "quantity": "2",
            "unit": "cup",
            "note": "",
            "sub_recipe_id": None,
            "sub_recipe": None,
        },
        {
            "ingredient_id": pantry.eggs.id,
            "ingredient": "Eggs",
            "quantity": "2",
            "unit": "each",
            "note": "large",
            "sub_recipe_id": None,
            "sub_recipe": None,
        },
    ]
    assert client.get(f"/api/recipes/{recipe['id']}").json() == recipe
    listed = client.get("/api/recipes").json()
    assert [r["name"] for r in listed["items"]] == ["Sugar cookies"]


def test_a_line_in_a_unit_the_ingredient_cannot_use_names_the_line(
    client: TestClient, pantry: Pantry
) -> None:
    response = client.post(
        "/api/recipes",
        json={
            "name": "Custard",
            "lines": [
                {"ingredient_id": pantry.flour.id, "quantity": "100", "unit": "g"},
                {"ingredient_id": pantry.eggs.id, "quantity": "1", "unit": "cup"},
            ],
        },
    )
    error = assert_error(response, 422, "conversion_not_possible", field="lines[1].unit")
    assert "Eggs" in error["message"]
    assert client.get("/api/recipes").json()["total"] == 0


def test_replaces_lines_and_refuses_bad_ones(client: TestClient, pantry: Pantry) -> None:
    recipe = new_recipe(client, pantry)
    url = f"/api/recipes/{recipe['id']}/lines"
    replaced = client.put(
        url, json={"lines": [{"ingredient_id": pantry.flour.id, "quantity": "250", "unit": "g"}]}
    )
    assert [line["unit"] for line in replaced.json()["lines"]] == ["g"]
    unknown = client.put(
        url, json={"lines": [{"ingredient_id": 999999, "quantity": "1", "unit": "g"}]}
    )
    assert_error(unknown, 422, "invalid_input", field="lines[0].ingredient_id", says="999999")
    zero = client.put(
        url, json={"lines": [{"ingredient_id": pantry.flour.id, "quantity": "0", "unit": "g"}]}
    )
    assert_error(zero, 422, "invalid_input", field="lines.0.quantity")
    bad_unit = client.put(
        url,
        json={"lines": [{"ingredient_id": pantry.flour.id, "quantity": "1", "unit": "handful"}]},
    )
    assert_error(bad_unit, 422, "unknown_unit", field="lines[0].unit", says="handful")
    assert client.get(f"/api/recipes/{recipe['id']}").json()["lines"][0]["quantity"] == "250"


def test_renames_a_recipe_and_refuses_a_taken_name(client: TestClient, pantry: Pantry) -> None:
    recipe = new_recipe(client, pantry)
    client.post("/api/recipes", json={"name": "Shortbread"})
    renamed = client.patch(f"/api/recipes/{recipe['id']}", json={"notes": "family favourite"})
    assert renamed.json()["notes"] == "family favourite"
    assert renamed.json()["instructions"] == "Mix, chill, bake."
    taken = client.patch(f"/api/recipes/{recipe['id']}", json={"name": "shortbread"})
    assert_error(taken, 409, "conflict", field="name")


def test_costs_a_batch_and_an_item_naming_what_is_unpriced(
    client: TestClient, pantry: Pantry
) -> None:
    recipe = new_recipe(client, pantry)
    client.post(
        "/api/items", json={"recipe_id": recipe["id"], "name": "Cookie", "items_per_batch": 24}
    )
    cost = client.get(f"/api/recipes/{recipe['id']}/cost").json()
    # 2 cup of flour at 0.5 g/ml = 236.588 g at $0.002 + 2 eggs at $0.30
    assert cost["per_batch"] == {
        "total": "1.0732",
        "unpriced_ingredient_ids": [],
        "unpriced_ingredients": [],
        "is_complete": True,
        "is_estimate": False,
        "estimated_ingredient_ids": [],
    }
    assert cost["per_item"][0]["cost"]["total"] == "0.0447"
    assert cost["from_pantry"]["is_available"] is True
    client.put(
        f"/api/recipes/{recipe['id']}/lines",
        json={"lines": [{"ingredient_id": pantry.vanilla.id, "quantity": "1", "unit": "tsp"}]},
    )
    unpriced = client.get(f"/api/recipes/{recipe['id']}/cost").json()
    assert unpriced["per_batch"]["unpriced_ingredients"] == ["Vanilla"]
    assert unpriced["lines"][0]["cost"] is None
    assert unpriced["lines"][0]["unpriced"] is True
    assert unpriced["from_pantry"]["shortages"][0]["ingredient"] == "Vanilla"


def test_manages_items_of_a_recipe(client: TestClient, pantry: Pantry) -> None:
    recipe = new_recipe(client, pantry)
    body = {"recipe_id": recipe["id"], "name": "Large cookie", "items_per_batch": 12}
    large = client.post("/api/items", json=body).json()
    client.post("/api/items", json=body | {"name": "Small cookie", "items_per_batch": 36})
    listed = client.get("/api/items", params={"recipe_id": recipe["id"]}).json()
    assert [i["name"] for i in listed["items"]] == ["Large cookie", "Small cookie"]
    changed = client.patch(f"/api/items/{large['id']}", json={"items_per_batch": 10}).json()
    assert changed["items_per_batch"] == 10
    assert client.get(f"/api/items/{large['id']}").json() == changed
    assert client.delete(f"/api/items/{large['id']}").json() == {"kind": "item", "id": large["id"]}
    assert_error(
        client.post("/api/items", json=body | {"items_per_batch": 0}),
        422,
        "invalid_input",
        field="items_per_batch",
    )
    assert_error(
        client.post("/api/items", json=body | {"items_per_batch": "a dozen"}),
        422,
        "invalid_input",
        field="items_per_batch",
    )
    assert_error(client.post("/api/items", json=body | {"recipe_id": 999999}), 404, "not_found")


def test_refuses_to_delete_what_a_package_holds(client: TestClient, db: Session) -> None:
    recipe = make_recipe(db, name="Brownies")
    square = make_item(db, recipe, name="Brownie square")
    make_package(db, name="Gift tin", contents=[(4, square)])
    db.commit()
    assert_error(client.delete(f"/api/items/{square.id}"), 409, "in_use", says="Gift tin")
    assert_error(client.delete(f"/api/recipes/{recipe.id}"), 409, "in_use", says="Gift tin")


def test_builds_nested_bundles_and_refuses_a_loop_with_its_path(
    client: TestClient, db: Session
) -> None:
    cookie = make_item(db, make_recipe(db, name="Cookies"), name="Cookie")
    db.commit()
    tin = client.post(
        "/api/bundles", json={"name": "Tin", "lines": [{"quantity": 6, "item_id": cookie.id}]}
    ).json()
    box = client.post(
        "/api/bundles", json={"name": "Box", "lines": [{"quantity": 2, "bundle_id": tin["id"]}]}
    ).json()
    assert box["lines"] == [
        {"quantity": 2, "item_id": None, "item": None, "bundle_id": tin["id"], "bundle": "Tin"}
    ]
    loop = client.put(
        f"/api/bundles/{tin['id']}/lines", json={"lines": [{"quantity": 1, "bundle_id": box["id"]}]}
    )
    error = assert_error(loop, 422, "cycle", says="Tin → Box → Tin")
    assert error["details"]["path"] == ["Tin", "Box", "Tin"]
    itself = client.put(
        f"/api/bundles/{tin['id']}/lines", json={"lines": [{"quantity": 1, "bundle_id": tin["id"]}]}
    )
    assert_error(itself, 422, "cycle")
    renamed = client.patch(f"/api/bundles/{tin['id']}", json={"name": "Cookie tin"}).json()
    assert renamed["name"] == "Cookie tin"
    assert [b["name"] for b in client.get("/api/bundles").json()["items"]] == ["Box", "Cookie tin"]
    assert_error(client.delete(f"/api/bundles/{tin['id']}"), 409, "in_use", says="Box")
    assert client.delete(f"/api/bundles/{box['id']}").status_code == 200


def test_refuses_content_lines_without_exactly_one_thing(client: TestClient, db: Session) -> None:
    cookie = make_item(db, make_recipe(db))
    tin = make_bundle(db, name="Tin")
    db.commit()
    both = {"quantity": 1, "item_id": cookie.id, "bundle_id": tin.id}
    assert_error(
        client.post("/api/packages", json={"name": "P", "lines": [both]}),
        422,
        "invalid_input",
        says="exactly one",
    )
    neither = {"quantity": 1}
    assert_error(
        client.post("/api/bundles", json={"name": "B", "lines": [neither]}),
        422,
        "invalid_input",
        says="exactly one",
    )
    missing = {"quantity": 1, "item_id": 999999}
    assert_error(
        client.post("/api/packages", json={"name": "P", "lines": [missing]}),
        422,
        "invalid_input",
        field="lines[0].item_id",
    )
    assert_error(
        client.post(
            "/api/packages", json={"name": "P", "lines": [{"quantity": -1, "item_id": cookie.id}]}
        ),
        422,
        "invalid_input",
        field="lines.0.quantity",
    )


def test_a_package_summary_opens_bundles_and_rolls_up_allergens_and_cost(
    client: TestClient, db: Session, pantry: Pantry
) -> None:
    recipe = make_recipe(
        db, name="Cookies", lines=[(pantry.flour, "500", "g"), (pantry.eggs, "2", "each")]
    )
    cookie = make_item(db, recipe, name="Cookie", items_per_batch=20)
    db.commit()
    tin = client.post(
        "/api/bundles", json={"name": "Tin", "lines": [{"quantity": 5, "item_id": cookie.id}]}
    ).json()
    package = client.post(
        "/api/packages",
        json={
            "name": "Gift",
            "lines": [
                {"quantity": 1, "bundle_id": tin["id"]},
                {"quantity": 5, "item_id": cookie.id},
            ],
        },
    ).json()
    assert [line["quantity"] for line in package["lines"]] == [1, 5]
    summary = client.get(f"/api/packages/{package['id']}/summary").json()
    assert summary["items"] == [
        {
            "item_id": cookie.id,
            "item": "Cookie",
            "recipe_id": recipe.id,
            "recipe": "Cookies",
            "units": 10,
        }
    ]
    assert summary["allergens"] == ["eggs"]
    assert summary["cost"]["total"] == "0.8"  # half a batch of $1.00 flour + $0.60 eggs
    renamed = client.patch(f"/api/packages/{package['id']}", json={"notes": "ribbon"}).json()
    assert renamed["notes"] == "ribbon"
    emptied = client.put(f"/api/packages/{package['id']}/lines", json={"lines": []}).json()
    assert emptied["lines"] == []
    assert [p["name"] for p in client.get("/api/packages").json()["items"]] == ["Gift"]


def test_refuses_to_delete_an_assigned_package(client: TestClient, db: Session) -> None:
    package = make_package(db, name="Gift")
    make_assignment(db, make_event(db, name="Christmas"), make_recipient(db, name="Rosa"), package)
    spare = make_package(db, name="Spare")
    db.commit()
    assert_error(client.delete(f"/api/packages/{package.id}"), 409, "in_use", says="Rosa")
    assert client.delete(f"/api/packages/{spare.id}").json() == {"kind": "package", "id": spare.id}


@pytest.mark.parametrize(
    "path",
    [
        "/api/recipes/999999",
        "/api/recipes/999999/cost",
        "/api/items/999999",
        "/api/bundles/999999",
        "/api/packages/999999",
        "/api/packages/999999/summary",
    ],
)
def test_unknown_ids_get_the_error_shape(client: TestClient, path: str) -> None:
    assert_error(client.get(path), 404, "not_found", says="999999")


def test_malformed_ids_and_bodies_get_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/recipes/one"), 422, "invalid_input", field="recipe_id")
    assert_error(client.delete("/api/bundles/99999999999"), 422, "invalid_input", field="bundle_id")
    assert_error(client.post("/api/recipes", json={"name": ""}), 422, "invalid_input", field="name")
    assert_error(client.post("/api/recipes", json=["not", "an", "object"]), 422, "invalid_input")
    assert_error(client.put("/api/packages/1/lines", json={}), 422, "invalid_input", field="lines")
    assert_error(client.patch("/api/recipes/999999", json={"name": "X"}), 404, "not_found")
    assert_error(client.delete("/api/recipes/999999"), 404, "not_found")


def test_a_sub_recipe_through_the_api_yield_line_cost_and_bake(
    client: TestClient, pantry: Pantry
) -> None:
    """docs/product.md §6.12: a recipe with a yield used by another; its bake makes prepared
    stock; short prepared stock answers 409 with the batches to make, then is made now."""
    glaze = client.post("/api/recipes", json={
        "name": "Glaze", "yield_quantity": "2", "yield_unit": "cup", "shelf_life_days": 3,
        "lines": [{"ingredient_id": pantry.flour.id, "quantity": "1", "unit": "cup"}],
    })  # fmt: skip
    assert glaze.status_code == 201, glaze.text
    assert (glaze.json()["yield_quantity"], glaze.json()["yield_unit"]) == ("2", "cup")
    bun = client.post("/api/recipes", json={
        "name": "Bun", "lines": [
            {"ingredient_id": pantry.eggs.id, "quantity": "1", "unit": "each"},
            {"sub_recipe_id": glaze.json()["id"], "quantity": "1", "unit": "cup"},
        ],
    })  # fmt: skip
    assert bun.status_code == 201, bun.text
    assert bun.json()["lines"][1]["sub_recipe"] == "Glaze"
    both = client.post("/api/recipes", json={"name": "Odd", "lines": [
        {"ingredient_id": pantry.eggs.id, "sub_recipe_id": glaze.json()["id"],
         "quantity": "1", "unit": "cup"}]})  # fmt: skip
    assert both.status_code == 422
    cost = client.get(f"/api/recipes/{bun.json()['id']}/cost").json()
    assert cost["sub_lines"][0]["share_of_batch"] == "0.5"
    assert client.get(f"/api/recipes/{glaze.json()['id']}/cost").json()["used_in"] == ["Bun"]

    made = client.post("/api/bakes", json={"recipe_id": glaze.json()["id"], "batches": 1})
    assert made.status_code == 201, made.text
    assert made.json()["record"]["makes_stock"] is True
    assert made.json()["record"]["event_id"] is None
    event = client.post(
        "/api/events",
        json={"name": "Fair", "event_date": "2026-12-12", "confirm": ["unusual_date"]},
    )
    assert event.status_code == 201, event.text
    bake = {"event_id": event.json()["id"], "recipe_id": bun.json()["id"], "batches": 3}
    short = client.post("/api/bakes", json=bake)
    assert short.status_code == 409
    assert short.json()["error"]["code"] == "confirmation_needed"
    # One refusal lists both: the bun is not in the plan, and the glaze must be made.
    over, asked = short.json()["error"]["details"]["confirmations"]
    assert over["code"] == "over_plan"
    assert (asked["code"], asked["figures"]) == ("make_missing", {"Glaze: batches to make": 1})
    done = client.post("/api/bakes", json={**bake, "confirm": ["over_plan", "make_missing"]})
    assert done.status_code == 201, done.text
    listed = client.get("/api/pantry/prepared").json()["items"]
    assert [(p["recipe"], p["unit"], p["quantity_remaining"]) for p in listed] == [
        ("Glaze", "cup", "1")
    ]
    written_off = client.post("/api/adjustments", json={
        "lot_id": listed[0]["lot_id"], "quantity": "-1", "reason": "spoilage"})  # fmt: skip
    assert written_off.status_code == 201, written_off.text
    assert client.get("/api/pantry/prepared").json()["items"] == []
