"""Shared plumbing for the browser tests: Debian's Chromium, driven by Playwright, against
the real app served by uvicorn on a free loopback port.

The fixtures built on it (``browser``, ``base_url``, ``demo_base_url``, ``page``) live in
tests/web/conftest.py. Every port is a free one the system hands out and every database a
file in the test's own temporary folder, so parallel test processes never meet.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.demo.season import build_demo_season
from bakehouse.web import create_app

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: With BAKEHOUSE_BROWSER_SHOTS=dir, the tests keep a picture of each step to look at.
SHOTS = (
    Path(os.environ["BAKEHOUSE_BROWSER_SHOTS"])
    if os.environ.get("BAKEHOUSE_BROWSER_SHOTS")
    else None
)


def require_chromium() -> str:
    """Chromium's path; a missing browser fails under CI=true and skips elsewhere."""
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing; CI must run the browser tests")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    return CHROMIUM


@contextmanager
def serve(app: FastAPI) -> Iterator[str]:
    """Serve ``app`` on a free 127.0.0.1 port in a thread; yields its base URL."""
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


@contextmanager
def chromium() -> Iterator[Browser]:
    """A headless Chromium for the test, closed afterwards."""
    executable = require_chromium()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


def sqlite_app(database: Path, *, demo: bool = False) -> FastAPI:
    """The app on the SQLite file ``database`` (made and migrated on first use), as served
    on this machine; with ``demo``, the demo season is built into it first."""
    app = create_app(
        Settings(database_url=f"sqlite:///{database}", host="127.0.0.1", secret_key="browser test")
    )
    if demo:
        with transaction(app.state.session_factory) as session:
            build_demo_season(session)
    return app


def open_page(browser: Browser, base_url: str, width: int = 1280) -> Page:
    """A page in a new browser context (its own cookies) at ``width`` px, addresses relative
    to ``base_url``, waiting at most 10 s for anything."""
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


def shot(page: Page, name: str) -> None:
    """Keep a full-page picture of the step when BAKEHOUSE_BROWSER_SHOTS is set."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
