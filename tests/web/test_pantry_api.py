"""The pantry API: purchases, opening stock, adjustments, lots in FIFO order, on-hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.models import Ingredient, Product
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_product
from tests.web.error_shape import assert_error


@dataclass(frozen=True)
class Flour:
    ingredient: Ingredient
    bag: Product


@pytest.fixture
def flour(db: Session) -> Flour:
    ingredient = make_ingredient(db, name="Flour", measure=Measure.VOLUME)
    bag = make_product(db, ingredient, name="Bag", package_size="10", package_unit="cup")
    db.commit()
    return Flour(ingredient, bag)


def buy(client: TestClient, product_id: int, **overrides: object) -> dict[str, object]:
    body = {
        "product_id": product_id,
        "purchased_on": "2024-06-01",
        "packages": "1",
        "total_price": "6.00",
    } | overrides
    response = client.post("/api/purchases", json=body)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_purchase_creates_a_lot_in_the_ingredient_unit_with_its_cost(
    client: TestClient, flour: Flour
) -> None:
    purchase = buy(client, flour.bag.id, packages="2", total_price="18.99", location="shelf")
    lot = purchase["lot"]
    assert isinstance(lot, dict)
    assert (purchase["product"], purchase["total_price"]) == ("Acme Bag (10 cup)", "18.99")
    assert (lot["unit"], lot["initial_quantity"], lot["cost"]) == ("ml", "4731.76", "18.99")
    assert lot["location"] == "shelf"


def test_lots_come_oldest_first_and_on_hand_sums_them(client: TestClient, flour: Flour) -> None:
    buy(client, flour.bag.id, purchased_on="2024-06-01", total_price="6.00")
    opening = client.post(
        "/api/opening-stock",
        json={
            "ingredient_id": flour.ingredient.id,
            "quantity": "5",
            "unit": "cup",
            "cost": "2.00",
            "received_on": "2024-01-01",
        },
    )
    assert opening.status_code == 201
    lots = client.get("/api/lots", params={"ingredient_id": flour.ingredient.id}).json()
    assert [lot["received_on"] for lot in lots["items"]] == ["2024-01-01", "2024-06-01"]
    assert [lot["product"] for lot in lots["items"]] == [None, "Acme Bag (10 cup)"]
    on_hand = client.get("/api/on-hand").json()["items"]
    assert on_hand == [
        {
            "ingredient_id": flour.ingredient.id,
            "ingredient": "Flour",
            "unit": "ml",
            "quantity": "3548.82",
            "value": "8",
            "lot_count": 2,
            "next_best_before": None,
        }
    ]
    assert client.get("/api/pantry/value").json() == {"value": "8"}


def test_an_adjustment_removes_stock_at_its_cost_and_never_below_zero(
    client: TestClient, flour: Flour
) -> None:
    lot_id = buy(client, flour.bag.id, total_price="6.00")["lot"]["lot_id"]  # type: ignore[index]
    spoiled = client.post(
        "/api/adjustments",
        json={
            "lot_id": lot_id,
            "quantity": "-5",
            "unit": "cup",
            "reason": "spoilage",
            "note": "weevils",
        },
    )
    assert spoiled.status_code == 201
    assert (spoiled.json()["kind"], spoiled.json()["value"]) == ("adjustment", "-3")
    assert spoiled.json()["reason"] == "spoilage"
    too_much = client.post(
        "/api/adjustments",
        json={"lot_id": lot_id, "quantity": "-6", "unit": "cup", "reason": "gift"},
    )
    assert_error(too_much, 422, "invalid_input", field="quantity", says="has only")
    left = client.get("/api/lots").json()["items"][0]
    assert (left["quantity_remaining"], left["value_remaining"]) == ("1182.94", "3")
    assert client.get("/api/lots", params={"include_empty": True}).json()["total"] == 1


def test_best_before_shows_how_many_days_are_left(client: TestClient, flour: Flour) -> None:
    soon = (date.today() + timedelta(days=3)).isoformat()
    buy(client, flour.bag.id, best_before=soon)
    lot = client.get("/api/lots").json()["items"][0]
    assert (lot["best_before"], lot["days_to_best_before"]) == (soon, 3)


def test_refuses_bad_purchases_with_the_field_named(client: TestClient, flour: Flour) -> None:
    base = {
        "product_id": flour.bag.id,
        "purchased_on": "2024-06-01",
        "packages": "1",
        "total_price": "6.00",
    }
    cases: list[tuple[dict[str, object], str]] = [
        ({"packages": 0}, "packages"),
        ({"packages": "many"}, "packages"),
        ({"total_price": "-1"}, "total_price"),
        ({"total_price": True}, "total_price"),
        ({"purchased_on": "yesterday"}, "purchased_on"),
        ({"purchased_on": "2024-02-30"}, "purchased_on"),
        ({"best_before": 12}, "best_before"),
        ({"colour": "red"}, "colour"),
    ]
    for change, field in cases:
        response = client.post("/api/purchases", json=base | change)
        assert_error(response, 422, "invalid_input", field=field)
    missing = client.post("/api/purchases", json=base | {"product_id": 999999})
    assert_error(missing, 404, "not_found", says="product")
    assert client.get("/api/lots").json()["total"] == 0


def test_refuses_bad_opening_stock_and_adjustments(client: TestClient, flour: Flour) -> None:
    opening = {
        "ingredient_id": flour.ingredient.id,
        "quantity": "5",
        "unit": "cup",
        "cost": "2",
        "received_on": "2024-01-01",
    }
    grams = client.post("/api/opening-stock", json=opening | {"unit": "g"})
    assert_error(grams, 422, "conversion_not_possible", field="unit", says="density")
    assert_error(
        client.post("/api/opening-stock", json=opening | {"unit": "scoop"}),
        422,
        "unknown_unit",
        field="unit",
    )
    assert_error(
        client.post("/api/opening-stock", json=opening | {"ingredient_id": 999999}),
        404,
        "not_found",
    )
    adjustment = {"lot_id": 999999, "quantity": "-1", "reason": "spoilage"}
    assert_error(client.post("/api/adjustments", json=adjustment), 404, "not_found", says="lot")
    assert_error(
        client.post("/api/adjustments", json=adjustment | {"reason": "theft"}),
        422,
        "invalid_input",
        field="reason",
    )
    lot_id = buy(client, flour.bag.id)["lot"]["lot_id"]  # type: ignore[index]
    zero = client.post("/api/adjustments", json=adjustment | {"lot_id": lot_id, "quantity": "0"})
    assert_error(zero, 422, "invalid_input", field="quantity", says="zero")


def test_malformed_filters_get_the_error_shape(client: TestClient) -> None:
    assert_error(
        client.get("/api/lots?ingredient_id=flour"), 422, "invalid_input", field="ingredient_id"
    )
    assert_error(
        client.get("/api/on-hand?include_empty=perhaps"),
        422,
        "invalid_input",
        field="include_empty",
    )
    assert_error(client.get("/api/lots?limit=1000"), 422, "invalid_input", field="limit")


def test_a_stock_take_sets_on_hand_all_or_nothing(client: TestClient, flour: Flour) -> None:
    buy(client, flour.bag.id)  # 10 cup for $6.00
    sugar = client.post(
        "/api/ingredients", json={"name": "Sugar", "measure": "mass", "category": "baking"}
    )
    assert sugar.status_code == 201, sugar.text
    sugar_id = sugar.json()["id"]

    refused = client.post(
        "/api/stock-takes",
        json={
            "reason": "count",
            "counts": [
                {"ingredient_id": flour.ingredient.id, "quantity": "4", "unit": "cup"},
                {"ingredient_id": sugar_id, "quantity": "2", "unit": "furlong"},
            ],
        },
    )
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"]["field"] == "counts.sugar"
    on_hand = client.get("/api/on-hand").json()["items"]
    assert [o["quantity"] for o in on_hand] == ["2365.88"]

    taken = client.post(
        "/api/stock-takes",
        json={
            "reason": "count",
            "counted_on": "2024-12-01",
            "counts": [
                {"ingredient_id": flour.ingredient.id, "quantity": "4", "unit": "cup"},
                {"ingredient_id": sugar_id, "quantity": "500"},
            ],
        },
    )

    assert taken.status_code == 201, taken.text
    flour_line, sugar_line = taken.json()["lines"]
    assert (flour_line["difference"], flour_line["value"]) == ("-1419.528", "-3.6")
    assert (sugar_line["difference"], sugar_line["unpriced"]) == ("500", True)
    lots = client.get("/api/lots").json()["items"]
    assert [(lot["origin"], lot["priced"]) for lot in lots] == [
        ("purchase", True),
        ("found", False),
    ]
