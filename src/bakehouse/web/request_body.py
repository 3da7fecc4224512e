"""A request body read by ASGI middleware, and handed on to the app as if never read.

The body limit, access control (a form's CSRF token) and retried requests (the request's
fingerprint) each need the body before the app does; they read it with :func:`read_body`
and pass :func:`replay` on as the app's ``receive``.
"""

from __future__ import annotations

from typing import overload

from starlette.types import Message, Receive


@overload
async def read_body(receive: Receive) -> bytes: ...
@overload
async def read_body(receive: Receive, limit: int) -> bytes | None: ...
async def read_body(receive: Receive, limit: int | None = None) -> bytes | None:
    """The whole body, or ``None`` as soon as it is more than ``limit`` bytes (the rest is
    left unread). A client that goes away ends the body; the app then sees the disconnect."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if limit is not None and size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` once, then whatever ``receive`` gives next."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
