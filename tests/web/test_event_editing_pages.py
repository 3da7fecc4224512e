"""Editing an event on the web (docs/product.md §6.16): rename, re-date, notes, delete with
what goes or why not, an assignment's quantity, unusual dates asked about, clone defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.models import Assignment, Event
from bakehouse.services.events.status import update_package_status
from bakehouse.services.production.bakes import record_production
from bakehouse.web.pages.event_list import clone_default, suggest_clone
from tests.factories.planning import make_event
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.page_text import page_text

SOON = date.today() + timedelta(days=20)


@pytest.fixture
def season(db: Session) -> CookieSeason:
    arranged = make_cookie_season(db, recipients=["Alice", "Bob"], event_date=SOON)
    db.commit()
    db.expire_all()
    return arranged


def stored_events(db: Session) -> list[tuple[str, date, str]]:
    """What the database holds now (a new transaction: the app's commits are seen)."""
    db.commit()
    db.expire_all()
    return [(e.name, e.event_date, e.notes) for e in db.scalars(select(Event).order_by(Event.id))]


def test_the_event_page_links_to_its_edit_page(client: TestClient, season: CookieSeason) -> None:
    assert f'href="/events/{season.event.id}/edit"' in client.get(f"/events/{season.event.id}").text
    form = client.get(f"/events/{season.event.id}/edit").text
    assert 'value="Christmas 2024"' in form
    assert f'value="{SOON.isoformat()}"' in form
    assert f'href="/events/{season.event.id}/delete"' in form


def test_renames_redates_and_notes_an_event(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    later = SOON + timedelta(days=1)
    response = client.post(
        f"/events/{season.event.id}/edit",
        data={"name": "Christmas Eve", "event_date": later.isoformat(), "notes": "Tins by noon"},
    )
    assert response.status_code == 200
    assert "Event saved." in page_text(response.text)
    assert stored_events(db) == [("Christmas Eve", later, "Tins by noon")]


def test_a_taken_name_is_shown_beside_the_field_and_nothing_changes(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    make_event(db, name="Easter", event_date=SOON)
    db.commit()
    db.expire_all()
    response = client.post(
        f"/events/{season.event.id}/edit", data={"name": "easter", "event_date": SOON.isoformat()}
    )
    assert response.status_code == 422
    assert 'id="e-name"' in response.text
    assert "an event named 'Easter' already exists" in page_text(response.text)
    assert [name for name, *_ in stored_events(db)] == ["Christmas 2024", "Easter"]


def test_a_year_typo_is_asked_about_then_kept_once_confirmed(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    typo = SOON - timedelta(days=6 * 365)
    form = {"name": "Christmas 2024", "event_date": typo.isoformat()}
    asked = client.post(f"/events/{season.event.id}/edit", data=form)
    assert asked.status_code == 422
    text = page_text(asked.text)
    assert f"Christmas 2024 is dated {typo.isoformat()}, in the past" in text
    assert "Keep this date?" in text
    assert 'name="confirm" value="unusual_date"' in asked.text
    assert stored_events(db)[0][1] == SOON
    kept = client.post(f"/events/{season.event.id}/edit", data=form | {"confirm": "unusual_date"})
    assert "Event saved." in page_text(kept.text)
    assert stored_events(db)[0][1] == typo


def test_a_new_event_more_than_a_year_ahead_is_asked_about(client: TestClient, db: Session) -> None:
    far = (date.today() + timedelta(days=800)).isoformat()
    asked = client.post("/events", data={"name": "Party", "event_date": far})
    assert asked.status_code == 422
    assert "more than a year ahead" in page_text(asked.text)
    assert f'value="{far}"' in asked.text
    assert stored_events(db) == []
    made = client.post(
        "/events", data={"name": "Party", "event_date": far, "confirm": "unusual_date"}
    )
    assert "Event created" in page_text(made.text)


def test_deleting_shows_what_goes_and_takes_pending_assignments_along(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    page = page_text(client.get(f"/events/{season.event.id}/delete").text)
    assert (
        "Deleting Christmas 2024 also removes 2 pending package assignments "
        "(2 packages for 2 recipients); recipients, packages and recipes stay." in page
    )
    response = client.post(f"/events/{season.event.id}/delete")
    assert response.status_code == 200
    assert response.url.path == "/events"
    assert "Deleted Christmas 2024 and its pending packages." in page_text(response.text)
    assert stored_events(db) == []
    assert db.scalars(select(Assignment)).all() == []


def test_an_event_with_a_bake_says_why_it_cannot_be_deleted(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    record_production(db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1)
    update_package_status(db, season.assignment.id, "assembled")
    db.commit()
    db.expire_all()
    page = page_text(client.get(f"/events/{season.event.id}/delete").text)
    assert "Christmas 2024 cannot be deleted" in page
    assert "1 bake recorded for it (reversed ones included)" in page
    assert "1 package assembled" in page
    assert 'action="/events/' not in page
    refused = client.post(f"/events/{season.event.id}/delete")
    assert refused.status_code == 409
    assert "Nothing was deleted: cannot delete event 'Christmas 2024'" in page_text(refused.text)
    assert len(stored_events(db)) == 1


def test_changes_a_pending_assignments_quantity_on_the_event_page(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    page = client.get(f"/events/{season.event.id}").text
    action = f"/events/{season.event.id}/assignments/{season.assignment.id}/quantity"
    assert f'action="{action}"' in page
    response = client.post(action, data={"quantity": "3"})
    assert "Quantity changed." in page_text(response.text)
    db.commit()
    db.expire_all()
    assert db.get(Assignment, season.assignment.id).quantity == 3  # type: ignore[union-attr]
    zero = client.post(action, data={"quantity": "0"})
    assert zero.status_code == 422
    db.commit()
    db.expire_all()
    assert db.get(Assignment, season.assignment.id).quantity == 3  # type: ignore[union-attr]


@dataclass(frozen=True)
class Row:
    event_id: int
    event_name: str
    event_date: date


def test_clone_defaults_follow_the_source_and_never_collide() -> None:
    today = date(2026, 12, 1)
    last = Row(1, "Christmas 2025", date(2025, 12, 24))
    this = Row(2, "Christmas 2026", date(2026, 12, 24))
    old = Row(3, "Cookie swap 2021", date(2021, 12, 12))
    names = ["Christmas 2025", "Christmas 2026", "Cookie swap 2021", "Christmas 2026 (2)"]
    assert clone_default(last, today, names).name == "Christmas 2026 (3)"
    assert clone_default(this, today, names).name == "Christmas 2027"
    swap = clone_default(old, today, names)
    assert (swap.name, swap.event_date) == ("Cookie swap 2026", date(2026, 12, 12))
    chosen = suggest_clone([old, last, this], today)
    assert chosen is not None
    assert chosen.source_id == 1
    assert chosen.name == "Christmas 2026 (2)"


def test_the_clone_forms_first_click_succeeds(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    """The default the form shows is free and its date needs no confirmation."""
    past = make_event(db, name="Swap 2025", event_date=date.today() - timedelta(days=300))
    db.commit()
    db.expire_all()
    page = client.get("/events").text
    assert "data-clone-defaults" in page
    suggestion = suggest_clone(
        [Row(past.id, past.name, past.event_date), Row(season.event.id, season.event.name, SOON)],
        date.today(),
    )
    assert suggestion is not None
    assert f'value="{suggestion.name}"' in page
    response = client.post(
        "/events/clone",
        data={
            "source_id": str(suggestion.source_id),
            "name": suggestion.name,
            "event_date": suggestion.event_date.isoformat(),
        },
    )
    assert "Event cloned" in page_text(response.text)
