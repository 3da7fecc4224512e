"""A form sent with mistakes and a sorted list, in Chromium on a phone (375 px) and a
desktop (1280 px): every problem shows beside its field, led by its label, and nothing
spills off the side of the screen (docs/product.md §6.19)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, expect

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.demo.season import build_demo_season
from bakehouse.web import create_app
from tests.web.browser import chromium, serve, shot

WIDTHS = {"phone": 375, "desktop": 1280}
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = tmp_path_factory.mktemp("forms") / "demo.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{database}", host="127.0.0.1"))
    with transaction(app.state.session_factory) as session:
        build_demo_season(session)
    with serve(app) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("device", WIDTHS)
def test_a_form_with_mistakes_shows_each_beside_its_field(
    browser: Browser, base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + "/pantry/purchases/new")
    page.fill("#f-packages", "a few")
    page.fill("#f-total_price", "$2.4.9")
    page.get_by_role("button", name="Record purchase").click()

    expect(page.locator("#e-packages")).to_have_text("Packages must be a number like 2.5")
    expect(page.locator("#e-total_price")).to_contain_text("Total paid ($)")
    expect(page.locator("#e-product_id")).to_have_text("Product: choose one from the list")
    expect(page.locator(".field-error")).to_have_count(3)  # every problem at once
    assert page.evaluate("document.documentElement.scrollWidth") - width <= 1
    shot(page, f"form-with-mistakes-{device}")
    page.close()


@pytest.mark.parametrize("device", WIDTHS)
def test_a_sorted_list_fits_and_sorts_from_its_headings(
    browser: Browser, base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(base_url + "/pantry/lots?sort=value&order=desc")
    values = page.locator("td[data-label='Value left']").all_inner_texts()
    amounts = [float(v.replace("$", "").replace(",", "")) for v in values if "$" in v]
    assert amounts == sorted(amounts, reverse=True)
    assert page.evaluate("document.documentElement.scrollWidth") - width <= 1
    shot(page, f"sorted-lots-{device}")

    page.goto(base_url + "/recipients")
    if device == "desktop":  # a phone shows rows as cards, without headings: the boxes sort
        page.get_by_role("link", name="Name").click()  # already by name: now the other way
    else:
        page.select_option("#order-recipients-heading", "desc")
        page.get_by_role("button", name="Show").click()
    expect(page.locator("th[aria-sort='descending']")).to_have_count(1)
    page.fill("#q-recipients-heading", "a")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#order-recipients-heading")).to_have_value("desc")
    expect(page.locator(".list-status")).to_contain_text("match “a”")
    assert page.evaluate("document.documentElement.scrollWidth") - width <= 1
    shot(page, f"recipients-found-{device}")
    page.close()
