"""Importing recipes in Chromium, on a phone (375 px) and a desktop (1280 px): a page of
three recipes uploaded, the review read (every line, its match, the unplaced summary),
items per batch typed for a yield that is not a count, what is unplaced left out, and all
of it saved with one press (docs/product.md §6.22)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.io.recipe_sources.conftest import FIXTURES
from tests.web.browser import shot

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 375, "desktop": 1280}


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("device", WIDTHS)
def test_a_page_of_three_recipes_is_reviewed_and_saved_at_once(
    browser: Browser, demo_base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{demo_base_url}/recipes")
    page.get_by_role("link", name="Import recipes").click()
    _fits(page, width)
    shot(page, f"import-source-{device}")
    page.set_input_files("#f-file", str(FIXTURES / "several-recipes.html"))
    page.get_by_role("button", name="Read the recipes").click()

    expect(page.locator("h2#summary-heading")).to_have_text("3 recipes read")
    expect(page.locator("li.paste-row")).to_have_count(9)
    _fits(page, width)
    shot(page, f"import-review-{device}")

    for index in range(3):  # a second run finds the first run's recipes: rename them
        name = page.locator(f"#r-{index}-name")
        name.fill(f"{name.input_value()} ({device})")
    page.fill("#r-2-items_per_batch", "40")
    page.get_by_role("button", name="Save the recipes").click()
    expect(page.locator(".field-error").first).to_be_visible()  # unplaced lines refuse it
    shot(page, f"import-refused-{device}")
    page.check("input[name=accept_unplaced]")
    page.get_by_role("button", name="Save the recipes").click()

    expect(page).to_have_url(f"{demo_base_url}/recipes?done=imported")
    expect(page.get_by_role("link", name=f"Peppermint Bark ({device})")).to_be_visible()
    page.get_by_role("link", name=f"Peppermint Bark ({device})").click()
    expect(page.get_by_text("Ingredient lines not placed on import")).to_be_visible()
    _fits(page, width)
    shot(page, f"import-saved-{device}")
