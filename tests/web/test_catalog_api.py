"""The catalog API: ingredients and products, with every refusal in the error shape."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product, make_purchase
from tests.factories.planning import make_recipe
from tests.web.error_shape import assert_error


def flour(client: TestClient, **overrides: Any) -> dict[str, Any]:
    body = {"name": "Flour", "measure": "mass", "density": "0.53", "allergens": ["wheat"]}
    response = client.post("/api/ingredients", json=body | overrides)
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_creates_an_ingredient_and_reads_it_back(client: TestClient) -> None:
    created = flour(client, category="Flour", notes="1 cup ≈ 125 g")
    assert created["unit"] == "g"
    assert created["density"] == "0.53"
    assert created["allergens"] == ["gluten"]
    assert created["category"] == "flour"
    assert client.get(f"/api/ingredients/{created['id']}").json() == created


def test_lists_ingredients_filtered_by_name_and_category(client: TestClient) -> None:
    flour(client, category="flour")
    flour(client, name="Rye flour", category="flour")
    flour(client, name="Brown sugar", category="sugar")
    found = client.get("/api/ingredients", params={"q": "FLOUR"}).json()
    assert [i["name"] for i in found["items"]] == ["Flour", "Rye flour"]
    sugars = client.get("/api/ingredients", params={"category": "sugar"}).json()
    assert [i["name"] for i in sugars["items"]] == ["Brown sugar"]
    paged = client.get("/api/ingredients", params={"limit": 1, "offset": 2}).json()
    assert (paged["total"], [i["name"] for i in paged["items"]]) == (3, ["Rye flour"])


def test_an_update_changes_what_is_sent_and_null_clears_the_density(client: TestClient) -> None:
    created = flour(client)
    changed = client.patch(
        f"/api/ingredients/{created['id']}", json={"density": None, "notes": "sifted"}
    )
    assert changed.status_code == 200
    assert (changed.json()["density"], changed.json()["notes"]) == (None, "sifted")
    assert changed.json()["name"] == "Flour"


def test_refuses_a_density_change_that_strands_a_recipe_line(
    client: TestClient, db: Session
) -> None:
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS, density="0.85")
    make_recipe(db, name="Shortbread", lines=[(sugar, "1", "cup")])
    db.commit()
    response = client.patch(f"/api/ingredients/{sugar.id}", json={"density": None})
    assert_error(response, 422, "invalid_input", field="density", says="Shortbread")


def test_deletes_an_unused_ingredient_and_refuses_one_in_use(
    client: TestClient, db: Session
) -> None:
    unused = flour(client)
    assert client.delete(f"/api/ingredients/{unused['id']}").json()["kind"] == "ingredient"
    butter = make_ingredient(db, name="Butter")
    make_product(db, butter, name="Salted butter")
    db.commit()
    error = assert_error(client.delete(f"/api/ingredients/{butter.id}"), 409, "in_use")
    assert "Salted butter" in error["message"]


def test_refuses_bad_ingredient_input_with_the_field_named(client: TestClient) -> None:
    bad_measure = client.post("/api/ingredients", json={"name": "X", "measure": "weight"})
    assert_error(bad_measure, 422, "invalid_input", field="measure")
    negative = client.post("/api/ingredients", json={"name": "X", "measure": "mass", "density": -1})
    assert_error(negative, 422, "invalid_input", field="density")
    not_a_number = client.post(
        "/api/ingredients", json={"name": "X", "measure": "mass", "density": "heavy"}
    )
    assert_error(not_a_number, 422, "invalid_input", field="density")
    allergen = client.post(
        "/api/ingredients", json={"name": "X", "measure": "mass", "allergens": ["glitter"]}
    )
    assert_error(allergen, 422, "invalid_input", field="allergens", says="glitter")
    flour(client)
    assert_error(
        client.post("/api/ingredients", json={"name": "flour", "measure": "mass"}),
        409,
        "conflict",
        field="name",
    )


def test_creates_products_and_only_one_stays_preferred(client: TestClient) -> None:
    ingredient = flour(client)
    body = {"ingredient_id": ingredient["id"], "package_unit": "lb", "is_preferred": True}
    small = client.post("/api/products", json=body | {"name": "AP", "package_size": "2"}).json()
    large = client.post("/api/products", json=body | {"name": "AP", "package_size": "5"}).json()
    assert (small["label"], large["label"]) == ("AP (2 lb)", "AP (5 lb)")
    listed = client.get("/api/products", params={"ingredient_id": ingredient["id"]}).json()
    assert [(p["package_size"], p["is_preferred"]) for p in listed["items"]] == [
        ("5", True),
        ("2", False),
    ]
    back = client.patch(f"/api/products/{small['id']}", json={"is_preferred": True}).json()
    assert back["is_preferred"] is True
    assert client.get(f"/api/products/{large['id']}").json()["is_preferred"] is False


def test_refuses_a_package_unit_the_ingredient_cannot_convert(client: TestClient) -> None:
    ingredient = flour(client, density=None)
    response = client.post(
        "/api/products",
        json={
            "ingredient_id": ingredient["id"],
            "name": "Bag",
            "package_size": 2,
            "package_unit": "cup",
        },
    )
    assert_error(response, 422, "conversion_not_possible", field="package_unit", says="density")
    unknown = client.post(
        "/api/products",
        json={
            "ingredient_id": ingredient["id"],
            "name": "Bag",
            "package_size": 2,
            "package_unit": "sack",
        },
    )
    assert_error(unknown, 422, "unknown_unit", field="package_unit", says="sack")


def test_refuses_products_of_unknown_ingredients_and_bad_sizes(client: TestClient) -> None:
    missing = client.post(
        "/api/products",
        json={"ingredient_id": 999999, "name": "Bag", "package_size": 1, "package_unit": "g"},
    )
    assert_error(missing, 404, "not_found", says="ingredient")
    ingredient = flour(client)
    for size in (0, -2, "lots", 10**9 + 1):
        response = client.post(
            "/api/products",
            json={
                "ingredient_id": ingredient["id"],
                "name": "Bag",
                "package_size": size,
                "package_unit": "g",
            },
        )
        assert_error(response, 422, "invalid_input", field="package_size")
    bad_gtin = client.post(
        "/api/products",
        json={
            "ingredient_id": ingredient["id"],
            "name": "Bag",
            "package_size": 1,
            "package_unit": "g",
            "gtin": "12345678",
        },
    )
    assert_error(bad_gtin, 422, "invalid_input", field="gtin", says="check digit")


def test_deletes_a_product_never_bought_and_refuses_one_bought(
    client: TestClient, db: Session
) -> None:
    butter = make_ingredient(db, name="Butter")
    spare = make_product(db, butter, name="Spare")
    bought = make_product(db, butter, name="Bought")
    make_purchase(db, bought, total_price="4.99")
    make_lot(db, butter, quantity="10", cost="1")
    db.commit()
    assert client.delete(f"/api/products/{spare.id}").status_code == 200
    assert_error(client.delete(f"/api/products/{bought.id}"), 409, "in_use", says="purchase")


def test_unknown_and_malformed_ids_get_the_error_shape(client: TestClient) -> None:
    for path in ("/api/ingredients/999999", "/api/products/999999"):
        assert_error(client.get(path), 404, "not_found")
        assert_error(client.patch(path, json={}), 404, "not_found")
        assert_error(client.delete(path), 404, "not_found")
    assert_error(client.get("/api/ingredients/x"), 422, "invalid_input", field="ingredient_id")
    assert_error(client.get("/api/products?ingredient_id=-1"), 422, "invalid_input")
    assert_error(client.patch("/api/products/1", json={"ingredient_id": 2}), 422, "invalid_input")
