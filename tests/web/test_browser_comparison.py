"""The comparison, the price history and a recipient's gifts in Chromium at a phone's and
a desktop's width: nothing scrolls sideways, the charts draw (docs/product.md §6.21)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.web import create_app
from tests.factories.comparison import make_two_christmases
from tests.web.browser import chromium, serve, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, int]]:
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'compare.sqlite3'}",
        host="127.0.0.1",
        secret_key="browser test",
    )
    app = create_app(settings)
    with transaction(app.state.session_factory) as session:
        carol = make_two_christmases(session).carol.id
    with serve(app) as url:
        yield url, carol


@pytest.fixture
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.mark.parametrize("width", [375, 1280])
def test_the_pages_fit_a_phone_and_a_desktop(
    browser: Browser, served: tuple[str, int], width: int
) -> None:
    base_url, carol = served
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        for name, path, expect in (
            ("compare", "/compare", "+$2.60"),
            ("compare-events", "/compare?kind=event", "Christmas 2025 → Christmas 2026"),
            ("prices", "/prices", "Stores compared"),
            ("prices-butter", "/prices?ingredient=butter", "Big Mart"),
            ("recipient", f"/recipients/{carol}", "Gift history"),
        ):
            page.goto(path)
            assert expect in page.inner_text("main"), name
            sideways = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert sideways <= 0, f"{name} scrolls sideways by {sideways}px at {width}px"
            shot(page, f"{name}-{width}")
        page.goto("/prices")
        assert page.locator("svg.price-chart").count() == 3
        box = page.locator("svg.price-chart").first.bounding_box()
        assert box is not None
        assert box["width"] <= width
    finally:
        context.close()
