"""The events list and the event page: every form, its errors, and what the page then shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.services.events.events import create_event
from bakehouse.services.events.people import create_recipient
from bakehouse.services.events.status import update_package_status
from bakehouse.services.production.bakes import record_production
from bakehouse.web.pages.event_list import suggest_clone
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.page_text import page_text, section


@pytest.fixture
def season(db: Session) -> CookieSeason:
    arranged = make_cookie_season(db, recipients=["Alice", "Bob", "Carol"])
    db.commit()
    return arranged


def soon(days: int = 24) -> str:
    """A date ``days`` from today: needs no confirmation (docs/product.md §6.16)."""
    return (date.today() + timedelta(days=days)).isoformat()


def event_url(season: CookieSeason) -> str:
    return f"/events/{season.event.id}"


def test_creates_an_event_from_the_form(client: TestClient) -> None:
    response = client.post("/events", data={"name": "Christmas 2026", "event_date": soon()})
    assert response.status_code == 200
    assert response.url.path.startswith("/events/")
    text = page_text(response.text)
    assert "Christmas 2026" in text
    assert "Event created" in text
    assert "Christmas 2026" in page_text(client.get("/events").text)


def test_a_bad_event_form_shows_the_message_next_to_the_field(client: TestClient) -> None:
    response = client.post("/events", data={"name": "", "event_date": "soon"})
    assert response.status_code == 422
    assert 'id="e-event_date"' in response.text
    assert 'id="e-name"' in response.text
    assert 'value="soon"' in response.text
    assert "No events yet" in page_text(response.text)


def test_a_taken_event_name_is_refused_and_nothing_is_saved(
    client: TestClient, season: CookieSeason
) -> None:
    response = client.post("/events", data={"name": "Christmas 2024", "event_date": "2025-12-25"})
    assert response.status_code == 422
    assert "already" in page_text(response.text)
    assert page_text(client.get("/events").text).count("Christmas 2024") == 2  # table + select


@dataclass(frozen=True)
class Row:
    event_id: int
    event_name: str
    event_date: date


def test_suggests_cloning_last_years_event_into_next_year() -> None:
    rows = (Row(1, "Christmas 2024", date(2024, 12, 25)), Row(2, "Easter", date(2026, 4, 5)))
    suggestion = suggest_clone(rows, date(2025, 3, 1))
    assert suggestion is not None
    assert (suggestion.source_id, suggestion.name) == (1, "Christmas 2025")
    assert suggestion.event_date == date(2025, 12, 25)
    leap = suggest_clone((Row(3, "Leap party", date(2024, 2, 29)),), date(2024, 3, 1))
    assert leap is not None
    assert (leap.name, leap.event_date) == ("Leap party 2025", date(2025, 2, 28))
    assert suggest_clone(rows, date(2024, 1, 1)) is None


def test_clones_an_event_from_the_list_page(client: TestClient, season: CookieSeason) -> None:
    form = page_text(client.get("/events").text)
    assert "Clone last year’s event" in form
    response = client.post(
        "/events/clone",
        data={"source_id": season.event.id, "name": "Christmas 2025", "event_date": soon()},
    )
    text = page_text(response.text)
    assert "Event cloned" in text
    assert "Pending 3" in text


def test_cloning_with_a_bad_date_keeps_the_form(client: TestClient, season: CookieSeason) -> None:
    response = client.post(
        "/events/clone", data={"source_id": season.event.id, "name": "X", "event_date": ""}
    )
    assert response.status_code == 422
    assert 'id="e-event_date"' in response.text


def test_unknown_event_page_is_not_found(client: TestClient) -> None:
    response = client.get("/events/999999")
    assert response.status_code == 404
    assert "event 999999 was not found" in page_text(response.text)


def test_the_event_page_shows_what_to_bake_packages_and_costs(
    client: TestClient, season: CookieSeason
) -> None:
    markup = client.get(event_url(season)).text
    assert "Test Cookies 0 of 2" in section(markup, "baking")
    packages = section(markup, "packages")
    assert "Alice Cookie box pending" in packages
    assert "Not enough baked yet: Test Cookies needs 1 more batch (0 of 1)" in packages
    costs = section(markup, "costs")
    assert "Test Cookies 0 / 2 $3.00 $0.00 $3.00 $3.00 not started" in costs
    assert "-100" not in costs
    assert "<svg" in markup
    assert "No bakes recorded yet" in section(markup, "production")
    assert f'href="/shopping-list?event={season.event.id}"' in markup
    assert f'href="/events/{season.event.id}/packing"' in markup


def test_records_batches_from_the_recipe_row(client: TestClient, season: CookieSeason) -> None:
    response = client.post(
        f"{event_url(season)}/bakes", data={"recipe_id": season.recipe.id, "batches": "1"}
    )
    assert response.status_code == 200
    assert "Recorded 1 batch of Test Cookies." in page_text(response.text)
    assert "Test Cookies 1 of 2" in section(response.text, "baking")
    assert "Test Cookies 1 $1.10" in section(response.text, "production")


def test_a_shortage_lists_every_missing_ingredient_and_saves_nothing_until_confirmed(
    client: TestClient, season: CookieSeason
) -> None:
    url = f"{event_url(season)}/bakes"
    response = client.post(url, data={"recipe_id": season.recipe.id, "batches": "100"})
    assert response.status_code == 409
    text = page_text(response.text)
    assert "Nothing was recorded yet: this bake needs your confirmation" in text
    assert "Not enough in the pantry (Flour needs 47317.6 ml, 3548.82 ml in the pantry" in text
    assert "Flour: missing 43768.78 ml Sugar: missing 21292.92 ml" in text
    assert 'type="checkbox" name="confirm" value="cover_shortage" required' in response.text
    assert "No bakes recorded yet" in section(response.text, "production")

    confirmed = client.post(
        url,
        data={"recipe_id": season.recipe.id, "batches": "100",
              "confirm": ["over_plan", "cover_shortage"]},
    )  # fmt: skip

    assert confirmed.status_code == 200
    assert "booked as unrecorded stock" in page_text(confirmed.text)
    booked = section(client.get("/pantry").text, "counted-heading")
    assert "Flour" in booked
    assert "unrecorded short bake" in booked


def test_baking_beyond_the_plan_asks_before_saving(
    client: TestClient, season: CookieSeason
) -> None:
    url = f"{event_url(season)}/bakes"
    asked = client.post(url, data={"recipe_id": season.recipe.id, "batches": "3"})
    assert asked.status_code == 409
    text = page_text(asked.text)
    assert "Nothing was recorded yet: this bake needs your confirmation" in text
    assert (
        "3 batches of Test Cookies would then be made for Christmas 2024, "
        "1 more than the 2 the plan requires"
    ) in text
    assert "the plan needs 2 already made 0 this bake 3 over by 1" in text
    assert 'type="checkbox" name="confirm" value="over_plan" required' in asked.text
    assert "No bakes recorded yet" in section(asked.text, "production")
    confirmed = client.post(
        url, data={"recipe_id": season.recipe.id, "batches": "3", "confirm": "over_plan"}
    )
    assert confirmed.status_code == 200
    assert "Test Cookies done 3 of 2" in section(confirmed.text, "baking")


def test_an_unticked_or_unknown_confirmation_saves_nothing(
    client: TestClient, season: CookieSeason
) -> None:
    url = f"{event_url(season)}/bakes"
    unknown = client.post(
        url, data={"recipe_id": season.recipe.id, "batches": "3", "confirm": "shortage"}
    )
    assert unknown.status_code == 422
    known = "the confirmations are: over_plan, make_missing, cover_shortage, use_expired"
    assert f"unknown confirmation 'shortage'; {known}" in page_text(unknown.text)
    assert "No bakes recorded yet" in section(unknown.text, "production")
    # The old form's "confirm=1" is no confirmation code either.
    old = client.post(url, data={"recipe_id": season.recipe.id, "batches": "3", "confirm": "1"})
    assert old.status_code == 422
    assert "No bakes recorded yet" in section(old.text, "production")


def test_short_prepared_stock_asks_to_make_it_now_too(
    client: TestClient, db: Session, season: CookieSeason
) -> None:
    """docs/product.md §6.12: the cookies use an icing; with none prepared, the bake form asks
    "make it now too", and ticked, the icing is baked first and the cookies draw it."""
    from decimal import Decimal

    from bakehouse.services.recipes.recipes import (
        RecipeLineInput,
        YieldInput,
        create_recipe,
        set_recipe_lines,
    )

    sugar = RecipeLineInput(season.sugar.id, Decimal(1), "cup")
    icing = create_recipe(db, name="Icing", lines=[sugar],
                          batch_yield=YieldInput("2", "cup", shelf_life_days=3))  # fmt: skip
    set_recipe_lines(db, season.recipe.id, [
        RecipeLineInput(season.flour.id, Decimal(2), "cup"),
        RecipeLineInput(season.sugar.id, Decimal(1), "cup"),
        RecipeLineInput(None, Decimal(1), "cup", sub_recipe_id=icing.id),
    ])  # fmt: skip
    db.commit()
    page = client.get(event_url(season))
    baking = page_text(section(page.text, "baking"))
    assert "Icing sub-recipe 0 of 1 1 still to make" in baking
    assert "Recipes complete 0 / 1" in page_text(page.text)

    url = f"{event_url(season)}/bakes"
    asked = client.post(url, data={"recipe_id": season.recipe.id, "batches": "2"})
    assert asked.status_code == 409
    text = page_text(asked.text)
    assert "Icing needs 2 cup, 0 on hand: make 1 batch now" in text
    assert "Icing: batches to make 1" in text
    assert 'type="checkbox" name="confirm" value="make_missing" required' in asked.text
    made = client.post(
        url, data={"recipe_id": season.recipe.id, "batches": "2", "confirm": "make_missing"}
    )
    assert made.status_code == 200
    baking = page_text(section(made.text, "baking"))
    assert "Test Cookies done 2 of 2" in baking
    assert "Icing sub-recipe done 1 of 1" in baking


@pytest.mark.parametrize("batches", ["0", "-2", "1.5", "lots", ""])
def test_batches_must_be_a_positive_whole_number(
    client: TestClient, season: CookieSeason, batches: str
) -> None:
    response = client.post(
        f"{event_url(season)}/bakes", data={"recipe_id": season.recipe.id, "batches": batches}
    )
    assert response.status_code == 422
    assert "batches:" in section(response.text, "baking")
    assert "No bakes recorded yet" in section(response.text, "production")


def test_bakes_a_recipe_that_is_not_in_the_plan(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=[])
    db.commit()
    response = client.post(
        f"{event_url(season)}/bakes",
        data={"recipe_id": season.recipe.id, "batches": "1", "form_key": "bake-other"},
    )
    assert response.status_code == 409  # the plan needs none: it asks first
    assert "does not need Test Cookies" in page_text(response.text)


def test_marks_packages_assembled_then_delivered_with_a_note(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    db.commit()
    alice = season.assignments[0].id
    assembled = client.post(f"{event_url(season)}/assignments/{alice}/assemble")
    assert "Package marked assembled." in page_text(assembled.text)
    assert "Alice Cookie box assembled" in section(assembled.text, "packages")
    delivered = client.post(
        f"{event_url(season)}/assignments/{alice}/deliver", data={"note": "Left with neighbour"}
    )
    packages = section(delivered.text, "packages")
    assert "Alice Cookie box delivered" in packages
    assert "“Left with neighbour”" in packages


def test_assembling_without_enough_baked_says_what_is_missing(
    client: TestClient, season: CookieSeason
) -> None:
    alice = season.assignments[0].id
    response = client.post(f"{event_url(season)}/assignments/{alice}/assemble")
    assert response.status_code == 409
    packages = section(response.text, "packages")
    assert "Test Cookies: 1 batch required, 0 produced, 1 missing" in packages
    assert "Alice Cookie box pending" in packages


def test_delivering_a_pending_package_is_refused(client: TestClient, season: CookieSeason) -> None:
    alice = season.assignments[0].id
    response = client.post(f"{event_url(season)}/assignments/{alice}/deliver", data={})
    assert response.status_code == 409
    assert "cannot go from pending to delivered" in section(response.text, "packages")


def test_reverses_a_bake_with_a_reason(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    result = record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    db.commit()
    url = f"{event_url(season)}/bakes/{result.record.id}/reverse"
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 422
    assert 'id="reason-error-' in refused.text
    reversed_ = client.post(url, data={"reason": "burnt"})
    history = section(reversed_.text, "production")
    assert "reversed" in history
    assert "burnt" in history
    assert "Test Cookies 0 of 2" in section(reversed_.text, "baking")


def test_assigns_a_package_to_many_recipients_at_once(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    dana = create_recipient(db, name="Dana").id
    eli = create_recipient(db, name="Eli").id
    db.commit()
    response = client.post(
        f"{event_url(season)}/assignments",
        data={"package_id": season.package.id, "recipient_ids": [dana, eli], "quantity": "2"},
    )
    packages = section(response.text, "packages")
    assert "Dana 2 × Cookie box pending" in packages
    assert "Eli 2 × Cookie box pending" in packages


def test_assigning_to_nobody_says_choose_someone(client: TestClient, season: CookieSeason) -> None:
    response = client.post(
        f"{event_url(season)}/assignments", data={"package_id": season.package.id}
    )
    assert response.status_code == 422
    assert "choose at least one recipient" in section(response.text, "packages")


def test_assigning_someone_twice_names_them(client: TestClient, season: CookieSeason) -> None:
    response = client.post(
        f"{event_url(season)}/assignments",
        data={"package_id": season.package.id, "recipient_ids": season.recipients[0].id},
    )
    assert response.status_code == 409
    assert "Alice already gets 'Cookie box'" in section(response.text, "packages")


def test_removes_a_pending_assignment(client: TestClient, season: CookieSeason) -> None:
    bob = season.assignments[1].id
    response = client.post(f"{event_url(season)}/assignments/{bob}/remove")
    assert "Assignment removed." in page_text(response.text)
    assert "Bob" not in section(response.text, "packages").split("Recipients")[0]


def test_warns_about_allergens_on_the_event_page(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Fay"], allergens=["gluten"])
    db.commit()
    text = page_text(client.get(event_url(season)).text)
    assert "Allergen warnings" in text
    assert "Cookie box contains cereals containing gluten, which Fay avoids" in text


def test_an_event_with_nothing_planned_says_so(client: TestClient, db: Session) -> None:
    event = create_event(db, name="Bake sale", event_date=date(2026, 12, 5))
    db.commit()
    text = page_text(client.get(f"/events/{event.id}").text)
    assert "no packages planned" in text
    assert "Nothing to bake yet" in text
    assert "No costs yet" in text


def test_a_delivered_event_reads_complete(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=2, confirm=["over_plan"]
    )
    for assignment in season.assignments:
        update_package_status(db, assignment.id, "assembled")
        update_package_status(db, assignment.id, "delivered")
    db.commit()
    text = page_text(client.get(event_url(season)).text)
    assert "Dec 25, 2024 complete" in text


def test_a_form_naming_an_impossible_recipe_id_is_refused_politely(
    client: TestClient, season: CookieSeason
) -> None:
    response = client.post(
        f"{event_url(season)}/bakes", data={"recipe_id": str(2**40), "batches": "1"}
    )
    assert response.status_code == 422
    assert "Nothing was saved: Recipe: choose one from the list" in page_text(response.text)
    assert "No bakes recorded yet" in section(response.text, "production")


def test_a_wrongly_delivered_package_can_be_corrected_with_a_reason(
    client: TestClient, season: CookieSeason, db: Session
) -> None:
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    db.commit()
    alice = season.assignments[0].id
    client.post(f"{event_url(season)}/assignments/{alice}/assemble")
    delivered = client.post(f"{event_url(season)}/assignments/{alice}/deliver", data={})
    assert "Correct status" in section(delivered.text, "packages")

    refused = client.post(
        f"{event_url(season)}/assignments/{alice}/correct", data={"status": "pending"}
    )
    assert refused.status_code == 422
    corrected = client.post(
        f"{event_url(season)}/assignments/{alice}/correct",
        data={"status": "assembled", "reason": "marked by mistake"},
    )
    assert corrected.status_code == 200
    assert "Package status corrected" in page_text(corrected.text)
    assert "Alice Cookie box assembled" in section(corrected.text, "packages")
