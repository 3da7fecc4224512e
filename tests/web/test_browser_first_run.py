"""A new baker sets up a tiny season from an empty database through the dashboard's setup
checklist (docs/product.md §6.16), in Chromium, and the form submissions are counted.

Starter ingredients, a purchase with its price, a recipe with its ingredients, the item it
yields, a package holding it, two recipients, an event and the package for both: every
step is reached by the checklist's own link (so each link goes where it says), and the
whole season takes at most 12 form submissions. Then the event page shows the batches to
bake and the shopping list has lines.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import Locator, Page, Request, expect

from tests.web.browser import shot

pytestmark = pytest.mark.browser

#: The issue's bound: a tiny season in at most this many form submissions.
MOST_SUBMISSIONS = 12


class Submissions:
    """The form submissions the page sends (POST navigations)."""

    def __init__(self, page: Page) -> None:
        self.paths: list[str] = []
        page.on("request", self._seen)

    def _seen(self, request: Request) -> None:
        if request.method == "POST" and request.is_navigation_request():
            self.paths.append(request.url.split("//", 1)[1].split("/", 1)[1])


def step(page: Page, key: str) -> None:
    """From the dashboard, follow the checklist's link for step ``key``."""
    page.goto("/")
    row = page.locator(f".setup-step[data-step='{key}']")
    expect(row).not_to_have_class(re.compile("is-done"))
    row.get_by_role("link").click()


def option_starting(select: Locator, start: str) -> str:
    """The label of the first option of ``select`` that starts with ``start``."""
    labels = select.locator("option").all_inner_texts()
    return next(label.strip() for label in labels if label.strip().startswith(start))


def test_a_tiny_season_from_an_empty_database_through_the_checklist(page: Page) -> None:
    posts = Submissions(page)
    page.goto("/")
    checklist = page.locator("#setup")
    expect(checklist).to_contain_text("Set up your season 0 of 8 done")
    expect(checklist.locator(".setup-step.is-next")).to_contain_text("Ingredients")
    shot(page, "first-run-01-empty")

    # 1. Starter ingredients, one click on the dashboard.
    checklist.get_by_role("button", name="Load starter ingredients").click()
    expect(page.locator(".notice-ok")).to_contain_text("starter ingredients")
    expect(page.locator(".setup-step[data-step='ingredients']")).to_have_class(
        re.compile("is-done")
    )
    shot(page, "first-run-02-starter")

    # 2. A purchase with its price.
    step(page, "purchase")
    expect(page).to_have_url(re.compile("/pantry/purchases/new$"))
    product = page.get_by_label("Product")
    product.select_option(label=option_starting(product, "All-purpose flour ("))
    page.get_by_label("Total paid ($)").fill("6.49")
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator("main")).to_contain_text("All-purpose flour")
    shot(page, "first-run-03-purchase")

    # 3. A recipe with its ingredients, 4. the item it yields.
    step(page, "recipe")
    expect(page).to_have_url(re.compile("/recipes#new-recipe$"))
    page.locator("#new-recipe").get_by_label("Name").fill("Sugar cookies")
    page.get_by_role("button", name="Create recipe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sugar cookies")
    for line, (start, quantity) in enumerate(
        (("All-purpose flour", "300"), ("Granulated sugar", "150")), start=1
    ):
        chosen = page.get_by_label(f"Ingredient or recipe, line {line}")
        chosen.select_option(label=option_starting(chosen, start))
        page.get_by_label(f"Quantity, line {line}").fill(quantity)
        page.get_by_label(f"Unit, line {line}").fill("g")
    page.get_by_role("button", name="Save lines").click()
    expect(page.locator("#lines")).to_contain_text("Granulated sugar")
    step(page, "item")
    expect(page).to_have_url(re.compile(r"/recipes/\d+#items$"))
    page.get_by_label("Item name").fill("Sugar cookie")
    page.get_by_label("How many per batch").fill("24")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator("#items")).to_contain_text("Sugar cookie")
    shot(page, "first-run-04-recipe")

    # 5. A package holding a dozen cookies.
    step(page, "package")
    expect(page).to_have_url(re.compile("/packages#new-record$"))
    page.locator("#new-record").get_by_label("Name").fill("Cookie tin")
    page.get_by_role("button", name="Create package").click()
    page.get_by_label("How many, line 1").fill("12")
    page.get_by_label("Item or bundle, line 1").select_option(label="Sugar cookie (Sugar cookies)")
    page.get_by_role("button", name="Save contents").click()
    expect(page.locator("main")).to_contain_text("Changes saved.")
    shot(page, "first-run-05-package")

    # 6. Two recipients.
    step(page, "recipients")
    expect(page).to_have_url(re.compile("/recipients#add-recipient$"))
    for name in ("Alice", "Bob"):
        page.locator("#f-name").fill(name)
        page.get_by_role("button", name="Add recipient").click()
        expect(page.locator("main")).to_contain_text(name)
    shot(page, "first-run-06-recipients")

    # 7. An event three weeks away, 8. the tin for both.
    step(page, "event")
    expect(page).to_have_url(re.compile("/events#new-event$"))
    day = date.today() + timedelta(days=21)
    page.locator("#new-event").get_by_label("Name").fill("Cookie swap")
    page.locator("#new-event").get_by_label("Date").fill(day.isoformat())
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cookie swap")
    page.goto("/")
    expect(page.locator(".setup-step[data-step='assign'] a")).to_have_attribute(
        "href", re.compile(r"^/events/\d+#assign$")
    )
    step(page, "assign")
    page.get_by_role("combobox", name="Package").select_option(label="Cookie tin")
    page.get_by_label("Alice").check()
    page.get_by_label("Bob").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#packages")).to_contain_text("Bob")
    expect(page.locator("#baking")).to_contain_text("Sugar cookies 0 of 1")
    shot(page, "first-run-07-event")

    page.get_by_role("link", name="Shopping list").click()
    expect(page.locator("main")).to_contain_text("All-purpose flour")
    expect(page.locator("main")).to_contain_text("Granulated sugar")
    shot(page, "first-run-08-shopping-list")

    page.goto("/")
    expect(page.locator("#setup")).to_have_count(0)
    shot(page, "first-run-09-dashboard")
    print(f"form submissions: {len(posts.paths)}: {posts.paths}")
    assert len(posts.paths) <= MOST_SUBMISSIONS, posts.paths
    assert len(posts.paths) == 11
