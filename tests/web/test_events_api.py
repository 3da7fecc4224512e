"""The events API: events, clones, assignments (one and many), allergen conflicts, deliveries."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.services.events.people import create_recipient
from bakehouse.services.production.bakes import record_production
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.error_shape import assert_error


def soon(days: int = 24) -> str:
    """A date ``days`` from today: needs no confirmation (docs/product.md §6.16)."""
    return (date.today() + timedelta(days=days)).isoformat()


def arrange(db: Session, **options: object) -> CookieSeason:
    season = make_cookie_season(db, **options)  # type: ignore[arg-type]
    db.commit()
    return season


def test_creates_an_event_and_reads_it_back(client: TestClient) -> None:
    created = client.post("/api/events", json={"name": "Christmas 2026", "event_date": soon()})
    assert created.status_code == 201
    event = created.json()
    assert event["name"] == "Christmas 2026"
    assert event["slug"] == "christmas-2026"
    assert client.get(f"/api/events/{event['id']}").json() == event


def test_lists_events_by_date_in_pages(client: TestClient) -> None:
    for name, day in [("Later", soon(30)), ("Sooner", soon(1)), ("Middle", soon(15))]:
        client.post("/api/events", json={"name": name, "event_date": day})
    page = client.get("/api/events", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == 3
    assert [e["name"] for e in page["items"]] == ["Middle", "Later"]
    assert (page["limit"], page["offset"]) == (2, 1)


def test_refuses_a_page_size_of_zero(client: TestClient) -> None:
    assert_error(client.get("/api/events?limit=0"), 422, "invalid_input", field="limit")


def test_refuses_an_event_date_that_is_not_a_date(client: TestClient) -> None:
    response = client.post("/api/events", json={"name": "Swap", "event_date": "next friday"})
    assert_error(response, 422, "invalid_input", field="event_date", says="date")


def test_refuses_an_event_without_a_name(client: TestClient) -> None:
    response = client.post("/api/events", json={"event_date": soon()})
    assert_error(response, 422, "invalid_input", field="name", says="required")


def test_refuses_unknown_fields(client: TestClient) -> None:
    body = {"name": "Swap", "event_date": soon(), "colour": "red"}
    assert_error(client.post("/api/events", json=body), 422, "invalid_input", field="colour")


def test_refuses_a_second_event_with_the_same_name(client: TestClient) -> None:
    body = {"name": "Christmas 2026", "event_date": soon()}
    client.post("/api/events", json=body)
    assert_error(client.post("/api/events", json=body), 409, "conflict", says="Christmas 2026")


def test_unknown_event_is_not_found(client: TestClient) -> None:
    assert_error(client.get("/api/events/999999"), 404, "not_found", says="event")
    assert_error(client.get("/api/events/999999/assignments"), 404, "not_found")
    assert_error(client.get("/api/events/999999/allergen-conflicts"), 404, "not_found")


def test_an_event_id_must_be_a_number(client: TestClient) -> None:
    assert_error(client.get("/api/events/abc"), 422, "invalid_input", field="event_id")


def test_renames_and_moves_an_event(client: TestClient) -> None:
    event = client.post("/api/events", json={"name": "Swap", "event_date": soon(4)}).json()
    changed = client.patch(f"/api/events/{event['id']}", json={"name": "Cookie swap"}).json()
    assert changed["name"] == "Cookie swap"
    assert changed["event_date"] == soon(4)
    response = client.patch(f"/api/events/{event['id']}", json={"event_date": "soon"})
    assert_error(response, 422, "invalid_input", field="event_date")
    assert_error(client.patch("/api/events/999999", json={"notes": "x"}), 404, "not_found")


def test_an_event_date_in_the_past_or_years_ahead_needs_confirming(client: TestClient) -> None:
    """docs/product.md §6.16: a typo of the year is asked about, not kept silently."""
    body = {"name": "Christmas", "event_date": "2020-12-24"}
    asked = client.post("/api/events", json=body)
    assert_error(asked, 409, "confirmation_needed", field="confirm", says="in the past")
    confirmation = asked.json()["error"]["details"]["confirmations"][0]
    assert confirmation["code"] == "unusual_date"
    assert confirmation["figures"]["days_from_today"] < -365
    assert client.get("/api/events").json()["total"] == 0
    created = client.post("/api/events", json=body | {"confirm": ["unusual_date"]})
    assert created.status_code == 201
    event_id = created.json()["id"]
    ahead = client.patch(f"/api/events/{event_id}", json={"event_date": soon(800)})
    assert_error(ahead, 409, "confirmation_needed", says="more than a year ahead")
    assert client.patch(f"/api/events/{event_id}", json={"notes": "ok"}).status_code == 200
    fixed = client.patch(f"/api/events/{event_id}", json={"event_date": soon()})
    assert fixed.json()["event_date"] == soon()
    bogus = client.post("/api/events", json=body | {"confirm": ["sure"]})
    assert_error(bogus, 422, "invalid_input", field="confirm", says="unknown confirmation")


def test_deleting_an_event_takes_its_pending_assignments_along(
    client: TestClient, db: Session
) -> None:
    season = arrange(db, recipients=["Alice", "Bob"])
    preview = client.get(f"/api/events/{season.event.id}/deletion").json()
    assert (preview["allowed"], preview["pending"], preview["recipients"]) == (True, 2, 2)
    assert preview["why_not"] is None
    assert client.delete(f"/api/events/{season.event.id}").status_code == 204
    assert_error(client.get(f"/api/events/{season.event.id}"), 404, "not_found")
    empty = client.post("/api/events", json={"name": "Empty", "event_date": soon()}).json()
    assert client.get(f"/api/events/{empty['id']}/deletion").json()["pending"] == 0
    assert client.delete(f"/api/events/{empty['id']}").status_code == 204


def test_an_event_with_an_assembled_package_is_not_deleted(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    record_production(db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1)
    db.commit()
    assembled = client.post(
        f"/api/assignments/{season.assignment.id}/status", json={"status": "assembled"}
    )
    assert assembled.status_code == 200
    preview = client.get(f"/api/events/{season.event.id}/deletion").json()
    assert preview["allowed"] is False
    assert "1 package assembled" in preview["refusals"]
    refused = client.delete(f"/api/events/{season.event.id}")
    assert_error(refused, 409, "in_use", says="history that would be lost")
    assert client.get(f"/api/events/{season.event.id}").status_code == 200


def test_an_assignments_quantity_changes_while_it_is_pending(
    client: TestClient, db: Session
) -> None:
    season = arrange(db, recipients=["Alice"])
    changed = client.patch(f"/api/assignments/{season.assignment.id}", json={"quantity": 3})
    assert changed.json()["quantity"] == 3
    zero = client.patch(f"/api/assignments/{season.assignment.id}", json={"quantity": 0})
    assert_error(zero, 422, "invalid_input", field="quantity")


def test_clones_last_years_event_with_every_package_pending(
    client: TestClient, db: Session
) -> None:
    season = arrange(db, recipients=["Alice", "Bob"])
    response = client.post(
        f"/api/events/{season.event.id}/clone",
        json={"name": "Christmas next", "event_date": soon(300)},
    )
    assert response.status_code == 201
    clone = response.json()
    rows = client.get(f"/api/events/{clone['id']}/assignments").json()["items"]
    assert [(a["recipient_name"], a["status"]) for a in rows] == [
        ("Alice", "pending"),
        ("Bob", "pending"),
    ]


def test_cloning_an_unknown_event_is_not_found(client: TestClient) -> None:
    response = client.post(
        "/api/events/999999/clone", json={"name": "X", "event_date": "2025-12-25"}
    )
    assert_error(response, 404, "not_found", says="event")


def test_assigns_a_package_and_warns_about_allergens(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=[])
    nut_free = create_recipient(db, name="Dana", allergens=["gluten"])
    db.commit()
    response = client.post(
        f"/api/events/{season.event.id}/assignments",
        json={"recipient_id": nut_free.id, "package_id": season.package.id, "quantity": 2},
    )
    assert response.status_code == 201
    body = response.json()
    assert body["assignment"]["quantity"] == 2
    assert body["assignment"]["status"] == "pending"
    assert body["warnings"][0]["allergens"] == ["gluten"]
    assert "Dana avoids" in body["warnings"][0]["message"]


def test_refuses_the_same_package_twice_for_one_recipient(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=["Alice"])
    body = {"recipient_id": season.recipients[0].id, "package_id": season.package.id}
    response = client.post(f"/api/events/{season.event.id}/assignments", json=body)
    assert_error(response, 409, "conflict", says="Alice")


def test_assignment_bad_input(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=["Alice"])
    url = f"/api/events/{season.event.id}/assignments"
    package = season.package.id
    assert_error(
        client.post(url, json={"recipient_id": 999999, "package_id": package}),
        404,
        "not_found",
        says="recipient",
    )
    assert_error(
        client.post(url, json={"recipient_id": "Alice", "package_id": package}),
        422,
        "invalid_input",
        field="recipient_id",
    )
    assert_error(
        client.post(url, json={"recipient_id": 1, "package_id": package, "quantity": 0}),
        422,
        "invalid_input",
        field="quantity",
    )


def test_assigns_one_package_to_many_recipients_at_once(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=[])
    people = [create_recipient(db, name=n).id for n in ("Erin", "Finn", "Gus")]
    db.commit()
    response = client.post(
        f"/api/events/{season.event.id}/assignments/bulk",
        json={"package_id": season.package.id, "recipient_ids": people},
    )
    assert response.status_code == 201
    assert [r["assignment"]["recipient_name"] for r in response.json()] == ["Erin", "Finn", "Gus"]
    progress = client.get(f"/api/events/{season.event.id}/progress").json()
    assert progress["packages"]["pending"] == 3


def test_assign_to_many_is_all_or_nothing(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=["Alice"])
    newcomer = create_recipient(db, name="Hana").id
    db.commit()
    response = client.post(
        f"/api/events/{season.event.id}/assignments/bulk",
        json={
            "package_id": season.package.id,
            "recipient_ids": [newcomer, season.recipients[0].id],
        },
    )
    assert_error(response, 409, "conflict", says="Alice")
    names = [
        a["recipient_name"]
        for a in client.get(f"/api/events/{season.event.id}/assignments").json()["items"]
    ]
    assert names == ["Alice"]


def test_assign_to_many_needs_someone(client: TestClient, db: Session) -> None:
    season = arrange(db)
    response = client.post(
        f"/api/events/{season.event.id}/assignments/bulk",
        json={"package_id": season.package.id, "recipient_ids": []},
    )
    assert_error(response, 422, "invalid_input", field="recipient_ids")


def test_changes_and_removes_a_pending_assignment(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=["Alice", "Bob"])
    first, second = (a.id for a in season.assignments)
    changed = client.patch(f"/api/assignments/{first}", json={"quantity": 3})
    assert changed.json()["quantity"] == 3
    assert client.delete(f"/api/assignments/{second}").status_code == 204
    assert_error(client.delete(f"/api/assignments/{second}"), 404, "not_found")
    assert_error(
        client.patch(f"/api/assignments/{first}", json={"quantity": -1}),
        422,
        "invalid_input",
        field="quantity",
    )


def test_an_assembled_assignment_can_no_longer_be_removed(client: TestClient, db: Session) -> None:
    season = arrange(db)
    event, assignment = season.event.id, season.assignments[0].id
    client.post("/api/bakes", json={"event_id": event, "recipe_id": season.recipe.id, "batches": 1})
    client.post(f"/api/assignments/{assignment}/status", json={"status": "assembled"})
    assert_error(client.delete(f"/api/assignments/{assignment}"), 409, "conflict", says="pending")


def test_lists_allergen_conflicts_of_an_event(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=["Ivy", "Jo"], allergens=["gluten"])
    page = client.get(f"/api/events/{season.event.id}/allergen-conflicts").json()
    assert page["total"] == 2
    assert [w["recipient"] for w in page["items"]] == ["Ivy", "Jo"]
    assert page["items"][0]["package"] == "Cookie box"


def test_deliveries_list_addresses_and_delivery_notes(client: TestClient, db: Session) -> None:
    season = arrange(db, recipients=[])
    person = create_recipient(db, name="Kim", household="The Kims", address="1 Elm St")
    db.commit()
    event = season.event.id
    created = client.post(
        f"/api/events/{event}/assignments",
        json={"recipient_id": person.id, "package_id": season.package.id},
    ).json()["assignment"]
    client.post("/api/bakes", json={"event_id": event, "recipe_id": season.recipe.id, "batches": 1})
    client.post(f"/api/assignments/{created['id']}/status", json={"status": "assembled"})
    client.post(
        f"/api/assignments/{created['id']}/status",
        json={"status": "delivered", "delivered_to": "Left with neighbour"},
    )
    delivery = client.get(f"/api/events/{event}/deliveries").json()["items"][0]
    assert delivery["address"] == "1 Elm St"
    assert delivery["household"] == "The Kims"
    assert delivery["status"] == "delivered"
    assert delivery["delivery_note"] == "Left with neighbour"
    assert delivery["delivered_at"] is not None


def test_ids_and_text_outside_what_the_database_holds_are_refused(client: TestClient) -> None:
    assert_error(client.get("/api/events/99999999999"), 422, "invalid_input", field="event_id")
    assert_error(client.get("/api/events/0"), 422, "invalid_input", field="event_id")
    body = {"name": "Swap\x00", "event_date": "2026-12-05"}
    assert_error(client.post("/api/events", json=body), 422, "invalid_input", field="name")
