"""Shopping from a phone in Chromium at 375 px (docs/product.md §6.17): tick three lines,
lose the signal, tick a fourth, get the signal back (the fourth tick arrives once), record
what was bought, and see the pantry and the list change."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi import FastAPI
from playwright.sync_api import Page, Request, expect
from sqlalchemy import select

from bakehouse.config import Settings
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.models import Purchase, ShoppingTick
from bakehouse.web import create_app
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)
from tests.web.browser import chromium, serve, shot

pytestmark = pytest.mark.browser

#: (name, category, grams a batch, package grams, list price)
SHOPPING = [
    ("Flour", "baking", "1500", 2000, "3.50"),
    ("Sugar", "baking", "600", 1000, "1.90"),
    ("Butter", "dairy", "450", 500, "4.25"),
    ("Almonds", "nuts", "200", 250, "5.60"),
]


def arrange(app: FastAPI) -> int:
    with transaction(make_session_factory(app.state.engine)) as session:
        lines = []
        for name, category, grams, size, price in SHOPPING:
            ingredient = make_ingredient(session, name=name, category=category)
            make_product(session, ingredient, name=f"{name} pack", package_size=Decimal(size),
                         list_price=Decimal(price), list_price_on=date.today())  # fmt: skip
            lines.append((ingredient, grams, "g"))
        recipe = make_recipe(session, name="Almond shortbread", lines=lines)
        finger = make_item(session, recipe, name="Finger", items_per_batch=10)
        tin = make_package(session, name="Tin", contents=[(10, finger)])
        event = make_event(session, name="Fair", event_date=date.today() + timedelta(days=9))
        make_assignment(session, event, make_recipient(session, name="Ann"), tin, quantity=2)
        session.flush()
        return event.id


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[FastAPI, str]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'shop.sqlite3'}",
        host="127.0.0.1",
        secret_key="browser test",
    )
    app = create_app(settings)
    with serve(app) as url:
        yield app, url


def _ticks(app: FastAPI) -> set[int]:
    with transaction(make_session_factory(app.state.engine)) as session:
        return set(session.scalars(select(ShoppingTick.ingredient_id)))


def test_ticks_made_offline_arrive_once_and_the_basket_goes_into_the_pantry(
    served: tuple[FastAPI, str],
) -> None:
    app, url = served
    event_id = arrange(app)
    with chromium() as browser:
        context = browser.new_context(base_url=url, viewport={"width": 375, "height": 800})
        page: Page = context.new_page()
        page.set_default_timeout(10_000)
        sent: list[dict[str, object]] = []

        def on_request(request: Request) -> None:
            if request.method == "POST" and request.url.endswith("/api/shopping-list/ticks"):
                sent.append(request.post_data_json or {})

        page.on("request", on_request)
        page.goto(f"/shopping-list?event={event_id}")
        status = page.locator("[data-shopping-status]")
        # By hand: 2 × 3.50 + 2 × 1.90 + 2 × 4.25 + 2 × 5.60 = 30.50, all from list prices.
        expect(page.locator(".estimated-bill")).to_have_text("Estimated bill $30.50 estimate")
        shot(page, "shopping-375-before")
        for name in ("Flour", "Sugar", "Butter"):
            page.get_by_label(f"Got it {name}").check()
            expect(status).to_have_text(re.compile("Ticks saved"))
        assert len(sent) == 3

        context.set_offline(True)
        page.get_by_label("Got it Almonds").check()
        expect(status).to_have_text(re.compile("Offline: 1 tick kept"))
        shot(page, "shopping-375-offline")
        almonds = [s for s in sent if s.get("ingredient_id") not in _ticks(app)]
        assert len(_ticks(app)) == 3, almonds

        context.set_offline(False)
        expect(status).to_have_text(re.compile("Ticks saved"))
        page.wait_for_timeout(500)  # nothing more is sent
        assert len(_ticks(app)) == 4
        almond_posts = [s for s in sent if s.get("shortfall") == "400.000000"]
        assert len(almond_posts) <= 2  # tried once offline (failed at the network), sent once
        page.reload()
        for name in ("Flour", "Sugar", "Butter", "Almonds"):
            expect(page.get_by_label(f"Got it {name}")).to_be_checked()
        assert page.evaluate("localStorage.getItem('bakehouse.shopping.queue')") == "[]"
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 375, f"the page scrolls sideways at 375 px ({wide} px)"

        page.set_viewport_size({"width": 1280, "height": 900})
        shot(page, "shopping-1280-ticked")
        page.set_viewport_size({"width": 375, "height": 800})
        form = page.locator("[data-bought-form]")
        form.get_by_label("Store").fill("Market")
        expect(form.locator("fieldset:visible")).to_have_count(4)
        shot(page, "shopping-375-ticked")
        form.get_by_role("button", name="Record what I bought").click()
        expect(page.get_by_text("Bought: the purchases are in the pantry")).to_be_visible()
        expect(page.locator("#covered-heading")).to_be_visible()
        expect(page.locator("[data-shopping-scope]")).to_have_count(0)  # nothing left to buy
        shot(page, "shopping-375-after")
        page.goto("/pantry")
        for name in ("Flour", "Sugar", "Butter", "Almonds"):
            expect(page.get_by_text(f"Acme {name} pack").first).to_be_visible()
        shot(page, "pantry-375-after")
        page.goto("/catalog/ingredients/1/products/new")
        expect(page.get_by_label("Shelf price of one package")).to_be_visible()
        shot(page, "product-form-375")
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(f"/shopping-list?event={event_id}")
        shot(page, "shopping-1280-after")
        context.close()
    with transaction(make_session_factory(app.state.engine)) as session:
        purchases = session.scalars(select(Purchase).order_by(Purchase.id)).all()
        assert len(purchases) == 4
        assert {p.supplier for p in purchases} == {"Market"}
    assert _ticks(app) == set()
