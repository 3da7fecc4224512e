"""Idempotency keys on every POST: a retried request is answered once, not acted on twice.

An API client sends ``Idempotency-Key: <key>``; a page form carries a hidden
``idempotency_key`` field (``{{ idempotency_input() }}``, a new key each time the form is
drawn). The middleware runs inside access control, so it knows who is asking (keys are per
user; the local baker counts as one user). It claims the key in a short transaction of
its own, lets the request run, and keeps a successful answer (2xx, 3xx) for 24 hours: the
same request again gets that answer replayed, marked ``Idempotent-Replayed: true``. A
refused or failed request recorded nothing, so its key is released. The rules live in
:mod:`bakehouse.services.core.idempotency`.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bakehouse.db.engine import transaction
from bakehouse.errors import BakehouseError
from bakehouse.services.core.idempotency import StoredAnswer, check_key, claim_key, record_answer
from bakehouse.services.core.idempotency import release_key as forget_key
from bakehouse.web.deps import templates
from bakehouse.web.errors import error_response
from bakehouse.web.request_body import read_body, replay

HEADER = "idempotency-key"
FORM_FIELD = "idempotency_key"
REPLAYED_HEADER = "idempotent-replayed"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
_LONGEST_LOCATION = 2000


@dataclass
class _Captured:
    """The answer as it is sent, kept to be stored."""

    status: int = 0
    headers: Headers = field(default_factory=Headers)
    body: list[bytes] = field(default_factory=list)

    def answer(self) -> StoredAnswer:
        return StoredAnswer(
            self.status,
            self.headers.get("content-type", ""),
            self.headers.get("location"),
            b"".join(self.body),
        )


class Idempotency:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        principal = scope.get("state", {}).get("principal") if scope["type"] == "http" else None
        if principal is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        key = Headers(scope=scope).get(HEADER)
        if key is None and not _is_form(scope):
            await self.app(scope, receive, send)
            return
        body = await read_body(receive)
        receive = replay(body, receive)
        if key is None:
            key = await _form_key(scope, body)
        if key is None:
            await self.app(scope, receive, send)
            return
        owner = "local" if principal.user_id is None else f"user:{principal.user_id}"
        request = Request(scope, receive)
        try:
            stored = await run_in_threadpool(_claim, request, owner, key, _hash(scope, body))
        except BakehouseError as error:
            await error_response(request, error)(scope, receive, send)
            return
        if stored is not None:
            await _replayed(stored)(scope, receive, send)
            return
        await self._answer_once(request, owner, key, send)

    async def _answer_once(self, request: Request, owner: str, key: str, send: Send) -> None:
        captured = _Captured()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                captured.status = message["status"]
                captured.headers = Headers(raw=list(message.get("headers", [])))
            elif message["type"] == "http.response.body":
                captured.body.append(message.get("body", b""))
            await send(message)

        try:
            await self.app(request.scope, request.receive, capture)
        except BaseException:
            await run_in_threadpool(_release, request, owner, key)
            raise
        answer = captured.answer()
        keep = 200 <= answer.status_code < 400 and len(answer.location or "") <= _LONGEST_LOCATION
        if keep:
            await run_in_threadpool(_record, request, owner, key, answer)
        else:
            await run_in_threadpool(_release, request, owner, key)


def _claim(request: Request, owner: str, key: str, request_hash: str) -> StoredAnswer | None:
    with transaction(request.app.state.session_factory) as session:
        return claim_key(session, owner, check_key(key), request_hash)


def _record(request: Request, owner: str, key: str, answer: StoredAnswer) -> None:
    with transaction(request.app.state.session_factory) as session:
        record_answer(session, owner, key, answer)


def _release(request: Request, owner: str, key: str) -> None:
    with transaction(request.app.state.session_factory) as session:
        forget_key(session, owner, key)


def _hash(scope: Scope, body: bytes) -> str:
    """What makes two requests "the same": method, path, query string and body."""
    digest = hashlib.sha256()
    for part in (scope["method"].encode(), scope["path"].encode(), scope.get("query_string", b"")):
        digest.update(part + b"\0")
    digest.update(body)
    return digest.hexdigest()


def _replayed(stored: StoredAnswer) -> Response:
    headers = {REPLAYED_HEADER: "true"}
    if stored.location:
        headers["location"] = stored.location
    if stored.content_type:
        headers["content-type"] = stored.content_type
    return Response(stored.body, status_code=stored.status_code, headers=headers)


async def _form_key(scope: Scope, body: bytes) -> str | None:
    """The ``idempotency_key`` field of a form body (None without one)."""

    async def nothing_more() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    try:
        form = await Request(scope, replay(body, nothing_more)).form()
    except Exception:  # a malformed form: the route will say so
        return None
    value = form.get(FORM_FIELD)
    await form.close()
    return value if isinstance(value, str) and value else None


def _is_form(scope: Scope) -> bool:
    return Headers(scope=scope).get("content-type", "").startswith(FORM_TYPES)


def idempotency_input() -> Markup:
    """A hidden form field holding a new idempotency key (templates: in every POST form)."""
    return Markup(f'<input type="hidden" name="{FORM_FIELD}" value="{uuid.uuid4()}">')


def install_idempotency(app: FastAPI) -> None:
    """Add the middleware (call before access control, so it runs inside it)."""
    app.add_middleware(Idempotency)
    templates.env.globals["idempotency_input"] = idempotency_input
