"""The printable pages: the shopping list and an event's packing and delivery list."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot, make_product
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.page_text import page_text, section

SOON = date.today() + timedelta(days=20)


def arrange_bake_sale(db: Session) -> int:
    flour = make_ingredient(db, name="Flour", measure=Measure.MASS)
    make_product(db, flour, name="Flour", package_size=Decimal(1), package_unit="kg")
    make_lot(db, flour, quantity="300", cost="0.60")
    saffron = make_ingredient(db, name="Saffron", measure=Measure.MASS)
    sugar = make_ingredient(db, name="Sugar", measure=Measure.MASS)
    make_lot(db, sugar, quantity="5000", cost="5.00")
    buns = make_recipe(
        db, name="Buns", lines=[(flour, "500", "g"), (saffron, "1", "g"), (sugar, "100", "g")]
    )
    bun = make_item(db, buns, name="Saffron bun", items_per_batch=12)
    package = make_package(db, name="Bun bag", contents=[(12, bun)])
    event = make_event(db, name="Lucia", event_date=SOON)
    make_assignment(db, event, make_recipient(db, name="Ann"), package)
    db.commit()
    return event.id


def test_the_shopping_list_says_what_to_buy_and_what_it_costs(
    client: TestClient, db: Session
) -> None:
    event_id = arrange_bake_sale(db)
    page = client.get(f"/shopping-list?event={event_id}").text
    text = page_text(page)
    assert "For Lucia" in text
    buy = section(page, "buy-heading")
    assert "Flour 500 g 300 g 200 g 1 × Acme Flour (1 kg) $2.00 800 g" in buy
    assert "Saffron" in buy
    assert "no product listed" in buy
    assert "Estimated bill $2.00" in buy
    assert "No product listed for Saffron" in text
    covered = section(page, "covered-heading")
    assert "Sugar 100 g 5,000 g 4,900 g" in covered


def test_without_an_event_it_shops_for_the_next_weeks_or_every_upcoming_event(
    client: TestClient, db: Session
) -> None:
    event_id = arrange_bake_sale(db)
    make_event(db, name="Long ago", event_date=date(2001, 1, 1))
    make_event(db, name="Far off", event_date=date.today() + timedelta(weeks=20))
    db.commit()

    def lead(url: str) -> str:  # the sentence that says what the list covers
        return page_text(client.get(url).text.split('class="lead">')[1].split("</p>")[0])

    default = lead("/shopping-list")
    assert "the next 6 weeks" in default  # no season: the horizon setting (§6.15)
    assert "Lucia" in default
    assert "Far off" not in default
    for url in ("/shopping-list?upcoming=1", "/shopping-list?season=upcoming"):
        text = lead(url)
        assert "all upcoming events (from" in text
        assert "Lucia" in text
        assert "Far off" in text
    chooser = client.get("/shopping-list").text
    assert f'<option value="{event_id}">Lucia' in chooser


def test_an_ingredient_never_bought_is_unpriced_not_free(client: TestClient, db: Session) -> None:
    vanilla = make_ingredient(db, name="Vanilla", measure=Measure.VOLUME)
    make_product(db, vanilla, name="Bottle", package_size=Decimal(59), package_unit="ml")
    wafer = make_item(db, make_recipe(db, lines=[(vanilla, "5", "ml")]), items_per_batch=1)
    event = make_event(db, event_date=SOON)
    make_assignment(db, event, make_recipient(db), make_package(db, contents=[(2, wafer)]))
    db.commit()
    page = client.get(f"/shopping-list?event={event.id}").text
    assert "Vanilla 10 ml 0 ml 10 ml 1 × Acme Bottle (59 ml) — unpriced" in section(
        page, "buy-heading"
    )
    assert "No price yet for Vanilla" in page_text(page)


def test_the_shopping_list_is_made_to_print(client: TestClient, db: Session) -> None:
    page = client.get("/shopping-list").text
    assert 'media="print"' in page
    assert "print.css" in page
    assert "data-print" in page
    assert "There are no events to shop for here" in page_text(page)
    sheet = client.get("/static/print.css").text
    assert ".checkbox-cell::before" in sheet
    assert ".no-print" in sheet


def test_the_packing_list_shows_who_gets_what_where_and_its_status(
    client: TestClient, db: Session
) -> None:
    peanuts = make_ingredient(db, name="Peanuts", measure=Measure.MASS, allergens=["peanuts"])
    brittle = make_item(
        db,
        make_recipe(db, name="Brittle", lines=[(peanuts, "100", "g")]),
        name="Brittle piece",
        items_per_batch=20,
    )
    tin = make_package(
        db, name="Candy tin", contents=[(1, make_bundle(db, contents=[(6, brittle)]))]
    )
    event = make_event(db, name="Christmas", event_date=SOON)
    joe = make_recipient(
        db,
        name="Grandpa Joe",
        household="Grandparents",
        address="14 Orchard Lane",
        allergens=["peanuts"],
    )
    make_assignment(db, event, joe, tin)
    make_assignment(
        db,
        event,
        make_recipient(db, name="Ann", address="1 Elm St"),
        tin,
        quantity=2,
        status=AssignmentStatus.DELIVERED,
        delivery_note="on the porch",
    )
    db.commit()
    page = client.get(f"/events/{event.id}/packing").text
    text = page_text(page)
    assert "Christmas" in text
    assert "Packages 3 Pending 1 Assembled 0 Delivered 2" in text
    who = section(page, "who-heading")
    assert "Ann 1 Elm St Candy tin 2 delivered" in who
    assert "on the porch" in who
    assert "Grandpa Joe Grandparents 14 Orchard Lane Candy tin 1 pending" in who
    assert "⚠ contains peanuts" in who
    assert page.count('class="checkbox-cell"') == 2
    inside = section(page, "inside-heading")
    assert "Candy tin × 3 6 Brittle piece" in inside
    assert "Peanuts" in inside
    assert "Candy tin contains peanuts, which Grandpa Joe avoids" in text
    assert "data-print" in page


def test_an_event_without_assignments_says_so(client: TestClient, db: Session) -> None:
    event = make_event(db, name="Quiet year")
    db.commit()
    assert "No packages are assigned" in page_text(client.get(f"/events/{event.id}/packing").text)


def test_unknown_events_are_not_found_pages(client: TestClient) -> None:
    assert client.get("/events/999999/packing").status_code == 404
    response = client.get("/shopping-list?event=999999")
    assert response.status_code == 404
    assert "event 999999 was not found" in page_text(response.text)
    assert client.get("/shopping-list?event=lucia").status_code == 422


def test_expired_stock_is_not_on_hand_and_is_listed_to_use_or_discard(
    client: TestClient, db: Session
) -> None:
    from tests.factories.season import make_cookie_season

    season = make_cookie_season(db)  # the event is on 2024-12-25
    season.old_flour.best_before = date(2024, 6, 1)
    db.commit()

    page = client.get(f"/shopping-list?event={season.event.id}").text

    expired = section(page, "expired-heading")
    assert "Past its best-before by Dec 25, 2024: not counted as on hand above" in expired
    assert "Flour 1,182.94 ml Jun 1, 2024" in expired
