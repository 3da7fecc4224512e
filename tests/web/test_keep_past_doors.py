"""Keeping the past true through the API and the pages (docs/product.md §6.20): plan
locks, what each assignment holds, archive and un-archive."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.services.events.status import update_package_status
from bakehouse.services.packaging.packages import ContentInput, set_bundle_lines
from tests.factories.season import CookieSeason, bake, make_cookie_season
from tests.web.error_shape import assert_error
from tests.web.page_text import page_text


def _season(db: Session) -> CookieSeason:
    season = make_cookie_season(db, recipients=("Ann", "Bo"))
    bake(db, season, 1, confirm=())
    update_package_status(db, season.assignments[0].id, "assembled")
    set_bundle_lines(db, season.bundle.id, [ContentInput(6, item_id=season.cookie.id)])
    db.commit()
    return season


def test_a_plan_is_locked_and_unlocked_with_a_reason_through_the_api(
    client: TestClient, db: Session
) -> None:
    season = _season(db)
    url = f"/api/events/{season.event.id}"
    assert client.get(f"{url}/lock").json()["is_locked"] is False

    locked = client.post(f"{url}/lock", json={"note": "prices agreed"})
    assert locked.status_code == 200
    body = locked.json()
    assert body["is_locked"] is True
    assert [(r["recipe"], r["batches"]) for r in body["recipes"]] == [("Test Cookies", 1)]
    assert_error(client.post(f"{url}/lock", json={}), 409, "conflict", says="already locked")
    costs = client.get(f"{url}/costs").json()
    assert costs["price_basis"] == "locked"
    assert costs["repriced_total"] is not None

    assert_error(client.post(f"{url}/unlock", json={"reason": " "}), 422, "invalid_input")
    assert_error(client.post(f"{url}/unlock", json={}), 422, "invalid_input")
    unlocked = client.post(f"{url}/unlock", json={"reason": "two more tins"}).json()
    assert [(c["locked"], c["reason"]) for c in unlocked["history"]] == [
        (True, "prices agreed"),
        (False, "two more tins"),
    ]


def test_each_assignment_shows_what_it_holds(client: TestClient, db: Session) -> None:
    season = _season(db)
    rows = client.get(f"/api/events/{season.event.id}/contents").json()
    assert [(r["frozen"], [i["units"] for i in r["items"]]) for r in rows] == [
        (True, [12]),
        (False, [6]),
    ]


def test_archive_and_unarchive_through_the_api(client: TestClient, db: Session) -> None:
    season = _season(db)
    archived = client.post("/api/archive", json={"kind": "recipe", "id": season.recipe.id})
    assert archived.status_code == 200
    assert archived.json()["archived_at"] is not None
    assert_error(client.post("/api/archive", json={"kind": "oven", "id": 1}), 422, "invalid_input")
    assert_error(
        client.post("/api/archive", json={"kind": "recipe", "id": 99999}), 404, "not_found"
    )
    back = client.post("/api/unarchive", json={"kind": "recipe", "id": season.recipe.id})
    assert back.json()["archived_at"] is None


def test_the_event_page_locks_says_which_prices_and_unlocks(
    client: TestClient, db: Session
) -> None:
    season = _season(db)
    page = page_text(client.get(f"/events/{season.event.id}").text)
    # The cookie season's event is in 2024: past, priced as of its day.
    assert "Priced as of" in page
    assert "Lock prices" in page

    locked = client.post(f"/events/{season.event.id}/lock", data={})
    assert locked.status_code == 200
    page = page_text(locked.text)
    assert "Prices locked: later purchases" in page
    assert "Unlock prices" in page

    refused = client.post(f"/events/{season.event.id}/unlock", data={"reason": ""})
    assert refused.status_code == 422
    assert "Nothing was saved" in page_text(refused.text)
    done = client.post(f"/events/{season.event.id}/unlock", data={"reason": "more tins"})
    assert "Prices unlocked; the reason is recorded" in page_text(done.text)


def test_a_recipe_is_archived_from_its_page_and_found_with_the_filter(
    client: TestClient, db: Session
) -> None:
    season = _season(db)
    archived = client.post(f"/recipes/{season.recipe.id}/archive", data={})
    assert "Archived: hidden from lists" in page_text(archived.text)
    assert "Test Cookies" not in page_text(client.get("/recipes").text)
    shown = page_text(client.get("/recipes?archived=true").text)
    assert "Test Cookies archived" in shown
    assert "Hide archived" in shown
    edit = page_text(client.get(f"/recipes/{season.recipe.id}/edit").text)
    assert "Un-archive" in edit
    back = client.post(f"/recipes/{season.recipe.id}/unarchive", data={})
    assert "Back in lists and pickers" in page_text(back.text)
    assert "Test Cookies" in page_text(client.get("/recipes").text)


def test_the_packing_list_shows_what_an_assembled_package_held(
    client: TestClient, db: Session
) -> None:
    season = _season(db)
    page = page_text(client.get(f"/events/{season.event.id}/packing").text)
    # Ann's box was assembled with a dozen; the tin holds 6 today.
    assert "as assembled: 12 × Test cookie" in page
    assert page.count("as assembled") == 1
