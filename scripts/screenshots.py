"""Screenshots of the demo season for the docs: dashboard, an event page, the shopping list.

Builds the demo season in a temporary SQLite file, serves the real application on a free
loopback port and photographs the pages with Chromium (Playwright), into
``docs/screenshots/``:

    python scripts/screenshots.py [--out docs/screenshots] [--chromium /usr/bin/chromium]
"""

from __future__ import annotations

import argparse
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn
from playwright.sync_api import Page, sync_playwright

from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.demo.season import build_demo_season
from bakehouse.web import create_app

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
WIDTH = 1280


@contextmanager
def demo_server(workdir: Path) -> Iterator[tuple[str, int]]:
    """The app on a fresh demo season; yields its base URL and this year's event id."""
    url = f"sqlite:///{workdir / 'demo.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with transaction(make_session_factory(engine)) as session:
        season = build_demo_season(session)
    engine.dispose()
    app = create_app(Settings(database_url=url, host="127.0.0.1", secret_key="screenshots"))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}", season.this_year_event_id
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def photograph(page: Page, url: str, target: Path, *, max_height: int | None = None) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    height = page.evaluate("document.documentElement.scrollHeight")
    if max_height is not None and height > max_height:
        page.screenshot(
            path=str(target),
            clip={"x": 0, "y": 0, "width": WIDTH, "height": max_height},
            full_page=True,
        )
    else:
        page.screenshot(path=str(target), full_page=True)
    print(f"wrote {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Screenshots of the demo season.")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with (
        tempfile.TemporaryDirectory() as workdir,
        demo_server(Path(workdir)) as (base, event),
        sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        photograph(page, f"{base}/", args.out / "dashboard.png")
        photograph(page, f"{base}/events/{event}", args.out / "event.png", max_height=2300)
        page.locator("#costs").screenshot(path=str(args.out / "event-costs.png"))
        print("wrote the event's costs section")
        photograph(page, f"{base}/shopping-list?event={event}", args.out / "shopping-list.png")
        browser.close()


if __name__ == "__main__":
    main()
