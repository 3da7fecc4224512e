"""``create_app(settings)``: the one factory for the web application."""

from __future__ import annotations

import importlib
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bakehouse import __version__
from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory
from bakehouse.db.migrate import ensure_database
from bakehouse.models.types import utcnow
from bakehouse.services.passwords import limit_password_work
from bakehouse.web.auth import install_access_control
from bakehouse.web.errors import install_error_handlers
from bakehouse.web.guards import install_guards
from bakehouse.web.idempotency import install_idempotency

STATIC_DIR = Path(__file__).parent / "static"

# Each module exposes ``router``; a new area of the site is one more name here.
API_MODULES = (
    "bakehouse.web.api.meta",
    "bakehouse.web.api.catalog",
    "bakehouse.web.api.pantry",
    "bakehouse.web.api.recipes",
    "bakehouse.web.api.people",
    "bakehouse.web.api.events",
    "bakehouse.web.api.planning",
    "bakehouse.web.api.production",
    "bakehouse.web.api.accounts",
)
PAGE_MODULES = (
    "bakehouse.web.pages.dashboard",
    "bakehouse.web.pages.events",
    "bakehouse.web.pages.catalog",
    "bakehouse.web.pages.recipes",
    "bakehouse.web.pages.pantry",
    "bakehouse.web.pages.people",
    "bakehouse.web.pages.shopping",
    "bakehouse.web.pages.accounts",
)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the application for ``settings`` (its own engine; upgrades an empty database)."""
    settings = settings or Settings()
    engine = make_engine(settings)
    ensure_database(engine)
    app = FastAPI(
        title="Bakehouse",
        version=__version__,
        description="Plan and track seasonal gift baking.",
        openapi_url="/api/openapi.json",
        docs_url=None,  # the bundled Swagger UI loads from a CDN; the app must work offline
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.session_factory = make_session_factory(engine)
    app.state.clock = utcnow  # sign-in limits read the time here (tests move it)
    limit_password_work(settings.password_checks_at_once, settings.password_check_wait_seconds)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    install_error_handlers(app)
    install_idempotency(app)  # inside access control: keys are per user
    install_access_control(app, settings)  # every route: sign-in, roles, CSRF
    install_guards(app)  # every route: control characters in URLs; no framing
    for name in API_MODULES:
        app.include_router(importlib.import_module(name).router, prefix="/api")
    for name in PAGE_MODULES:
        app.include_router(importlib.import_module(name).router)
    return app
