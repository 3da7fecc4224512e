"""The dashboard: one card per event soonest first, progress, cost against plan, season total."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.domain.seasons import budget_standing
from bakehouse.services.events.events import create_event
from bakehouse.services.events.seasons import set_event_budget
from bakehouse.services.events.status import update_package_status
from bakehouse.services.production.bakes import record_production
from tests.factories.season import make_cookie_season
from tests.web.page_text import page_text


def test_an_empty_season_shows_the_setup_checklist_starting_at_the_ingredients(
    client: TestClient,
) -> None:
    """docs/product.md §6.16: what a season needs first, one link per step."""
    markup = client.get("/").text
    text = page_text(markup)
    assert "No events yet" in text
    assert "Showing All upcoming events" in text
    assert "Set up your season 0 of 8 done" in text
    assert 'action="/setup/starter-ingredients"' in markup
    for href in ("/catalog", "/pantry/purchases/new", "/recipes#new-recipe", "/packages#new-record",
                 "/recipients#add-recipient", "/events#new-event"):  # fmt: skip
        assert f'href="{href}"' in markup


def test_the_starter_button_loads_the_catalog_and_ticks_the_first_step(
    client: TestClient,
) -> None:
    response = client.post("/setup/starter-ingredients")
    assert response.status_code == 200
    text = page_text(response.text)
    assert "starter ingredients, each with a typical product to buy" in text
    assert "Set up your season 1 of 8 done" in text
    assert "Load starter ingredients" not in text


def test_a_planned_season_shows_no_checklist(client: TestClient, db: Session) -> None:
    make_cookie_season(db)
    db.commit()
    assert 'id="setup"' not in client.get("/").text


def test_a_set_up_kitchen_with_no_events_in_scope_invites_to_create_one(
    client: TestClient, db: Session
) -> None:
    make_cookie_season(db)  # its events are past: none upcoming (docs/product.md §6.15)
    db.commit()
    text = page_text(client.get("/").text)
    assert "No events here" in text
    assert "Showing All upcoming events" in text
    assert "Create your first event" in text


def test_one_card_per_event_soonest_first(client: TestClient, db: Session) -> None:
    create_event(db, name="New Year", event_date=date(2027, 1, 1))
    create_event(db, name="Cookie swap", event_date=date(2026, 12, 5))
    make_cookie_season(db, event_name="Christmas 2026", event_date=date(2026, 12, 25))
    db.commit()
    text = page_text(client.get("/?season=all").text)
    assert text.index("Cookie swap") < text.index("Christmas 2026") < text.index("New Year")


def test_an_event_without_packages_says_so(client: TestClient, db: Session) -> None:
    create_event(db, name="Bake sale", event_date=date(2026, 12, 5))
    db.commit()
    markup = client.get("/?season=all").text
    text = page_text(markup)
    assert "Bake sale" in text
    assert "no packages planned" in text
    assert "nothing planned yet" in text
    assert ">complete</span>" not in markup


def test_a_card_shows_recipes_packages_and_cost(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice", "Bob"])
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    update_package_status(db, season.assignments[0].id, "assembled")
    db.commit()
    response = client.get("/?season=all")
    text = page_text(response.text)
    assert "Christmas 2024" in text
    assert "1 of 1 complete" in text
    assert "0 delivered · 1 assembled · 1 pending" in text
    assert "$1.10 spent of $1.50 planned" in text
    assert 'aria-label="Recipes complete: 1 of 1"' in response.text


def test_over_budget_is_said_plainly_and_only_against_a_budget(
    client: TestClient, db: Session
) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=3, confirm=["over_plan"]
    )
    db.commit()
    text = page_text(client.get("/?season=all").text)
    assert "$3.50 spent of $1.50 planned" in text
    assert "over" not in text.replace("Forecast", "")  # no budget: nothing is "over"
    set_event_budget(db, season.event.id, "3.00")
    db.commit()
    text = page_text(client.get("/?season=all").text)
    assert "$0.50 over its $3.00 budget" in text
    assert 'class="over budget"' in client.get("/?season=all").text


def test_completed_events_leave_the_cards_for_the_table_of_all_events(
    client: TestClient, db: Session
) -> None:
    season = make_cookie_season(db, recipients=["Alice"])
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    update_package_status(db, season.assignments[0].id, "assembled")
    update_package_status(db, season.assignments[0].id, "delivered")
    create_event(db, name="Christmas 2026", event_date=date(2026, 12, 25))
    db.commit()
    markup = client.get("/?season=all").text
    cards, table = markup.split('id="all-events"')
    assert "Christmas 2024" not in cards
    assert "Christmas 2026" in cards
    assert "Christmas 2024" in table
    assert "Christmas 2026" in table
    assert "no budget" in page_text(table)


def test_at_most_24_cards_nearest_to_today_and_every_event_a_page_at_a_time(
    client: TestClient, db: Session
) -> None:
    today = date.today()
    for n in range(30):  # 15 already past, 15 to come, none started
        create_event(db, name=f"Party {n:02}", event_date=today + timedelta(days=n - 15))
    db.commit()
    markup = client.get("/?season=all").text
    cards, table = markup.split('id="all-events"')
    shown = re.findall(r"Party (\d\d)</a></h2>", cards)
    # Upcoming soonest first, then the latest of those already past.
    assert shown == [f"{n:02}" for n in (*range(15, 30), *range(14, 5, -1))]
    assert "6 more events in progress" in page_text(cards)
    assert len(re.findall(r"Party \d\d</a></th>", table)) == 30
    assert "no packages planned" in page_text(table)  # the state as a person reads it

    second = client.get("/?season=all&offset=20&limit=20").text
    table = second.split('id="all-events"')[1]
    assert re.findall(r"Party (\d\d)</a></th>", table) == [f"{n:02}" for n in range(20, 30)]
    assert "Events 21–30 of 30" in page_text(table)
    assert 'href="/?limit=20&amp;season=all#all-events"' in table  # back to the first page


def test_the_season_total_adds_every_event(client: TestClient, db: Session) -> None:
    season = make_cookie_season(db, recipients=["Alice", "Bob", "Carol"])
    record_production(
        db, event_id=season.event.id, recipe_id=season.recipe.id, batches=1, confirm=["over_plan"]
    )
    create_event(db, name="Swap", event_date=date(2025, 1, 5))
    db.commit()
    text = page_text(client.get("/?season=all").text)
    assert "Events 2" in text
    assert "Packages delivered 0 / 3" in text
    assert "Spent $1.10" in text
    assert "Planned $3.00" in text


def test_a_budget_reads_left_or_over_against_the_forecast_and_nothing_without_one() -> None:
    assert budget_standing(None, Decimal("4")) is None
    over = budget_standing(Decimal("4"), Decimal("5"))
    assert over is not None
    assert (over.kind, over.amount) == ("over", Decimal("1"))
    left = budget_standing(Decimal("4"), Decimal("3"))
    assert left is not None
    assert (left.kind, left.amount) == ("left", Decimal("1"))
    even = budget_standing(Decimal("4"), Decimal("4"))
    assert even is not None
    assert (even.kind, even.amount) == ("left", Decimal("0"))
