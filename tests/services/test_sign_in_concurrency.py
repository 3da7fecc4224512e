"""Simultaneous guesses cannot slip under the sign-in limits.

Each attempt is reserved (counted) in its own short transaction before its password is
checked, outside any transaction, so 40 guesses at once against a limit of 5 check exactly
5 passwords — on SQLite and on PostgreSQL, with one transaction per step as the web server
runs them.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.permissions import Role
from bakehouse.domain.sign_in_limits import (
    ACCOUNT_FAILURES_BEFORE_DELAY,
    MAX_FAILURES_PER_USERNAME_AND_IP,
)
from bakehouse.models import AuthEvent, AuthEventKind
from bakehouse.models.types import utcnow
from bakehouse.services.accounts import passwords, sign_in
from bakehouse.services.accounts.passwords import limit_password_work
from bakehouse.services.accounts.sign_in import LoginRefusal
from tests.conftest import BACKENDS, fresh_database
from tests.factories.accounts import make_user

GUESSES = 40


@pytest.fixture(autouse=True)
def every_check_waits_its_turn() -> Iterator[None]:
    """The slots that bound Argon2 work queue each check long enough that a slow, busy
    machine still checks every reserved attempt: this test counts checks, not speed."""
    before = passwords._slots
    limit_password_work(before.at_once, 300.0)
    try:
        yield
    finally:
        limit_password_work(before.at_once, before.wait_seconds)


@pytest.fixture(params=BACKENDS)
def factory(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    with fresh_database(request.param, tmp_path) as engine:
        upgrade_to_head(engine)
        made = make_session_factory(engine)
        with transaction(made) as session:
            make_user(session, Role.BAKER, username="ben")
        yield made


def guess_at_once(factory: sessionmaker[Session], address_of: Callable[[int], str]) -> Counter[str]:
    """``GUESSES`` wrong sign-ins for ben at the same moment, each as the server runs them."""
    start = threading.Barrier(GUESSES)
    # One moment for every step: the guesses are simultaneous however slowly a busy machine
    # runs them (the account limit's delay counts from the last failure).
    moment = utcnow()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def guess(number: int) -> None:
        start.wait()
        with transaction(factory) as session:
            reservation = sign_in.reserve_sign_in(session, "ben", ip=address_of(number), now=moment)
        if reservation.refused:
            outcome = reservation.refusal()
        else:
            check = sign_in.check_password(reservation, f"guess number {number}")
            with transaction(factory) as session:
                outcome = sign_in.record_sign_in(session, reservation, check, now=moment)
        with lock:
            outcomes[str(outcome.refusal)] += 1

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(GUESSES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes


def recorded(engine: Engine, kind: AuthEventKind) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).where(AuthEvent.kind == kind)) or 0


def test_forty_simultaneous_guesses_from_one_address_check_exactly_the_limit(
    factory: sessionmaker[Session],
) -> None:
    outcomes = guess_at_once(factory, lambda _: "203.0.113.5")
    limit = MAX_FAILURES_PER_USERNAME_AND_IP
    assert outcomes == {
        LoginRefusal.BAD_CREDENTIALS: limit,
        LoginRefusal.THROTTLED: GUESSES - limit,
    }
    engine = factory.kw["bind"]
    assert recorded(engine, AuthEventKind.LOGIN_FAILED) == limit
    assert recorded(engine, AuthEventKind.LOGIN_REFUSED) == GUESSES - limit  # every refusal
    assert recorded(engine, AuthEventKind.LOGIN_CHECKING) == 0


def test_forty_simultaneous_guesses_from_forty_addresses_meet_the_account_limit(
    factory: sessionmaker[Session],
) -> None:
    outcomes = guess_at_once(factory, lambda n: f"198.51.100.{n + 1}")
    limit = ACCOUNT_FAILURES_BEFORE_DELAY
    assert outcomes == {
        LoginRefusal.BAD_CREDENTIALS: limit,
        LoginRefusal.THROTTLED: GUESSES - limit,
    }
