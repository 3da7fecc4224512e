"""Access control for every request, before any handler runs.

One ASGI middleware decides, for every path (pages, ``/api``, anything added later):

1. **Who is asking**: an ``Authorization: Bearer <token>`` API token, else the signed
   session cookie (the key of a server-side session, so signing out, signing out
   everywhere, a new password, a disabled account or a new role end it at once), else
   nobody. In *local mode* — configured for loopback, no accounts at all, and a request
   from this machine (loopback peer and ``Host``, no forwarding headers) — nobody is the
   local baker, who may do everything. With no accounts, a request from another machine
   is refused outright (403: create an owner first), whatever address the server is bound
   to; a request a proxy forwarded needs sign-in like any server.
2. **May they**: anonymous requests get 401 (JSON, under ``/api``) or a redirect to
   ``/login`` (pages); a role without the capability the request needs gets 403
   (:mod:`bakehouse.domain.permissions` holds the one table).
3. **Did the form come from us**: a state-changing request must not come from another
   site (``Origin`` / ``Sec-Fetch-Site``), and when it rides on a signed-in session cookie
   it must carry the session's CSRF token (form field ``csrf_token`` or header
   ``X-CSRF-Token``). Bearer-token calls carry no cookie and are exempt.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import quote, urlsplit

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bakehouse.config import Settings
from bakehouse.db.engine import transaction
from bakehouse.domain.permissions import (
    SAFE_METHODS,
    Role,
    grant_setting,
    is_allowed,
    is_loopback,
)
from bakehouse.domain.wording import a_or_an
from bakehouse.services.accounts.accounts import has_users
from bakehouse.services.accounts.api_tokens import find_token, note_token_use, token_use_is_stale
from bakehouse.services.accounts.sessions import SESSION_LIFETIME, user_for_session
from bakehouse.services.core.settings import setting_value
from bakehouse.web.body_limits import BodyLimit
from bakehouse.web.deps import render, templates
from bakehouse.web.errors import error_body
from bakehouse.web.hosts import AllowedHosts, host_name
from bakehouse.web.request_body import read_body, replay

SESSION_COOKIE = "bakehouse_session"
SESSION_MAX_AGE = int(SESSION_LIFETIME.total_seconds())
LOGIN_PATH = "/login"
PUBLIC_PATHS = frozenset({LOGIN_PATH})
#: ``/calendar/feed/``: a calendar app's read by secret address, checked by its handler
#: (docs/multi-user.md, "Calendar feeds").
PUBLIC_PREFIXES = ("/static/", "/calendar/feed/")
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
FORWARDING_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-real-ip")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
OWNER_FIRST = (
    "this Bakehouse has no accounts yet, so it answers only on this machine; "
    "create an owner first (bakehouse user add NAME --role owner)"
)
#: How a request may proceed: as the local baker, after signing in, or not at all.
Access = Literal["local", "login", "owner_first"]


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: a user (by session or API token), or the local baker."""

    username: str
    display_name: str
    role: Role
    via: Literal["session", "token", "local"]
    user_id: int | None = None

    @property
    def is_local(self) -> bool:
        return self.via == "local"


LOCAL_BAKER = Principal("", "Local baker", Role.OWNER, "local")


def principal_of(request: Request) -> Principal | None:
    """The principal the middleware found for this request (None when anonymous)."""
    found = request.scope.get("state", {}).get("principal")
    return found if isinstance(found, Principal) else None


def ensure_csrf_token(scope: Scope) -> str:
    """The session's CSRF token, created on first use ("" without a session)."""
    session = scope.get("session")
    if session is None:
        return ""
    token = session.get("csrf")
    if not isinstance(token, str) or not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


def sign_in(request: Request, session_key: str) -> None:
    """Put a new server-side session's key in the cookie (a new CSRF token too: no fixation)."""
    request.session.clear()
    request.session.update(sid=session_key, csrf=secrets.token_urlsafe(32))


def sign_out(request: Request) -> None:
    request.session.clear()


def session_key_of(request: Request) -> str | None:
    """The key of the server-side session this request's cookie names, if any."""
    key = request.session.get("sid")
    return key if isinstance(key, str) and key else None


def login_required(request: Request) -> bool:
    """False only in local mode (see the module docstring)."""
    if not _from_this_machine(request) or _configured_for_others(request.app):
        return True
    with transaction(request.app.state.session_factory, write=False) as session:
        return _users_exist(request.app, session)


class AccessControl:
    """The ASGI middleware described in the module docstring."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(PUBLIC_PREFIXES):
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        method = request.method.upper()
        unsafe = method not in SAFE_METHODS
        bearer = _bearer_token(request)
        if unsafe and bearer is None and _is_cross_site(request):
            await _refuse(request, send, 403, "forbidden", "cross-site request refused")
            return
        principal, access = await run_in_threadpool(_identify, request, bearer)
        if bearer is not None and principal is None:
            await _refuse(request, send, 401, "unauthenticated", "invalid API token")
            return
        if access == "owner_first":
            await _refuse(request, send, 403, "owner_required", OWNER_FIRST)
            return
        needs_login = access == "login"
        scope.setdefault("state", {})["principal"] = principal
        if principal is None and needs_login and path not in PUBLIC_PATHS:
            await _refuse_anonymous(request, send)
            return
        if principal is not None and not await _allowed(request, principal.role, method, path):
            message = f"{a_or_an(str(principal.role))} cannot do this"
            await _refuse(request, send, 403, "forbidden", message)
            return
        needs_token = principal is not None and principal.via == "session"
        if unsafe and (needs_token or (needs_login and path in PUBLIC_PATHS)):
            receive, valid = await _check_csrf(request, receive)
            if not valid:
                message = "the form has expired or did not come from this site; reload and retry"
                await _refuse(request, send, 403, "csrf_failed", message)
                return
        await self.app(scope, receive, send)


async def _allowed(request: Request, role: Role, method: str, path: str) -> bool:
    """The permissions table's answer, with what the owner's settings grant the role."""
    if is_allowed(role, method, path):
        return True
    grant = grant_setting(role, method, path)
    if grant is None:
        return False
    capability, key = grant
    if await run_in_threadpool(_setting_is_on, request.app, key):
        return is_allowed(role, method, path, frozenset({capability}))
    return False


def _setting_is_on(app: FastAPI, key: str) -> bool:
    with transaction(app.state.session_factory, write=False) as session:
        return setting_value(session, key) == 1


def install_access_control(app: FastAPI, settings: Settings) -> None:
    """Add the access middleware, the signed session cookie and the host check (outermost,
    so a request for a host we do not answer to is refused before anything else runs), and
    the template helpers."""
    app.add_middleware(AccessControl)
    app.add_middleware(
        SessionMiddleware,  # outside AccessControl: the session exists when it runs
        secret_key=settings.session_secret(),
        session_cookie=SESSION_COOKIE,
        max_age=SESSION_MAX_AGE,
        same_site="lax",
        https_only=settings.cookie_secure,
    )
    app.add_middleware(BodyLimit)  # before anything reads a body
    app.add_middleware(AllowedHosts)
    templates.env.globals.update(
        csrf_token=_csrf_token_global,
        csrf_input=_csrf_input_global,
        current_principal=_principal_global,
    )


def _identify(request: Request, bearer: str | None) -> tuple[Principal | None, Access]:
    """The request's principal and how it may proceed (one short read)."""
    app = request.app
    if bearer is not None:
        return _identify_token(app, bearer), "login"
    with transaction(app.state.session_factory, write=False) as session:
        if not _users_exist(app, session):
            if not is_loopback(_peer(request)):
                return None, "owner_first"
            if _from_this_machine(request) and not _configured_for_others(app):
                return LOCAL_BAKER, "local"
            return None, "login"
        key = session_key_of(request)
        if key is not None:
            user = user_for_session(session, key)
            if user is not None:
                return _principal(user, "session"), "login"
            sign_out(request)  # ended, expired, or the account was disabled
        return None, "login"


def _identify_token(app: Any, bearer: str) -> Principal | None:
    """The token's user; its last use is noted at most once a minute, in a write of its own."""
    with transaction(app.state.session_factory, write=False) as session:
        found = find_token(session, bearer)
        if found is None:
            return None
        token, user = found
        principal = _principal(user, "token")
    if token_use_is_stale(token):
        with transaction(app.state.session_factory) as session:
            note_token_use(session, token.id)
    return principal


def _users_exist(app: Any, session: Any) -> bool:
    if getattr(app.state, "users_exist", False):
        return True
    if has_users(session):
        app.state.users_exist = True  # accounts are never deleted, so this stays true
        return True
    return False


def _configured_for_others(app: Any) -> bool:
    """True when the settings say the server listens beyond this machine."""
    settings: Settings = app.state.settings
    return not is_loopback(settings.host)


def _from_this_machine(request: Request) -> bool:
    """A loopback peer asking for a loopback host, not passed on by a proxy."""
    return (
        is_loopback(_peer(request))
        and is_loopback(host_name(_host(request)))
        and not _forwarded(request)
    )


def _peer(request: Request) -> str:
    return request.client.host if request.client else ""


def _forwarded(request: Request) -> bool:
    """True when a proxy passed the request on: it may come from anywhere, so never local."""
    return any(name in request.headers for name in FORWARDING_HEADERS)


def _principal(user: Any, via: Literal["session", "token"]) -> Principal:
    return Principal(user.username, user.display_name or user.username, user.role, via, user.id)


def _bearer_token(request: Request) -> str | None:
    scheme, _, credentials = request.headers.get("authorization", "").partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials.strip() else None


def _is_cross_site(request: Request) -> bool:
    """True when the browser says the request comes from another site."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin == "null" or urlsplit(origin).netloc.lower() != _host(request)
    return request.headers.get("sec-fetch-site", "").lower() == "cross-site"


def _host(request: Request) -> str:
    return request.headers.get("host", "").lower()


async def _check_csrf(request: Request, receive: Receive) -> tuple[Receive, bool]:
    """Compare the submitted CSRF token with the session's; the body is replayed after."""
    expected = request.session.get("csrf")
    submitted = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if submitted is None and content_type.startswith(FORM_TYPES):
        body = await read_body(receive)
        submitted = await _form_field(request.scope, body, CSRF_FIELD)
        receive = replay(body, receive)
    valid = (
        isinstance(expected, str)
        and bool(expected)
        and submitted is not None
        and hmac.compare_digest(expected.encode(), submitted.encode())
    )
    return receive, valid


async def _form_field(scope: Scope, body: bytes, name: str) -> str | None:
    """One text field of a form body (None when absent, or the body is not a valid form)."""

    async def no_more() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    try:
        form = await Request(scope, replay(body, no_more)).form()
    except HTTPException:  # a malformed multipart body: no token can be read from it
        return None
    value = form.get(name)
    await form.close()
    return value if isinstance(value, str) else None


async def _refuse_anonymous(request: Request, send: Send) -> None:
    if request.url.path.startswith("/api"):
        await _refuse(request, send, 401, "unauthenticated", "sign in or send an API token")
        return
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    response = RedirectResponse(f"{LOGIN_PATH}?next={quote(target, safe='')}", status_code=303)
    await response(request.scope, request.receive, send)


async def _refuse(request: Request, send: Send, status: int, code: str, message: str) -> None:
    body = error_body(code, message)
    response: Response
    if request.url.path.startswith("/api"):
        response = JSONResponse(body, status_code=status)
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
    else:
        response = render(request, "error.html", {"error": body["error"], "status": status}, status)
    await response(request.scope, request.receive, send)


@pass_context
def _csrf_token_global(context: Context) -> str:
    request = context.get("request")
    return ensure_csrf_token(request.scope) if isinstance(request, Request) else ""


@pass_context
def _csrf_input_global(context: Context) -> Markup:
    token = _csrf_token_global(context)
    return Markup(f'<input type="hidden" name="{CSRF_FIELD}" value="{escape(token)}">')


@pass_context
def _principal_global(context: Context) -> Principal | None:
    request = context.get("request")
    return principal_of(request) if isinstance(request, Request) else None
