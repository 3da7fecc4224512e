"""Sign-in limits over HTTP: raced guesses, guesses spread over many addresses.

The per-account delay is computed, never slept: a refused attempt gets 429 with
``Retry-After`` at once (a delay that held a worker would itself be a way to stop the
server). The tests move the app's clock instead of waiting.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from benchmarks.load import server
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.permissions import Role
from bakehouse.domain.sign_in_limits import (
    ACCOUNT_FAILURES_BEFORE_DELAY,
    MAX_FAILURES_PER_USERNAME_AND_IP,
)
from bakehouse.models import AuthEvent, AuthEventKind
from bakehouse.services.accounts import passwords
from tests.conftest import BACKENDS, PostgresSchema, require_postgres
from tests.factories.accounts import PASSWORD, make_user
from tests.web.auth_helpers import csrf_from, sign_in
from tests.web.error_shape import assert_error

ATTACKERS = 40


class Clock:
    """The app's clock, moved by the test."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    app.state.clock = made = Clock()
    return made


def from_address(app: FastAPI, address: str) -> TestClient:
    return TestClient(app, client=(address, 40000), raise_server_exceptions=False)


def attempt(client: TestClient, password: str) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    form = {"username": "ben", "password": password, "csrf_token": token}
    return client.post("/login", data=form, follow_redirects=False)


def count(db: Session, kind: AuthEventKind) -> int:
    db.expire_all()
    return db.scalar(select(func.count()).where(AuthEvent.kind == kind)) or 0


def test_a_spread_attack_is_slowed_by_the_account_limit_but_the_remembered_browser_signs_in(
    app: FastAPI, db: Session, clock: Clock
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    kitchen = from_address(app, "192.0.2.50")
    sign_in(kitchen, "ben")  # this browser is remembered from now on
    kitchen.post("/logout", data={"csrf_token": csrf_from(kitchen.get("/account").text)})

    attackers = [from_address(app, f"198.51.100.{n + 1}") for n in range(ATTACKERS)]
    statuses = Counter(attempt(a, "a wrong guess").status_code for a in attackers)
    assert statuses == {401: ACCOUNT_FAILURES_BEFORE_DELAY, 429: 30}

    # A minute of one guess a second, round the addresses: the delay doubles each time.
    checked = 0
    first_waits = []  # the wait told one second after each checked guess
    for second in range(60):
        clock.advance(1)
        response = attempt(attackers[second % ATTACKERS], "another guess")
        if response.status_code == 401:
            checked += 1
            first_waits.append(None)
        else:
            assert response.status_code == 429
            if first_waits and first_waits[-1] is None:
                first_waits[-1] = int(response.headers["retry-after"])
    assert checked == 5  # 15 guesses in the first minute, not hundreds
    assert first_waits == [1, 3, 7, 15, 31]  # waits of 2, 4, 8, 16, 32 s, one already gone

    assert attempt(from_address(app, "192.0.2.99"), PASSWORD).status_code == 429  # new browser
    assert attempt(kitchen, PASSWORD).status_code == 303  # the remembered one gets in
    assert count(db, AuthEventKind.LOGIN_REFUSED) == 30 + 60 - 5 + 1  # every refusal


def test_a_refusal_says_when_to_come_back(app: FastAPI, db: Session, clock: Clock) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    guesser = from_address(app, "203.0.113.9")
    for _ in range(MAX_FAILURES_PER_USERNAME_AND_IP):
        assert attempt(guesser, "a wrong guess").status_code == 401
    refused = attempt(guesser, PASSWORD)
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) == 15 * 60
    assert "try again in 15 minutes" in refused.text
    clock.advance(15 * 60)
    assert attempt(guesser, PASSWORD).status_code == 303


# --- two worker processes -----------------------------------------------------------------


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A migrated database with ben in it, as a URL the server processes can open."""
    schema = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bakehouse.sqlite3'}"
    else:
        schema = PostgresSchema(require_postgres())
        schema.create()
        url = f"{schema.url}?options=-csearch_path%3D{schema.name}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with transaction(make_session_factory(engine)) as session:
        make_user(session, Role.BAKER, username="ben")
    try:
        yield url
    finally:
        engine.dispose()
        if schema is not None:
            schema.drop()


@pytest.mark.slow
def test_forty_simultaneous_sign_ins_on_two_worker_processes_check_exactly_the_limit(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every reserved check waits its turn, however busy the machine: this counts checks.
    monkeypatch.setenv("BAKEHOUSE_PASSWORD_CHECK_WAIT_SECONDS", "300")
    with server(database_url, workers=2) as (base, _pid):
        clients = [httpx.Client(base_url=base, timeout=60) for _ in range(ATTACKERS)]
        tokens = [csrf_from(client.get("/login").text) for client in clients]
        start = threading.Barrier(ATTACKERS)
        statuses: Counter[int] = Counter()
        lock = threading.Lock()

        def guess(number: int) -> None:
            form = {"username": "ben", "password": "wrong guess", "csrf_token": tokens[number]}
            start.wait()
            status = clients[number].post("/login", data=form).status_code
            with lock:
                statuses[status] += 1

        threads = [threading.Thread(target=guess, args=(n,)) for n in range(ATTACKERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        for client in clients:
            client.close()
    limit = MAX_FAILURES_PER_USERNAME_AND_IP
    assert statuses == {401: limit, 429: ATTACKERS - limit}


# --- password checks at once --------------------------------------------------------------


@pytest.fixture
def one_check_at_a_time() -> Iterator[None]:
    passwords.limit_password_work(1, 0.05)
    try:
        yield
    finally:
        passwords.limit_password_work(2, 2.0)


def test_a_sign_in_that_cannot_get_its_turn_is_told_to_come_back(
    app: FastAPI, db: Session, one_check_at_a_time: None
) -> None:
    make_user(db, Role.BAKER, username="ben")
    db.commit()
    browser = from_address(app, "203.0.113.9")
    token = csrf_from(browser.get("/login").text)
    form = {"username": "ben", "password": PASSWORD, "csrf_token": token}
    with passwords._argon2_slot():  # another check is running
        busy = browser.post("/login", data=form, follow_redirects=False)
    assert busy.status_code == 503
    assert busy.headers["retry-after"] == "1"
    assert "busy" in busy.text
    db.expire_all()
    refused = db.scalars(select(AuthEvent).where(AuthEvent.kind == AuthEventKind.LOGIN_REFUSED))
    assert [event.detail for event in refused] == ["server busy"]
    assert count(db, AuthEventKind.LOGIN_FAILED) == 0  # not held against the account
    assert browser.post("/login", data=form, follow_redirects=False).status_code == 303


def test_an_api_call_that_must_hash_a_password_gets_503_when_busy(
    app: FastAPI, client: TestClient, one_check_at_a_time: None
) -> None:
    with passwords._argon2_slot():
        response = client.post(
            "/api/users", json={"username": "olga", "password": "long enough", "role": "owner"}
        )
    assert_error(response, 503, "busy", says="try again")
    assert response.headers["retry-after"] == "1"
