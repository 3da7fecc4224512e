"""Web test fixtures: the real app on a real database (SQLite and PostgreSQL).

Requests commit, so instead of a rolled-back transaction each test starts from empty
tables: rows are deleted after every test, children first.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page
from sqlalchemy import Engine
from sqlalchemy.orm import Session
from starlette.types import ASGIApp, Receive, Scope, Send

from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.web import create_app
from tests.conftest import empty_all_tables
from tests.web.browser import chromium, open_page, serve, sqlite_app


@pytest.fixture
def app(migrated_engine: Engine) -> Iterator[FastAPI]:
    application = create_app(
        Settings(
            database_url=str(migrated_engine.url.render_as_string(False)),
            # The test client's default name, as a server's public name would be listed.
            allowed_hosts=("testserver",),
        )
    )
    # Share the test engine (and its PostgreSQL schema) instead of the app's own.
    application.state.engine.dispose()
    application.state.engine = migrated_engine
    application.state.session_factory = make_session_factory(migrated_engine)
    try:
        yield application
    finally:
        empty_all_tables(migrated_engine)


#: Where local-mode tests come from: this machine, asking for a loopback host name.
LOCAL_BASE_URL = "http://localhost"
LOCAL_PEER = ("127.0.0.1", 50000)


def local_client(app: FastAPI, **kwargs: Any) -> TestClient:
    """A client on this machine (loopback peer and host), as a person's browser would be."""
    return TestClient(app, base_url=LOCAL_BASE_URL, client=LOCAL_PEER, **kwargs)


def from_this_machine(app: ASGIApp) -> ASGIApp:
    """``app`` as seen from this machine, whatever client drives it (schemathesis's own)."""

    async def local(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            headers = [(k, v) for k, v in scope["headers"] if k != b"host"]
            scope = dict(scope, client=LOCAL_PEER, headers=[(b"host", b"localhost"), *headers])
        await app(scope, receive, send)

    return local


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    """A browser on the same machine as the server: local mode while there are no accounts."""
    with local_client(app) as test_client:
        yield test_client


@pytest.fixture
def server_app(app: FastAPI) -> FastAPI:
    """The app as if bound to 0.0.0.0: everyone signs in."""
    app.state.settings = app.state.settings.model_copy(update={"host": "0.0.0.0"})
    return app


@pytest.fixture
def db(app: FastAPI) -> Iterator[Session]:
    """A committed session for arranging data before requests (committed on exit).

    On SQLite it begins its transactions deferred, as a person's second browser tab would
    not: a test reading with it between requests must not hold the write lock the app's
    requests (``BEGIN IMMEDIATE``) wait for.
    """
    engine: Engine = app.state.engine
    if engine.dialect.name == "sqlite":
        engine = make_engine(
            engine.url.render_as_string(hide_password=False), sqlite_immediate=False
        )
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        if engine is not app.state.engine:
            engine.dispose()


# Browser tests (Chromium through Playwright, tests/web/browser.py).


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One headless Chromium per test module (each test opens its own pages or contexts)."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def base_url(tmp_path: Path) -> Iterator[str]:
    """The app on a fresh, empty SQLite file of this test's, served by uvicorn."""
    with serve(sqlite_app(tmp_path / "bakehouse.sqlite3")) as url:
        yield url


@pytest.fixture(scope="module")
def demo_base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a SQLite file holding the demo season, shared by the module's tests."""
    database = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    with serve(sqlite_app(database, demo=True)) as url:
        yield url


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A 1280 px page on :func:`base_url` in its own context, closed afterwards."""
    opened = open_page(browser, base_url)
    yield opened
    opened.context.close()
