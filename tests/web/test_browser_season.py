"""A new baker walks the whole season in Chromium, and every step is checked on the page.

Create an ingredient and a product, record a purchase, write a recipe and its item, build
a bundle and a package, add recipients and an event, assign, read the shopping list,
record a batch, see too many asked about as a shortage to cover, mark assembled, mark delivered, and
watch the dashboard numbers change. Runs on a fresh SQLite file served by uvicorn.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.web.browser import shot

pytestmark = pytest.mark.browser


def add_ingredient(page: Page, name: str, density: str, allergen: str | None = None) -> None:
    page.goto("/catalog/ingredients/new")
    page.get_by_label("Name").fill(name)
    page.get_by_label("How it is measured").select_option("mass")
    page.get_by_label("Density (g per ml)").fill(density)
    if allergen:
        page.get_by_label(allergen, exact=True).check()
    page.get_by_role("button", name="Add ingredient").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name)


def add_product(page: Page, name: str) -> None:
    page.get_by_role("link", name="Add a product").click()
    page.get_by_label("Name").fill(name)
    page.get_by_label("Package size").fill("1")
    page.get_by_label("Unit").fill("kg")
    page.get_by_label(re.compile("Preferred product for")).check()
    page.get_by_role("button", name="Add product").click()
    expect(page.locator("main")).to_contain_text(name)


def record_purchase(page: Page, product: str, price: str) -> None:
    page.goto("/pantry/purchases/new")
    page.get_by_label("Product").select_option(label=product)
    page.get_by_label("Bought on").fill("2030-11-01")
    page.get_by_label(re.compile("^Packages")).fill("1")
    page.get_by_label("Total paid ($)").fill(price)
    page.get_by_role("button", name="Record purchase").click()
    expect(page.locator("main")).to_contain_text(product.split(" (")[0])


def fill_contents(page: Page, lines: list[tuple[str, str]]) -> None:
    for index, (quantity, content) in enumerate(lines, start=1):
        page.get_by_label(f"How many, line {index}").fill(quantity)
        page.get_by_label(f"Item or bundle, line {index}").select_option(label=content)
    page.get_by_role("button", name="Save contents").click()


def dashboard_text(page: Page) -> str:
    page.goto("/")
    return " ".join(page.locator("main").inner_text().split())


def test_a_new_baker_walks_the_whole_season(page: Page) -> None:
    # An empty database greets the new baker with the setup checklist (docs/product.md §6.16).
    greeting = dashboard_text(page)
    assert "Set up your season 0 of 8 done" in greeting
    assert "No events yet" in greeting

    # Catalog: two ingredients, each with a product, and a purchase of each.
    add_ingredient(page, "Cookie flour", "0.53", allergen="Cereals containing gluten")
    add_product(page, "Flour bag")
    add_ingredient(page, "Cookie sugar", "0.85")
    add_product(page, "Sugar bag")
    record_purchase(page, "Flour bag (1 kg) ★", "2.00")
    record_purchase(page, "Sugar bag (1 kg) ★", "1.50")
    shot(page, "01-pantry")

    # A recipe with its lines, and the item it yields.
    page.goto("/recipes")
    page.get_by_label("Name").fill("Sugar cookies")
    page.get_by_role("button", name="Create recipe").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sugar cookies")
    page.get_by_label("Ingredient or recipe, line 1").select_option(label="Cookie flour (g)")
    page.get_by_label("Quantity, line 1").fill("300")
    page.get_by_label("Unit, line 1").fill("g")
    page.get_by_label("Ingredient or recipe, line 2").select_option(label="Cookie sugar (g)")
    page.get_by_label("Quantity, line 2").fill("150")
    page.get_by_label("Unit, line 2").fill("g")
    page.get_by_role("button", name="Save lines").click()
    expect(page.locator("main")).to_contain_text("$0.82")  # 300 g × $2/kg + 150 g × $1.50/kg
    page.get_by_label("Item name").fill("Sugar cookie")
    page.get_by_label("How many per batch").fill("24")
    page.get_by_role("button", name="Add item").click()
    expect(page.locator("main")).to_contain_text("Sugar cookie")
    shot(page, "02-recipe")

    # A bundle of a dozen cookies, in a gift box.
    page.goto("/bundles")
    page.get_by_label("Name").fill("Cookie bag")
    page.get_by_role("button", name="Create bundle").click()
    fill_contents(page, [("12", "Sugar cookie (Sugar cookies)")])
    expect(page.locator("main")).to_contain_text("Changes saved.")
    expect(page.get_by_label("How many, line 1")).to_have_value("12")
    page.goto("/packages")
    page.get_by_label("Name").fill("Gift box")
    page.get_by_role("button", name="Create package").click()
    fill_contents(page, [("1", "Cookie bag")])
    expect(page.locator("main")).to_contain_text("Changes saved.")
    expect(page.get_by_label("Item or bundle, line 1")).to_have_value(re.compile("^bundle:"))

    # Two recipients; Bob avoids gluten.
    for name, avoids in (("Alice", None), ("Bob", "Cereals containing gluten")):
        page.goto("/recipients")
        page.locator("#f-name").fill(name)
        if avoids:
            page.get_by_label(avoids, exact=True).check()
        page.get_by_role("button", name="Add recipient").click()
        expect(page.locator("main")).to_contain_text(name)

    # The event, and the gift box for both at once.
    page.goto("/events")
    page.get_by_label("Name").fill("Christmas 2030")
    page.get_by_label("Date").fill("2030-12-24")
    page.get_by_role("button", name="Create event").click()
    # More than a year ahead: asked first, kept once confirmed (docs/product.md §6.16).
    page.get_by_label(re.compile("more than a year ahead.*Keep this date")).check()
    page.get_by_role("button", name="Create event").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Christmas 2030")
    event_url = page.url.split("?")[0]
    page.get_by_role("combobox", name="Package").select_option(label="Gift box")
    page.get_by_label("Alice").check()
    page.get_by_label("Bob").check()
    page.get_by_role("button", name="Assign").click()
    expect(page.locator("#packages")).to_contain_text("Alice")
    expect(page.locator(".allergen-warnings")).to_contain_text(
        "Gift box contains cereals containing gluten, which Bob avoids"
    )
    expect(page.locator("#baking")).to_contain_text("Sugar cookies 0 of 1")
    before = dashboard_text(page)
    assert "0 of 1 complete" in before
    assert "0 delivered · 0 assembled · 2 pending" in before
    assert "$0.00 spent of $0.82 planned" in before

    # The shopping list for the event: the pantry covers it.
    page.goto(event_url)
    page.get_by_role("link", name="Shopping list").click()
    shopping = page.locator("main")
    expect(shopping).to_contain_text("Christmas 2030")
    expect(shopping).to_contain_text("Cookie flour")
    expect(shopping).to_contain_text("Cookie sugar")
    shot(page, "03-shopping-list")

    # Too many batches: short of both ingredients, the bake asks before booking what is
    # missing as unrecorded stock (docs/product.md §6.14), and nothing is used until then.
    page.goto(event_url)
    page.get_by_role("spinbutton", name="Batches of Sugar cookies to record").fill("10")
    page.locator(".bake-form").first.get_by_role("button", name="Record").click()
    asked = page.locator(".confirm-bake")
    expect(asked).to_contain_text("Nothing was recorded yet: this bake needs your confirmation.")
    expect(asked).to_contain_text("Not enough in the pantry")
    expect(asked).to_contain_text("Cookie flour needs")
    expect(asked).to_contain_text("Cookie sugar needs")
    expect(asked.locator('input[value="cover_shortage"]')).to_have_count(1)
    expect(page.locator("#production")).to_contain_text("No bakes recorded yet")
    shot(page, "04-shortage")

    # One batch, as planned.
    page.get_by_role("spinbutton", name="Batches of Sugar cookies to record").fill("1")
    page.locator(".bake-form").first.get_by_role("button", name="Record").click()
    expect(page.locator(".notice-ok")).to_contain_text("Recorded 1 batch of Sugar cookies.")
    expect(page.locator("#baking")).to_contain_text("Sugar cookies done 1 of 1")
    expect(page.locator("#production")).to_contain_text("$0.82")

    # Assemble Alice's box, then deliver it with a note.
    page.get_by_role("button", name="Mark assembled for Alice").click()
    expect(page.locator(".notice-ok")).to_contain_text("Package marked assembled.")
    page.get_by_label("Delivery note for Alice").fill("Left with neighbour")
    page.get_by_role("button", name="Mark delivered for Alice").click()
    alice = page.locator("#packages tr", has_text="Alice")
    expect(alice).to_contain_text("delivered")
    expect(alice).to_contain_text("“Left with neighbour”")
    shot(page, "05-event")

    # The dashboard has moved on.
    after = dashboard_text(page)
    assert "1 of 1 complete" in after
    assert "1 delivered · 0 assembled · 1 pending" in after
    assert "$0.82 spent of $0.82 planned" in after
    assert "packages delivered 1 / 2" in after.lower()  # the stat label is shown upper-case
    assert "Forecast $0.82: spent + still to bake" in after
    assert "no budget" in after  # none set: nothing reads "left" or "over" (§6.15)
    shot(page, "06-dashboard")
