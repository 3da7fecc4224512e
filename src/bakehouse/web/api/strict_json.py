"""Request bodies under ``/api`` are read by the one strict JSON reader.

FastAPI reads a JSON body with ``json.loads``: the last of two equal keys wins silently,
``1e-7`` becomes a binary float, and a deeply nested body ends in a ``RecursionError``.
:class:`StrictJsonRoute` reads it first with :func:`bakehouse.domain.inputs.read_json`,
so duplicate keys are refused with their JSON path, nesting is bounded, and JSON numbers
reach the models as the digits they were written with (the exact number grammar decides).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from email.message import Message
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from bakehouse.domain.inputs import read_json


class StrictJsonRequest(Request):
    """A request whose ``json()`` is the strictly read body (read before the handler)."""

    strict_body: Any = None

    async def json(self) -> Any:
        return self.strict_body


def is_json(request: Request) -> bool:
    """Whether FastAPI would read the body as JSON (no content type counts, as for FastAPI)."""
    content_type = request.headers.get("content-type")
    if not content_type:
        return True
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


class StrictJsonRoute(APIRoute):
    """An API route whose JSON body is read by :func:`read_json` (errors: 422, located)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            strict = StrictJsonRequest(request.scope, request.receive)
            body = await strict.body()
            if body and is_json(strict):
                strict.strict_body = read_json(body)
            return await handler(strict)

        return strict_handler
