"""Writing a recipe down in Chromium, on a phone (375 px) and a desktop (1280 px): an
11-line ingredient list pasted, two close names confirmed, one new ingredient created, and
all of it saved with one press; rows added and moved without saving; the recipe card
scaled (docs/product.md §6.18)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.web.browser import shot

pytestmark = pytest.mark.browser

ELEVEN_LINES = """\
2 1/4 cups all-purpose flour, sifted
1 tsp baking soda
1 tsp salt
1 cup (2 sticks) butter, softened
3/4 cup granulated sugar
1 tsp {new}
1 tsp vanilla extract
2 large eggs
1 cup peanut butter
2 cups semisweet chocolate chips
1 cup chopped walnuts
"""
CHOSEN = """els => els.map(el => el.selectedOptions[0].textContent)
  .filter(t => t !== "—" && !t.startsWith("— add"))"""
WIDTHS = {"phone": 375, "desktop": 1280}
#: A new ingredient for each run (they share one database).
NEW = {"phone": "espresso powder", "desktop": "matcha powder"}


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width + 1


@pytest.mark.parametrize("device", WIDTHS)
def test_paste_eleven_lines_confirm_two_create_one_and_save_once(
    browser: Browser, demo_base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(f"{demo_base_url}/recipes")
    page.fill("#f-name", f"Peanut butter cookies ({device})")
    page.get_by_role("button", name="Create recipe").click()
    page.get_by_role("link", name="Paste its ingredient list").click()
    page.fill("#f-text", ELEVEN_LINES.format(new=NEW[device]))
    page.get_by_role("button", name="Read the list").click()

    rows = page.locator("li.paste-row")
    expect(rows).to_have_count(11)
    expect(page.locator("li.status-confirm")).to_have_count(2)  # salt, butter
    expect(page.locator("li.status-new")).to_have_count(1)  # the new one
    _fits(page, width)
    shot(page, f"paste-review-{device}")

    saves: list[str] = []
    page.on("request", lambda r: saves.append(r.url) if r.method == "POST" else None)
    page.select_option("#line-2-choice", label="Table salt — 90% alike")
    page.select_option("#line-3-choice", label="Unsalted butter — 90% alike")
    expect(page.locator("#line-5-choice")).to_have_value("new")
    page.fill("#line-5-new_name", NEW[device].capitalize())
    page.get_by_role("button", name="Add these lines to").click()

    expect(page.get_by_text("Changes saved.")).to_be_visible()
    assert len(saves) == 1
    chosen = page.locator("table.line-editor select").evaluate_all(CHOSEN)
    assert len(chosen) == 11
    assert chosen[2].startswith("Table salt")
    assert chosen[3].startswith("Unsalted butter")
    assert chosen[5].startswith(NEW[device].capitalize())
    _fits(page, width)
    shot(page, f"recipe-after-paste-{device}")
    page.close()


def test_rows_are_added_and_moved_in_the_page_and_saved_in_that_order(
    browser: Browser, demo_base_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{demo_base_url}/recipes")
    page.fill("#f-name", "Shortbread (rows)")
    page.get_by_role("button", name="Create recipe").click()
    posts: list[str] = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    before = page.locator("table.line-editor tbody tr").count()
    page.get_by_role("button", name="Add more rows").click()
    expect(page.locator("table.line-editor tbody tr")).to_have_count(before + 1)
    assert posts == []  # in the page: nothing sent, nothing saved
    page.select_option("#line-0-ingredient", label="All-purpose flour (g)")
    page.fill("#line-0-quantity", "2 1/4")
    page.fill("#line-0-unit", "cup")
    page.select_option("#line-1-ingredient", label="Unsalted butter (g)")
    page.fill("#line-1-quantity", "½")
    page.fill("#line-1-unit", "cup")
    page.get_by_role("button", name="Move line 2 up").click()
    expect(page.locator("#line-0-quantity")).to_have_value("½")
    shot(page, "rows-moved-desktop")
    page.get_by_role("button", name="Save lines").last.click()
    expect(page.get_by_text("Changes saved.")).to_be_visible()
    expect(page.locator("#line-0-quantity")).to_have_value("0.5")
    expect(page.locator("#line-1-quantity")).to_have_value("2.25")
    page.get_by_role("link", name="Recipe card").click()
    page.fill("#f-batches", "3")
    page.get_by_role("button", name="Scale").click()
    expect(page.locator(".recipe-lines")).to_contain_text("1 ½ cup Unsalted butter")
    expect(page.locator(".recipe-lines")).to_contain_text("6 ¾ cup All-purpose flour")
    shot(page, "card-desktop")
    page.emulate_media(media="print")
    assert page.locator(".site-header").is_hidden()
    shot(page, "card-print")
    page.close()


def test_the_card_fits_a_phone(browser: Browser, demo_base_url: str) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 900})
    page.goto(f"{demo_base_url}/recipes/1/card?batches=2")
    _fits(page, 375)
    shot(page, "card-phone")
    page.close()
