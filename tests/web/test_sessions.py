"""Sessions live on the server: signing out ends them, and a captured cookie dies with them.

A signed cookie alone cannot be taken back; each one names a server-side session, checked
on every request by one read (never a write, which would take SQLite's write lock).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import AccountSession, AuthEvent, AuthEventKind
from bakehouse.web.auth import SESSION_COOKIE
from tests.factories.accounts import make_user
from tests.web.auth_helpers import sign_in


def browser(app: FastAPI) -> TestClient:
    return TestClient(app, raise_server_exceptions=False)


def test_a_cookie_replayed_after_logout_is_refused(server_app: FastAPI, db: Session) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    with browser(server_app) as laptop:
        csrf = sign_in(laptop, "ben")
        captured = laptop.cookies[SESSION_COOKIE]
        laptop.post("/logout", data={"csrf_token": csrf})
    with browser(server_app) as thief:
        thief.cookies.set(SESSION_COOKIE, captured)
        assert thief.get("/account", follow_redirects=False).status_code == 303
        assert thief.get("/api/me").status_code == 401
    db.expire_all()
    [ended] = db.scalars(select(AccountSession))
    assert ended.end_reason == "signed out"


def test_signing_out_everywhere_ends_every_other_browser(server_app: FastAPI, db: Session) -> None:
    make_user(db, Role.VIEWER, username="vera")
    db.commit()
    with browser(server_app) as phone, browser(server_app) as laptop:
        sign_in(phone, "vera")
        csrf = sign_in(laptop, "vera")
        done = laptop.post(
            "/account/sign-out-everywhere", data={"csrf_token": csrf}, follow_redirects=False
        )
        assert done.headers["location"] == "/account?done=everywhere"
        assert phone.get("/account", follow_redirects=False).status_code == 303
        page = laptop.get("/account", follow_redirects=False)
        assert page.status_code == 200  # this browser got a fresh session
        assert "Signed out everywhere else." in laptop.get("/account?done=everywhere").text
    db.expire_all()
    [event] = db.scalars(select(AuthEvent).where(AuthEvent.kind == AuthEventKind.SESSIONS_ENDED))
    assert event.detail == "2 sessions by vera"


def test_the_api_signs_out_everywhere_and_tokens_keep_working(
    server_app: FastAPI, db: Session
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    with browser(server_app) as phone, browser(server_app) as script:
        csrf = sign_in(phone, "ben")
        token = phone.post(
            "/api/account/tokens", json={"name": "script"}, headers={"X-CSRF-Token": csrf}
        ).json()["token"]
        bearer = {"Authorization": f"Bearer {token}"}
        ended = script.post("/api/account/sign-out-everywhere", headers=bearer)
        assert ended.json() == {"sessions_ended": 1}
        assert phone.get("/api/me").status_code == 401
        assert script.get("/api/me", headers=bearer).json()["via"] == "token"


@pytest.fixture
def writes(app: FastAPI) -> Iterator[list[str]]:
    """Every INSERT, UPDATE or DELETE the app's engine sends while the test runs."""
    engine: Engine = app.state.engine
    seen: list[str] = []

    def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    yield seen
    event.remove(engine, "before_cursor_execute", before)


def test_checking_a_session_writes_nothing(
    server_app: FastAPI, db: Session, writes: list[str]
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    with browser(server_app) as laptop:
        sign_in(laptop, "ben")
        writes.clear()
        for path in ("/", "/events", "/account", "/api/me", "/api/dashboard"):
            assert laptop.get(path, follow_redirects=False).status_code == 200, path
    assert writes == []
