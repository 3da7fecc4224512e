"""The bake calendar in Chromium at a phone's width and a desktop's (docs/product.md
§6.10): the week, today's list and the baker's sheet of the demo season read without
sideways scrolling, and today's "Record this bake" records it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.demo.season import build_demo_season
from bakehouse.models import Package, Recipe
from bakehouse.web import create_app
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
        build_demo_season(session, today=TODAY)
        for n, recipe in enumerate(session.scalars(select(Recipe).order_by(Recipe.id))):
            recipe.hands_on_minutes = 25 + 5 * (n % 4)
            recipe.shelf_life_days = recipe.shelf_life_days or 7 + n % 5
            recipe.freezable = n % 3 == 0
        for package in session.scalars(select(Package)):
            package.assembly_minutes = 4
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
    page.goto(f"{base_url}/calendar/today")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-today-{width}")
    page.goto(f"{base_url}/calendar/sheet/{TODAY.isoformat()}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
    shot(page, f"calendar-sheet-{width}")


def test_record_this_bake_from_todays_list(browser: Browser, base_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(f"{base_url}/calendar/today")
    buttons = page.get_by_role("button", name="Record this bake")
    if buttons.count() == 0:
        pytest.skip("the demo season has no bake planned for today")
    first = page.locator(".cal-today-list > li").filter(has=buttons.first).first
    text = first.locator("div").first.inner_text()
    buttons.first.click()
    # Recorded and back on today's list, or asked to confirm on the event page (§6.11).
    expect(page.locator(".notice").first).to_be_visible()
    assert text
