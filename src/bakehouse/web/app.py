"""``create_app(settings)``: the one factory for the web application."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from bakehouse import __version__
from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory
from bakehouse.db.migrate import ensure_database
from bakehouse.models.types import utcnow
from bakehouse.services.accounts.passwords import limit_password_work
from bakehouse.web.api import accounts as accounts_api
from bakehouse.web.api import calendar as calendar_api
from bakehouse.web.api import catalog as catalog_api
from bakehouse.web.api import comparison as comparison_api
from bakehouse.web.api import events as events_api
from bakehouse.web.api import history as history_api
from bakehouse.web.api import labels as labels_api
from bakehouse.web.api import meta as meta_api
from bakehouse.web.api import pantry as pantry_api
from bakehouse.web.api import people as people_api
from bakehouse.web.api import planning as planning_api
from bakehouse.web.api import production as production_api
from bakehouse.web.api import recipes as recipes_api
from bakehouse.web.api import seasons as seasons_api
from bakehouse.web.api import shopping as shopping_api
from bakehouse.web.auth import install_access_control
from bakehouse.web.errors import install_error_handlers
from bakehouse.web.guards import install_guards
from bakehouse.web.idempotency import install_idempotency
from bakehouse.web.locale import ShownInLocale
from bakehouse.web.pages import accounts as accounts_pages
from bakehouse.web.pages import archiving as archiving_pages
from bakehouse.web.pages import calendar as calendar_pages
from bakehouse.web.pages import catalog as catalog_pages
from bakehouse.web.pages import comparison as comparison_pages
from bakehouse.web.pages import dashboard as dashboard_pages
from bakehouse.web.pages import event_outcomes as event_outcome_pages
from bakehouse.web.pages import events as events_pages
from bakehouse.web.pages import labels as labels_pages
from bakehouse.web.pages import pantry as pantry_pages
from bakehouse.web.pages import people as people_pages
from bakehouse.web.pages import recipes as recipes_pages
from bakehouse.web.pages import seasons as seasons_pages
from bakehouse.web.pages import shopping as shopping_pages

STATIC_DIR = Path(__file__).parent / "static"

# A new area of the site is one more router here.
API_ROUTERS = (
    meta_api.router,
    catalog_api.router,
    pantry_api.router,
    recipes_api.router,
    people_api.router,
    events_api.router,
    labels_api.router,
    planning_api.router,
    production_api.router,
    accounts_api.router,
    seasons_api.router,
    history_api.router,
    calendar_api.router,
    shopping_api.router,
    comparison_api.router,
)
PAGE_ROUTERS = (
    dashboard_pages.router,
    events_pages.router,
    event_outcome_pages.router,
    labels_pages.router,
    catalog_pages.router,
    recipes_pages.router,
    pantry_pages.router,
    people_pages.router,
    shopping_pages.router,
    accounts_pages.router,
    archiving_pages.router,
    seasons_pages.router,
    calendar_pages.router,
    comparison_pages.router,
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
    app.add_middleware(ShownInLocale)  # pages: money, dates and times as set (§6.19)
    for router in API_ROUTERS:
        app.include_router(router, prefix="/api")
    for router in PAGE_ROUTERS:
        app.include_router(router)
    return app
