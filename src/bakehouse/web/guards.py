"""Checks every request passes, whatever route it reaches.

* :func:`refuse_control_characters_in_url`: query strings and path parameters follow the
  same text rule as every other door, so a NUL byte in a search box is a 422, not a
  database error (PostgreSQL cannot compare text holding NUL).
* :class:`SecurityHeaders`: no page may be framed by another site (clickjacking):
  ``X-Frame-Options: DENY`` for older browsers and CSP ``frame-ancestors 'none'``.
"""

from __future__ import annotations

from fastapi import Depends, FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bakehouse.domain.inputs import InputProblem, refuse_control_characters

SECURITY_HEADERS = {
    "x-frame-options": "DENY",
    "content-security-policy": "frame-ancestors 'none'",
}


def refuse_control_characters_in_url(request: Request) -> None:
    """Raise :class:`InvalidInput` naming the first query or path parameter that holds a
    control character."""
    parameters = [*request.query_params.multi_items(), *request.path_params.items()]
    for name, value in parameters:
        try:
            refuse_control_characters(name)
        except InputProblem as problem:
            raise problem.for_field("query") from None
        if isinstance(value, str):
            try:
                refuse_control_characters(value)
            except InputProblem as problem:
                raise problem.for_field(name) from None


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every HTTP response (kept if a route set its own)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def install_guards(app: FastAPI) -> None:
    """Add the URL text check to every route added afterwards, and the security headers."""
    app.router.dependencies.append(Depends(refuse_control_characters_in_url))
    app.add_middleware(SecurityHeaders)
