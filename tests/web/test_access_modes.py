"""Who counts as the local owner: only this machine, asking for this machine by name.

Local mode (no accounts: nobody signs in) trusts the machine Bakehouse runs on. A web page
on another site must not borrow that trust through DNS rebinding (its own name resolving
to 127.0.0.1: the ``Host`` header gives it away), and another machine must not get it
because the server happens to be bound to every address.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.permissions import Role
from bakehouse.models import User
from tests.factories.accounts import make_user
from tests.web.auth_helpers import csrf_from, sign_in
from tests.web.conftest import LOCAL_PEER
from tests.web.error_shape import assert_error

NEW_OWNER = {"username": "mallory", "password": "long enough", "role": "owner"}


def users(db: Session) -> int:
    db.expire_all()
    return db.scalar(select(func.count(User.id))) or 0


@pytest.fixture
def rebinding(app: FastAPI) -> Iterator[TestClient]:
    """A browser on this machine sent by a page of evil.example, resolved to 127.0.0.1."""
    with TestClient(app, base_url="http://evil.example:8000", client=LOCAL_PEER) as client:
        yield client


def test_a_rebinding_request_is_refused_before_anything_runs(
    rebinding: TestClient, db: Session
) -> None:
    assert_error(rebinding.get("/api/me"), 400, "bad_host", says="BAKEHOUSE_ALLOWED_HOSTS")
    created = rebinding.post(
        "/api/users", json=NEW_OWNER, headers={"Origin": "http://evil.example:8000"}
    )
    assert_error(created, 400, "bad_host")
    assert rebinding.get("/login").status_code == 400
    assert "set-cookie" not in rebinding.get("/login").headers  # no session was even read
    assert users(db) == 0


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1", "127.3.2.1:80", "[::1]:8000"])
def test_loopback_names_serve_local_mode(app: FastAPI, host: str) -> None:
    with TestClient(app, base_url=f"http://{host}", client=LOCAL_PEER) as here:
        assert here.get("/api/me").json()["via"] == "local"


def test_an_allowed_public_host_is_accepted_in_server_mode(app: FastAPI, db: Session) -> None:
    """Behind a reverse proxy: bound to loopback, reached as bakery.example."""
    app.state.settings = app.state.settings.model_copy(
        update={"allowed_hosts": ("bakery.example",)}
    )
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    proxied = {"X-Forwarded-For": "203.0.113.7"}
    with TestClient(app, base_url="https://bakery.example", client=LOCAL_PEER) as public:
        assert public.get("/", headers=proxied, follow_redirects=False).status_code == 303
        sign_in(public, "ben")
        assert public.get("/api/me", headers=proxied).json()["username"] == "ben"
    with TestClient(app, base_url="https://other.example", client=LOCAL_PEER) as other:
        assert_error(other.get("/api/me", headers=proxied), 400, "bad_host")


def test_an_allowed_public_host_does_not_bring_local_mode(app: FastAPI, db: Session) -> None:
    """Without accounts a configured public name needs sign-in (so nobody gets in)."""
    app.state.settings = app.state.settings.model_copy(
        update={"allowed_hosts": ("bakery.example",)}
    )
    with TestClient(app, base_url="http://bakery.example", client=LOCAL_PEER) as public:
        assert_error(public.get("/api/me"), 401, "unauthenticated")
        assert public.get("/", follow_redirects=False).status_code == 303


@pytest.mark.parametrize("bound_to", ["127.0.0.1", "0.0.0.0"])
def test_a_non_loopback_peer_in_local_mode_is_refused(
    app: FastAPI, db: Session, bound_to: str
) -> None:
    """``uvicorn … --host 0.0.0.0`` with the default settings: another machine asks."""
    app.state.settings = app.state.settings.model_copy(update={"host": bound_to})
    with TestClient(app, base_url="http://localhost", client=("192.0.2.10", 40000)) as lan:
        refused = lan.get("/api/me")
        assert_error(refused, 403, "owner_required", says="bakehouse user add")
        assert lan.get("/login").status_code == 403
        assert_error(lan.post("/api/users", json=NEW_OWNER), 403, "owner_required")
    assert users(db) == 0


def test_once_an_owner_exists_another_machine_signs_in_like_anyone(
    app: FastAPI, db: Session
) -> None:
    make_user(db, Role.OWNER, username="olga")
    db.commit()
    with TestClient(app, base_url="http://localhost", client=("192.0.2.10", 40000)) as lan:
        assert lan.get("/", follow_redirects=False).status_code == 303
        assert "csrf-token" in lan.get("/login").text
        sign_in(lan, "olga")
        assert lan.get("/api/me").json()["username"] == "olga"


def test_the_local_owner_still_creates_the_first_account(client: TestClient, db: Session) -> None:
    assert client.get("/api/me").json()["via"] == "local"
    created = client.post("/api/users", json=NEW_OWNER | {"username": "olga"})
    assert created.status_code == 201
    assert users(db) == 1
    assert csrf_from(client.get("/login").text)
