"""Money, dates and times are shown as the locale settings say, on pages, printable lists
and in the CLI (tests/cli/test_locale_cli.py), while the API keeps UTC times and plain
decimals (docs/product.md §6.19).
Two locales: a bakery in Los Angeles paying in dollars, one in Berlin paying in euros."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.services.core.settings import set_setting
from tests.factories.season import CookieSeason, make_cookie_season
from tests.web.page_text import page_text


@dataclass(frozen=True)
class Place:
    settings: dict[str, str]
    #: 2024-12-02 19:13 UTC as the place reads it.
    delivered: str
    #: The event's day, 2024-12-25.
    event_day: str
    #: The flour lot received 2024-01-01 with $2.00 / 2,00 € of stock.
    lot_value: str
    lot_day: str
    #: What a person types for two and a half (money) in the place.
    typed_money: str
    symbol: str
    other_symbol: str


LOS_ANGELES = Place(
    {"time_zone": "America/Los_Angeles", "currency": "USD", "number_locale": "en_US",
     "date_format": "month-day-year"},
    "Dec 2, 2024 11:13 PST", "Dec 25, 2024", "$2.00", "Jan 1, 2024", "$2.50", "$", "€",
)  # fmt: skip
BERLIN = Place(
    {"time_zone": "Europe/Berlin", "currency": "EUR", "number_locale": "de_DE",
     "date_format": "day.month.year"},
    "02.12.2024 20:13 CET", "25.12.2024", "2,00 €", "01.01.2024", "2,50 €", "€", "$",
)  # fmt: skip
PLACES = [pytest.param(LOS_ANGELES, id="los-angeles"), pytest.param(BERLIN, id="berlin")]


def settle(db: Session, place: Place) -> CookieSeason:
    season = make_cookie_season(db)
    for key, value in place.settings.items():
        set_setting(db, key, value, environ={})
    assignment = season.assignment
    assignment.status = AssignmentStatus.DELIVERED
    assignment.delivered_at = datetime(2024, 12, 2, 19, 13)  # stored UTC, naive
    db.commit()
    return season


@pytest.mark.parametrize("place", PLACES)
def test_pages_and_printable_lists_show_the_places_money_days_and_times(
    client: TestClient, db: Session, place: Place
) -> None:
    season = settle(db, place)

    pantry = page_text(client.get("/pantry").text)
    assert place.lot_value in pantry
    assert place.lot_day in pantry
    assert place.other_symbol not in pantry

    packing = page_text(client.get(f"/events/{season.event.id}/packing").text)
    assert place.delivered in packing  # the zone is named
    assert place.event_day in packing

    shopping = page_text(client.get("/shopping-list", params={"event": season.event.id}).text)
    assert place.symbol in shopping
    assert place.other_symbol not in shopping

    settings = client.get("/settings").text
    assert f'value="{place.settings["time_zone"]}"' in settings


@pytest.mark.parametrize("place", PLACES)
def test_the_api_keeps_utc_times_and_plain_decimals(
    client: TestClient, db: Session, place: Place
) -> None:
    season = settle(db, place)

    lots = client.get("/api/lots").json()["items"]
    assert {lot["cost"] for lot in lots} >= {"2"}
    deliveries = client.get(f"/api/events/{season.event.id}/deliveries").json()["items"]
    delivered = [d for d in deliveries if d["status"] == "delivered"]
    assert delivered[0]["delivered_at"].startswith("2024-12-02T19:13")


@pytest.mark.parametrize("place", PLACES)
def test_money_is_typed_as_the_place_writes_it(
    client: TestClient, db: Session, place: Place
) -> None:
    season = settle(db, place)
    budget = client.post(
        f"/events/{season.event.id}/budget", data={"budget": place.typed_money},
        follow_redirects=False,
    )  # fmt: skip
    assert budget.status_code == 303, page_text(budget.text)[:600]
    assert client.get(f"/api/events/{season.event.id}").json()["budget"] == "2.5"


def test_an_unknown_time_zone_or_currency_is_refused_in_words(
    client: TestClient, db: Session
) -> None:
    refused = client.post("/settings/time_zone", data={"value": "Mars/Olympus"})
    assert refused.status_code == 422
    assert 'Time zone must be a time zone such as "America/Los_Angeles"' in page_text(refused.text)
    refused = client.post("/settings/currency", data={"value": "dollars"})
    assert "Currency must be a currency code such as" in page_text(refused.text)


def test_an_environment_override_sets_the_locale_and_a_bad_one_leaves_pages_readable(
    client: TestClient, db: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_cookie_season(db)
    db.commit()
    monkeypatch.setenv("BAKEHOUSE_CURRENCY", "GBP")
    assert "£2.00" in page_text(client.get("/pantry").text)
    refused = client.post("/settings/currency", data={"value": "EUR"})
    assert "BAKEHOUSE_CURRENCY" in page_text(refused.text)

    monkeypatch.setenv("BAKEHOUSE_CURRENCY", "pounds")
    pantry = client.get("/pantry")
    assert pantry.status_code == 200
    assert "$2.00" in page_text(pantry.text)  # the defaults, until the override is fixed
