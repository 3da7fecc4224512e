"""The signed device cookie: browsers that signed in to an account before.

After 10 failed sign-ins to one account, each further attempt waits a growing delay — but
not from a browser that signed in to that account successfully before, so an attack
spread over many addresses cannot lock the real person out. That browser is recognised by
this cookie: the ids of the accounts it signed in to (at most five), signed with the
app's secret key so it cannot be forged, HttpOnly, kept for a year.
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, URLSafeTimedSerializer

from bakehouse.config import Settings

DEVICE_COOKIE = "bakehouse_device"
DEVICE_MAX_AGE = 365 * 24 * 60 * 60
MAX_ACCOUNTS = 5


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.session_secret(), salt="bakehouse.device")


def remembered_user_ids(request: Request) -> frozenset[int]:
    """The accounts this browser signed in to before (empty when absent or forged)."""
    cookie = request.cookies.get(DEVICE_COOKIE)
    if not cookie:
        return frozenset()
    settings: Settings = request.app.state.settings
    try:
        ids = _serializer(settings).loads(cookie, max_age=DEVICE_MAX_AGE)
    except BadSignature:
        return frozenset()
    if not isinstance(ids, list):
        return frozenset()
    return frozenset(i for i in ids if isinstance(i, int))


def remember_device(request: Request, response: Response, user_id: int) -> None:
    """Add ``user_id`` to this browser's device cookie (the newest five accounts)."""
    settings: Settings = request.app.state.settings
    ids = [i for i in sorted(remembered_user_ids(request)) if i != user_id][-MAX_ACCOUNTS + 1 :]
    response.set_cookie(
        DEVICE_COOKIE,
        _serializer(settings).dumps([*ids, user_id]),
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="lax",
        secure=settings.cookie_secure,
    )
