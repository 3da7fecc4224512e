"""Every catalog, recipe, pantry, recipient and printable page in Chromium, on a phone
(375 px) and a desktop: it loads, nothing spills off the side of the screen, and every
form control has a label a screen reader can read."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.web.browser import shot

PAGES = [
    "/catalog", "/catalog/ingredients/new", "/catalog/ingredients/1", "/catalog/products/1",
    "/catalog/ingredients/1/products/new", "/recipes", "/recipes/1", "/recipes/1/edit",
    "/recipes/1/paste", "/recipes/1/card?batches=3",
    "/items/1", "/bundles", "/bundles/1", "/bundles/1/edit", "/packages", "/packages/1",
    "/pantry", "/pantry/purchases/new", "/pantry/opening/new", "/pantry/lots/1/adjust",
    "/recipients", "/recipients/1", "/shopping-list", "/shopping-list?event=2",
    "/events/2/packing", "/events/2/labels", "/packages/1/label", "/seasons", "/settings",
    "/?season=all",
    "/catalog/products", "/pantry/lots?sort=value&order=desc", "/recipients?sort=household",
    "/recipes?q=cookie&sort=newest", "/catalog?sort=category&order=desc",
]  # fmt: skip
WIDTHS = {"phone": 375, "desktop": 1280}
UNLABELLED_CONTROLS = """() => Array.from(
  document.querySelectorAll("input:not([type=hidden]), select, textarea")
).filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
 .map(el => el.name || el.id || el.outerHTML)"""

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_fits_the_screen_and_labels_every_control(
    browser: Browser, demo_base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    for path in PAGES:
        response = page.goto(demo_base_url + path)
        assert response is not None
        if response.status != 200:
            problems.append(f"{path}: status {response.status}")
            continue
        overflow = page.evaluate("document.documentElement.scrollWidth") - width
        if overflow > 1:
            problems.append(f"{path}: {overflow}px wider than the {width}px screen")
        unlabelled = page.evaluate(UNLABELLED_CONTROLS)
        if unlabelled:
            problems.append(f"{path}: controls without a label: {unlabelled}")
        name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
        name = name.replace("&", "_")
        shot(page, f"{name}-{device}")
    page.close()
    assert not problems, "\n".join(problems)
