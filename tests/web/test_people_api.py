"""The recipients API: create, read, list in pages, change, delete, and every refusal."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from tests.factories.planning import make_assignment, make_event, make_package, make_recipient
from tests.web.error_shape import assert_error


def test_creates_a_recipient_with_allergens_and_reads_it_back(client: TestClient) -> None:
    created = client.post(
        "/api/recipients",
        json={"name": "Aunt Rosa", "household": "The Rossis", "allergens": ["nuts", "Milk"]},
    )
    assert created.status_code == 201
    rosa = created.json()
    assert rosa["allergens"] == ["milk", "tree_nuts"]
    assert rosa["slug"] == "aunt-rosa"
    assert client.get(f"/api/recipients/{rosa['id']}").json() == rosa


def test_lists_recipients_by_name_in_pages(client: TestClient) -> None:
    for name in ("Zoe", "Adam", "Mia"):
        client.post("/api/recipients", json={"name": name})
    page = client.get("/api/recipients", params={"limit": 2}).json()
    assert page["total"] == 3
    assert [r["name"] for r in page["items"]] == ["Adam", "Mia"]
    rest = client.get("/api/recipients", params={"limit": 2, "offset": 2}).json()
    assert [r["name"] for r in rest["items"]] == ["Zoe"]


def test_changes_only_the_fields_sent(client: TestClient) -> None:
    rosa = client.post("/api/recipients", json={"name": "Rosa", "address": "1 Elm St"}).json()
    changed = client.patch(f"/api/recipients/{rosa['id']}", json={"allergens": ["eggs"]})
    assert changed.status_code == 200
    assert changed.json()["allergens"] == ["eggs"]
    assert changed.json()["address"] == "1 Elm St"


def test_deletes_a_recipient_nobody_assigned(client: TestClient) -> None:
    rosa = client.post("/api/recipients", json={"name": "Rosa"}).json()
    deleted = client.delete(f"/api/recipients/{rosa['id']}")
    assert deleted.json() == {"kind": "recipient", "id": rosa["id"]}
    assert_error(client.get(f"/api/recipients/{rosa['id']}"), 404, "not_found", says="recipient")


def test_refuses_to_delete_a_recipient_an_event_assigns(client: TestClient, db: Session) -> None:
    rosa = make_recipient(db, name="Rosa")
    make_assignment(db, make_event(db, name="Christmas"), rosa, make_package(db))
    db.commit()
    error = assert_error(client.delete(f"/api/recipients/{rosa.id}"), 409, "in_use")
    assert "Christmas" in error["message"]


def test_refuses_an_unknown_allergen_naming_the_field(client: TestClient) -> None:
    response = client.post("/api/recipients", json={"name": "Rosa", "allergens": ["glitter"]})
    assert_error(response, 422, "invalid_input", field="allergens", says="glitter")


def test_refuses_a_taken_name(client: TestClient) -> None:
    client.post("/api/recipients", json={"name": "Rosa"})
    response = client.post("/api/recipients", json={"name": "rosa"})
    assert_error(response, 409, "conflict", field="name", says="already exists")


def test_refuses_wrong_types_and_unknown_fields(client: TestClient) -> None:
    assert_error(
        client.post("/api/recipients", json={"name": 7}), 422, "invalid_input", field="name"
    )
    response = client.post("/api/recipients", json={"name": "Rosa", "nickname": "R"})
    assert_error(response, 422, "invalid_input", field="nickname")
    assert_error(client.post("/api/recipients", json={}), 422, "invalid_input", field="name")


def test_unknown_and_malformed_ids_get_the_error_shape(client: TestClient) -> None:
    assert_error(client.get("/api/recipients/999999"), 404, "not_found", says="999999")
    assert_error(client.patch("/api/recipients/999999", json={}), 404, "not_found")
    assert_error(client.delete("/api/recipients/999999"), 404, "not_found")
    assert_error(client.get("/api/recipients/abc"), 422, "invalid_input", field="recipient_id")
    assert_error(client.get("/api/recipients/0"), 422, "invalid_input", field="recipient_id")
