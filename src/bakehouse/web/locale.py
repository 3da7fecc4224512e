"""Pages are shown in the deployment's locale (docs/product.md §6.19).

:class:`ShownInLocale` reads the locale settings (one statement) before a page request and
shows everything the page draws — money, quantities, dates, times with their zone — in
them. The API (``/api``) is left alone: it answers UTC times and plain decimals.
"""

from __future__ import annotations

import logging

from anyio import to_thread
from starlette.types import ASGIApp, Receive, Scope, Send

from bakehouse.db.engine import transaction
from bakehouse.domain import locale
from bakehouse.errors import BakehouseError
from bakehouse.services.core.settings import locale_settings

log = logging.getLogger(__name__)
#: Paths that show nothing to a person in a locale.
_NOT_PAGES = ("/api/", "/static/")


class ShownInLocale:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(_NOT_PAGES):
            await self.app(scope, receive, send)
            return
        factory = scope["app"].state.session_factory
        shown = await to_thread.run_sync(_read, factory)
        token = locale.use(shown)
        try:
            await self.app(scope, receive, send)
        finally:
            locale.restore(token)


def _read(factory: object) -> locale.Locale:
    try:
        with transaction(factory, write=False) as session:  # type: ignore[arg-type]
            return locale_settings(session)
    except BakehouseError as error:
        # A bad environment override: the settings page says so; pages stay readable.
        log.warning("locale settings not used: %s", error.message)
        return locale.DEFAULT
