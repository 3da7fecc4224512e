"""The bake calendar in Chromium at a phone's width and a desktop's (docs/product.md
§6.10): the week, today's list and the baker's sheet of the demo season read without
sideways scrolling, and today's "Record this bake" records it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.demo.season import build_demo_season
from bakehouse.services.core.settings import set_setting
from bakehouse.services.production.calendar_days import set_calendar_day
from bakehouse.web import create_app
from tests.factories.season import make_cookie_season
from tests.web.browser import chromium, serve, shot

pytestmark = pytest.mark.browser
TODAY = date.today()


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'calendar.sqlite3'}",
        host="127.0.0.1",
        secret_key="browser test",
    )
    app = create_app(settings)
    with transaction(app.state.session_factory) as session:
        build_demo_season(session, today=TODAY)  # with its calendar inputs
    with serve(app) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", [375, 1280])
def test_the_week_today_and_the_sheet_read_at_a_phone_and_a_desktop_width(
    browser: Browser, base_url: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{base_url}/calendar")
    expect(page.get_by_role("heading", name="Bake calendar")).to_be_visible()
    expect(page.locator(".cal-day")).to_have_count(7)
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-week-{width}")
    page.goto(f"{base_url}/calendar?start={(TODAY + timedelta(days=7)).isoformat()}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-next-week-{width}")
    sheets = page.locator(".cal-day a", has_text="Baker’s sheet")
    sheet = sheets.first.get_attribute("href") if sheets.count() else f"/calendar/sheet/{TODAY}"
    page.goto(f"{base_url}/calendar/today")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-today-{width}")
    page.goto(f"{base_url}{sheet}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-sheet-{width}")
    page.goto(f"{base_url}/calendar/inputs")
    expect(page.get_by_role("heading", name="What the calendar plans from")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-inputs-{width}")


@pytest.fixture
def small_url(tmp_path: Path) -> Iterator[str]:
    """The cookie season delivered in three days, with time to bake only today."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'small.sqlite3'}",
        host="127.0.0.1",
        secret_key="browser test",
    )
    app = create_app(settings)
    with transaction(app.state.session_factory) as session:
        season = make_cookie_season(
            session, recipients=("Alice", "Bob"), event_date=TODAY + timedelta(days=3)
        )
        season.recipe.hands_on_minutes = 45
        season.recipe.shelf_life_days = 9
        season.package.assembly_minutes = 10
        set_setting(session, "calendar_weekday_minutes", 0, environ={})
        set_setting(session, "calendar_weekend_minutes", 0, environ={})
        set_calendar_day(session, TODAY, minutes="120")
        set_calendar_day(session, TODAY + timedelta(days=2), minutes="60")
    with serve(app) as url:
        yield url


def test_record_this_bake_from_todays_list(browser: Browser, small_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(f"{small_url}/calendar/today")
    expect(page.get_by_text("Bake 1 batch of Test Cookies for Christmas 2024")).to_be_visible()
    shot(page, "calendar-today-with-a-bake-375")
    page.get_by_role("button", name="Record this bake").click()
    expect(page.get_by_text("Recorded.")).to_be_visible()
    expect(page.get_by_text("Bake 1 batch of Test Cookies")).to_have_count(0)
    page.goto(f"{small_url}/calendar/sheet/{TODAY.isoformat()}")
    shot(page, "calendar-sheet-after-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{small_url}/calendar")
    expect(page.get_by_text("Assemble 2 packages for Christmas 2024")).to_be_visible()
    shot(page, "calendar-small-week-1280")
