"""Request bodies are limited in size, and refused before they are read.

Without a limit, five anonymous 100 MB ``POST /login`` took the server from 159 MiB to
1.26 GB: the body was read whole before the CSRF check could refuse it. This ASGI
middleware sits outside everything that reads bodies (sessions, access control, forms):

- a ``Content-Length`` over the limit gets 413 at once, without reading a byte of the body
  and without running any handler;
- a chunked body (no ``Content-Length``) is read up to the limit, and refused with 413 the
  moment it goes past; one within the limit is handed on as it was.

Forms and JSON get ``BAKEHOUSE_MAX_BODY_BYTES`` (1 MB by default); only the data-file import
upload (``/import``, ``/api/import``) and the recipe import (``/recipes/import``,
``/api/recipes/import``: an app's export) get ``BAKEHOUSE_MAX_UPLOAD_BYTES`` (20 MB).
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bakehouse.config import Settings
from bakehouse.web.request_body import read_body, replay

#: Paths (and everything under them) that accept the larger upload limit.
UPLOAD_PATHS = ("/import", "/api/import", "/recipes/import", "/api/recipes/import")


def limit_for(path: str, settings: Settings) -> int:
    """The largest body accepted for ``path``, in bytes."""
    for prefix in UPLOAD_PATHS:
        if path == prefix or path.startswith(prefix + "/"):
            return settings.max_upload_bytes
    return settings.max_body_bytes


def declared_length(scope: Scope) -> int | None:
    """The request's ``Content-Length``, or None (absent, chunked, or not a number)."""
    value = Headers(scope=scope).get("content-length")
    if value is None or not value.strip().isdigit():
        return None
    return int(value)


class BodyLimit:
    """ASGI middleware: 413 for a body over the limit, before it is read."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        settings: Settings = scope["app"].state.settings
        limit = limit_for(scope.get("path", ""), settings)
        length = declared_length(scope)
        if length is not None:
            if length > limit:
                await _too_large(scope, send, limit)
                return
            await self.app(scope, receive, send)
            return
        if not _may_have_body(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive, limit)
        if body is None:
            await _too_large(scope, send, limit)
            return
        await self.app(scope, replay(body, receive), send)


def _may_have_body(scope: Scope) -> bool:
    headers = Headers(scope=scope)
    return "chunked" in headers.get("transfer-encoding", "").lower()


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    from bakehouse.web.errors import status_error_response

    megabytes = limit / 1_000_000
    message = f"the request is too large: at most {megabytes:g} MB is accepted here"
    response = status_error_response(Request(scope), 413, "too_large", message)
    response.headers["Connection"] = "close"  # the unread body is not worth waiting for
    await response(scope, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}
