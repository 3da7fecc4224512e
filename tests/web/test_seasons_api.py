"""Seasons, budgets and settings through the API and the pages (docs/product.md §6.15)."""

from __future__ import annotations

from datetime import date

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Capability, required_capability
from bakehouse.services.events.events import create_event
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text

HOLIDAY = {"name": "Holiday 2026", "starts_on": "2026-11-01", "ends_on": "2027-01-15"}


def test_a_season_is_added_changed_listed_and_removed(client: TestClient) -> None:
    made = client.post("/api/seasons", json=HOLIDAY | {"budget": "250.00"})
    assert made.status_code == 201
    season = made.json()
    assert (season["slug"], season["budget"]) == ("holiday-2026", "250")
    changed = client.patch(f"/api/seasons/{season['id']}", json={"budget": None}).json()
    assert changed["budget"] is None
    assert [s["name"] for s in client.get("/api/seasons").json()] == ["Holiday 2026"]
    assert client.delete(f"/api/seasons/{season['id']}").json()["kind"] == "season"
    assert client.get("/api/seasons").json() == []


def test_an_overlapping_season_is_a_conflict_naming_the_other(client: TestClient) -> None:
    client.post("/api/seasons", json=HOLIDAY)
    clash = {"name": "Winter", "starts_on": "2027-01-10", "ends_on": "2027-02-28"}
    response = client.post("/api/seasons", json=clash)
    assert_error(response, 409, "seasons_overlap", says="overlaps Holiday 2026")


def test_the_dashboard_says_what_its_totals_cover(client: TestClient, db: Session) -> None:
    create_event(db, name="Xmas", event_date=date(2099, 12, 24))
    db.commit()
    season = client.post(
        "/api/seasons", json={"name": "Far", "starts_on": "2099-11-01", "ends_on": "2099-12-31"}
    ).json()
    dashboard = client.get("/api/dashboard").json()
    assert (dashboard["scope_key"], dashboard["total"]) == (str(season["id"]), 1)
    assert dashboard["scope"] == "Far (2099-11-01 – 2099-12-31)"
    page = page_text(client.get("/").text)
    assert "of the 1 event shown: Far (2099-11-01 – 2099-12-31)" in page


def test_an_event_budget_is_set_and_removed(client: TestClient, db: Session) -> None:
    event = create_event(db, name="Xmas", event_date=date(2026, 12, 24))
    db.commit()
    url = f"/api/events/{event.id}/budget"
    assert client.put(url, json={"budget": "40.5"}).json()["budget"] == "40.5"
    assert client.put(url, json={"budget": None}).json()["budget"] is None
    assert_error(client.put(url, json={"budget": "-1"}), 422, "invalid_input")


def test_settings_are_listed_set_and_reset(client: TestClient) -> None:
    listed = client.get("/api/settings").json()
    assert [(s["key"], s["value"], s["source"]) for s in listed] == [
        ("shopping_horizon_weeks", 6, "default"),
        ("bakers_may_import_recipes", 0, "default"),
        ("label_style", "us", "default"),
        ("label_maker_name", "", "default"),
        ("label_maker_address", "", "default"),
        ("label_statement", "", "default"),
        ("calendar_weekday_minutes", 180, "default"),
        ("calendar_weekend_minutes", 480, "default"),
        ("calendar_keep_days", 2, "default"),
        ("calendar_assembly_days_before", 1, "default"),
        ("time_zone", "UTC", "default"),
        ("currency", "USD", "default"),
        ("number_locale", "en_US", "default"),
        ("date_format", "month-day-year", "default"),
    ]
    zone = client.put("/api/settings/time_zone", json={"value": "Europe/Berlin"}).json()
    assert (zone["value"], zone["source"], zone["label"]) == (
        "Europe/Berlin",
        "stored",
        "Time zone",
    )
    assert_error(
        client.put("/api/settings/currency", json={"value": "dollars"}),
        422,
        "invalid_input",
        says="currency must be a currency code",
    )
    stored = client.put("/api/settings/shopping_horizon_weeks", json={"value": 9}).json()
    assert (stored["value"], stored["source"]) == (9, "stored")
    assert "the next 9 weeks" in client.get("/api/shopping-list").json()["scope"]
    assert_error(
        client.put("/api/settings/shopping_horizon_weeks", json={"value": 0}),
        422,
        "invalid_input",
        says="at least 1",
    )
    assert_error(client.put("/api/settings/colour", json={"value": 1}), 404, "not_found")
    back = client.delete("/api/settings/shopping_horizon_weeks").json()
    assert (back["value"], back["source"]) == (6, "default")


def test_the_settings_and_seasons_pages_change_what_they_show(client: TestClient) -> None:
    assert "Weeks ahead the shopping list covers" in page_text(client.get("/settings").text)
    saved = client.post(
        "/settings/shopping_horizon_weeks", data={"value": "4"}, follow_redirects=False
    )
    assert saved.status_code == 303
    added = client.post("/seasons", data=HOLIDAY | {"budget": "$1,250"}, follow_redirects=False)
    assert added.status_code == 303
    text = page_text(client.get("/seasons").text)
    assert "Holiday 2026" in text
    assert "$1,250.00" in text
    clash = client.post("/seasons", data=HOLIDAY | {"name": "Again"})
    assert clash.status_code == 422
    assert "overlaps Holiday 2026" in page_text(clash.text)


def test_seasons_budgets_and_settings_are_changed_by_owners_only() -> None:
    for method, path in [
        ("POST", "/api/seasons"),
        ("PATCH", "/api/seasons/1"),
        ("POST", "/seasons/1/delete"),
        ("PUT", "/api/events/1/budget"),
        ("POST", "/events/1/budget"),
        ("PUT", "/api/settings/shopping_horizon_weeks"),
        ("POST", "/settings/shopping_horizon_weeks/reset"),
    ]:
        assert required_capability(method, path) is Capability.MANAGE
    assert required_capability("GET", "/settings") is Capability.READ
