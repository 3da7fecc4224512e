"""Every catalog, recipe, pantry, recipient and printable page in Chromium, on a phone
(375 px) and a desktop: it loads, nothing spills off the side of the screen, and every
form control has a label a screen reader can read."""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, sync_playwright

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.services.demo_season import build_demo_season
from bakehouse.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SHOTS = os.environ.get("BAKEHOUSE_BROWSER_SHOTS")
PAGES = [
    "/catalog", "/catalog/ingredients/new", "/catalog/ingredients/1", "/catalog/products/1",
    "/catalog/ingredients/1/products/new", "/recipes", "/recipes/1", "/recipes/1/edit",
    "/items/1", "/bundles", "/bundles/1", "/bundles/1/edit", "/packages", "/packages/1",
    "/pantry", "/pantry/purchases/new", "/pantry/opening/new", "/pantry/lots/1/adjust",
    "/recipients", "/recipients/1", "/shopping-list", "/shopping-list?event=2",
    "/events/2/packing",
]  # fmt: skip
WIDTHS = {"phone": 375, "desktop": 1280}
UNLABELLED_CONTROLS = """() => Array.from(
  document.querySelectorAll("input:not([type=hidden]), select, textarea")
).filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"))
 .map(el => el.name || el.id || el.outerHTML)"""

pytestmark = pytest.mark.browser


def require_chromium() -> str:
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a fresh SQLite file holding the demo season, served by uvicorn."""
    database = tmp_path_factory.mktemp("pages") / "demo.sqlite3"
    app = create_app(Settings(database_url=f"sqlite:///{database}", host="127.0.0.1"))
    with transaction(app.state.session_factory) as session:
        build_demo_season(session)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        app.state.engine.dispose()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("device", WIDTHS)
def test_every_page_fits_the_screen_and_labels_every_control(
    browser: Browser, base_url: str, device: str
) -> None:
    width = WIDTHS[device]
    page = browser.new_page(viewport={"width": width, "height": 900})
    problems: list[str] = []
    for path in PAGES:
        response = page.goto(base_url + path)
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
        if SHOTS:
            name = path.strip("/").replace("/", "_").replace("?", "_").replace("=", "-")
            page.screenshot(path=str(Path(SHOTS) / f"{name}-{device}.png"), full_page=True)
    page.close()
    assert not problems, "\n".join(problems)
