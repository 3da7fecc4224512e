"""Which ``Host`` names the app answers to, checked before anything else runs.

A page on another site whose name the attacker points at 127.0.0.1 (DNS rebinding) reaches
a Bakehouse listening on loopback with its own name in ``Host``. Answering only to loopback
names, plus the names configured in ``BAKEHOUSE_ALLOWED_HOSTS`` (the public name behind a
reverse proxy, a LAN address), refuses such requests with 400 before any handler, session
or database is touched. The rule itself is pure: :func:`host_is_allowed`.
"""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bakehouse.config import Settings
from bakehouse.domain.permissions import is_loopback
from bakehouse.web.errors import error_body


def host_name(header: str) -> str:
    """The name or address of a ``Host`` header, without its port, lower-cased.

    ``"Bakery.Example:8443"`` → ``"bakery.example"``; ``"[::1]:8000"`` → ``"::1"``.
    """
    value = header.strip().lower()
    if value.startswith("["):
        return value[1:].partition("]")[0]
    name, _, _port = value.partition(":")
    return name.rstrip(".")


def host_is_allowed(header: str, allowed: Iterable[str]) -> bool:
    """True for a loopback name or address, or one of the ``allowed`` names."""
    name = host_name(header)
    if not name:
        return False
    return is_loopback(name) or name in {host_name(entry) for entry in allowed}


class AllowedHosts:
    """ASGI middleware: 400 for a request whose ``Host`` is not one we answer to.

    The names come from the application's settings (``app.state.settings``), read per
    request.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        host = Headers(scope=scope).get("host", "")
        if host_is_allowed(host, settings.allowed_hosts):
            await self.app(scope, receive, send)
            return
        message = (
            "this server does not answer to that host name; "
            "add it to BAKEHOUSE_ALLOWED_HOSTS if it is yours"
        )
        response = JSONResponse(error_body("bad_host", message), status_code=400)
        await response(scope, receive, send)
