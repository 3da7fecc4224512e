"""The bake calendar's pages, API and feed (docs/product.md §6.10): the week, today's list
recording a bake through the bake service and its confirmations (§6.11), the baker's
sheet, the .ics file (read by icalendar and by vobject) and revocable feed addresses."""

from __future__ import annotations

from datetime import date, timedelta

import icalendar
import pytest
import vobject
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Capability, required_capability
from bakehouse.models import ProductionRecord
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text

TODAY = date.today()
#: The season's event four days ahead: its one batch is baked today or in the next days.
DELIVERY = TODAY + timedelta(days=4)


@pytest.fixture
def season(db: Session) -> CookieSeason:
    season = make_cookie_season(db, recipients=("Alice", "Bob"), event_date=DELIVERY)
    season.recipe.hands_on_minutes = 45
    season.recipe.shelf_life_days = 9
    season.package.assembly_minutes = 10
    db.commit()
    return season


def bake_day(client: TestClient) -> str:
    days = client.get("/api/calendar", params={"to": DELIVERY.isoformat()}).json()["days"]
    [day] = [d["day"] for d in days if any(t["kind"] == "bake" for t in d["tasks"])]
    return str(day)


def test_the_api_lists_the_days_with_their_tasks(client: TestClient, season: CookieSeason) -> None:
    answer = client.get(
        "/api/calendar", params={"from": TODAY.isoformat(), "to": DELIVERY.isoformat()}
    ).json()
    assert answer["first"] == TODAY.isoformat()
    assert len(answer["days"]) == 5
    tasks = [t for d in answer["days"] for t in d["tasks"]]
    assert [t["kind"] for t in tasks] == ["bake", "assemble", "deliver"]
    assert tasks[0]["record"] == [
        {"event_id": season.event.id, "event": "Christmas 2024", "recipe_id": season.recipe.id,
         "batches": 1}
    ]  # fmt: skip
    assert_error(client.get("/api/calendar", params={"from": "soon"}), 422, "invalid_input")


def test_the_week_page_shows_every_day_and_the_work(
    client: TestClient, season: CookieSeason
) -> None:
    text = page_text(client.get("/calendar", params={"start": DELIVERY.isoformat()}).text)
    assert "Bake calendar" in text
    assert "Assemble 2 packages for Christmas 2024" in text
    assert "Deliver 2 packages for Christmas 2024" in text
    monday = DELIVERY - timedelta(days=DELIVERY.weekday())
    assert f"{monday:%a} {monday:%b} {monday.day}" in text


def test_a_bake_recorded_from_todays_list_re_plans_the_calendar(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    # Only today may be baked on: the bake shows on today's list.
    client.put("/api/settings/calendar_weekday_minutes", json={"value": 0})
    client.put("/api/settings/calendar_weekend_minutes", json={"value": 0})
    client.put(f"/api/calendar/days/{TODAY.isoformat()}", json={"minutes": 120})
    for n in range(1, 5):
        day = (TODAY + timedelta(days=n)).isoformat()
        client.put(f"/api/calendar/days/{day}", json={"minutes": 30})
    today = page_text(client.get("/calendar/today").text)
    assert "Bake 1 batch of Test Cookies for Christmas 2024" in today
    assert "Record this bake" in today

    done = client.post(
        f"/events/{season.event.id}/bakes",
        data={"recipe_id": str(season.recipe.id), "batches": "1", "form_key": "bake-1",
              "back": "calendar"},
        follow_redirects=False,
    )  # fmt: skip
    assert (done.status_code, done.headers["location"]) == (303, "/calendar/today?done=recorded")
    assert db.scalars(select(ProductionRecord)).all() != []
    after = page_text(client.get("/calendar/today").text)
    assert "Bake 1 batch" not in after


def test_a_bake_past_the_plan_asks_for_confirmation_first(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    data = {"recipe_id": str(season.recipe.id), "batches": "3", "form_key": "bake-1",
            "back": "calendar"}  # fmt: skip
    asked = client.post(f"/events/{season.event.id}/bakes", data=data, follow_redirects=False)
    assert asked.status_code == 409
    assert db.scalars(select(ProductionRecord)).all() == []


def test_the_bakers_sheet_totals_the_days_ingredients(
    client: TestClient, season: CookieSeason
) -> None:
    day = bake_day(client)
    sheet = client.get(f"/api/calendar/sheet/{day}").json()
    assert [(line["recipe"], line["batches"]) for line in sheet["lines"]] == [("Test Cookies", 1)]
    totals = {i["ingredient"]: (i["quantity"], i["unit"]) for i in sheet["ingredients"]}
    assert totals == {"Flour": ("473.176", "ml"), "Sugar": ("236.588", "ml")}
    text = page_text(client.get(f"/calendar/sheet/{day}").text)
    assert "Ingredients for the day" in text
    assert "Flour" in text


def test_the_ics_file_reads_the_same_in_two_parsers(
    client: TestClient, season: CookieSeason
) -> None:
    response = client.get("/calendar.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    parsed = icalendar.Calendar.from_ical(response.content)
    first = [(e.decoded("dtstart"), str(e["summary"])) for e in parsed.walk("VEVENT")]
    second = vobject.readOne(response.text)
    again = [(e.dtstart.value, e.summary.value) for e in second.vevent_list]
    assert first == again
    assert len(first) >= 2
    assert any(summary.startswith("Bake 1 batch of Test Cookies") for _day, summary in first)


def test_a_feed_address_reads_without_signing_in_until_revoked(
    client: TestClient, season: CookieSeason
) -> None:
    made = client.post("/api/calendar/feeds", json={"name": "My phone"})
    assert made.status_code == 201
    path = made.json()["path"]
    read = client.get(path)
    assert read.status_code == 200
    assert icalendar.Calendar.from_ical(read.content).walk("VEVENT")
    assert client.get("/calendar/feed/bhcal_guess.ics").status_code == 404
    client.post(f"/api/calendar/feeds/{made.json()['id']}/revoke")
    assert client.get(path).status_code == 404
    assert [f["revoked"] for f in client.get("/api/calendar/feeds").json()] == [True]


def test_changed_days_are_listed_and_cleared(client: TestClient) -> None:
    day = (TODAY + timedelta(days=3)).isoformat()
    assert client.put(f"/api/calendar/days/{day}", json={"unavailable": True}).json() == {
        "day": day,
        "minutes": None,
        "unavailable": True,
    }
    assert_error(client.put(f"/api/calendar/days/{day}", json={"minutes": 2000}), 422,
                 "invalid_input", field="minutes")  # fmt: skip
    assert [d["day"] for d in client.get("/api/calendar/days").json()] == [day]
    client.delete(f"/api/calendar/days/{day}")
    assert client.get("/api/calendar/days").json() == []
    saved = client.post("/calendar/days", data={"day": day, "minutes": "360"},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert "6 h" in page_text(client.get("/calendar", params={"start": day}).text)


def test_changing_days_and_feeds_is_the_owners(client: TestClient) -> None:
    assert required_capability("POST", "/calendar/days") is Capability.MANAGE
    assert required_capability("PUT", "/api/calendar/days/2026-12-20") is Capability.MANAGE
    assert required_capability("POST", "/calendar/feeds") is Capability.MANAGE
    assert required_capability("GET", "/api/calendar/feeds") is Capability.MANAGE
    assert required_capability("GET", "/api/calendar") is Capability.READ


def test_the_inputs_are_set_through_the_api_and_the_page(
    client: TestClient, season: CookieSeason
) -> None:
    url = f"/api/calendar/recipes/{season.recipe.id}"
    timing = client.put(
        url,
        json={
            "hands_on_minutes": 30,
            "freezable": True,
            "frozen_shelf_life_days": 60,
            "thaw_hours": "2.5",
        },
    ).json()
    assert (timing["hands_on_minutes"], timing["thaw_hours"]) == (30, "2.5")
    assert_error(client.put(url, json={"thaw_hours": "3"}), 422, "invalid_input",
                 field="thaw_hours")  # fmt: skip
    assembly = client.put(f"/api/calendar/packages/{season.package.id}",
                          json={"assembly_minutes": 6}).json()  # fmt: skip
    assert assembly["assembly_minutes"] == 6
    day = (DELIVERY - timedelta(days=1)).isoformat()
    moved = client.put(f"/api/calendar/events/{season.event.id}", json={"delivery_date": day})
    assert moved.json() == {"id": season.event.id, "delivery_date": day}
    own = client.put(f"/api/calendar/assignments/{season.assignment.id}",
                     json={"delivery_date": None})  # fmt: skip
    assert own.json()["delivery_date"] is None
    assert client.get("/api/calendar/recipes").json()[0]["frozen_shelf_life_days"] == 60

    page = page_text(client.get("/calendar/inputs").text)
    assert "What the calendar plans from" in page
    saved = client.post(f"/calendar/recipes/{season.recipe.id}",
                        data={"hands_on_minutes": "50", "max_batches_per_session": "2"},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert client.get("/api/calendar/recipes").json()[0]["hands_on_minutes"] == 50
    refused = client.post(f"/calendar/packages/{season.package.id}",
                          data={"assembly_minutes": "lots"})  # fmt: skip
    assert refused.status_code == 422
    assert "Minutes to assemble must be a whole number" in page_text(refused.text)
    saved = client.post(f"/calendar/events/{season.event.id}", data={"delivery_date": ""},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303
    assert client.put(f"/api/calendar/events/{season.event.id}",
                      json={"delivery_date": None}).json()["delivery_date"] is None  # fmt: skip


def test_a_feed_made_on_the_page_is_shown_once_and_revoked_there(
    client: TestClient, season: CookieSeason
) -> None:
    made = client.post("/calendar/feeds", data={"name": "Kitchen tablet"})
    assert made.status_code == 200
    text = page_text(made.text)
    assert "Copy this address now" in text
    [address] = [w for w in text.split() if "/calendar/feed/" in w]
    path = address[address.index("/calendar/feed/") :]
    assert client.get(path).status_code == 200
    assert "Copy this address now" not in page_text(client.get("/calendar").text)
    assert client.post("/calendar/feeds", data={"name": " "}).status_code == 422
    [feed] = client.get("/api/calendar/feeds").json()
    revoked = client.post(f"/calendar/feeds/{feed['id']}/revoke", follow_redirects=False)
    assert revoked.status_code == 303
    assert client.get(path).status_code == 404


def test_a_changed_day_is_set_back_from_the_week_page(client: TestClient) -> None:
    day = (TODAY + timedelta(days=2)).isoformat()
    client.post("/calendar/days", data={"day": day, "off": "true"})
    assert "day off" in page_text(client.get("/calendar").text)
    cleared = client.post(f"/calendar/days/{day}/clear", follow_redirects=False)
    assert cleared.status_code == 303
    assert client.get("/api/calendar/days").json() == []
    refused = client.post("/calendar/days", data={"day": day, "minutes": "2000"})
    assert refused.status_code == 422
    assert "minutes" in page_text(refused.text)
