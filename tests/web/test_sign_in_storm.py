"""Many sign-ins at once, against the real server in its own process on 127.0.0.1.

Each Argon2 check takes 64 MiB; a process runs only a few at once and queues the rest
briefly (then 503 with Retry-After), so its memory has a bound whatever arrives. And on
SQLite no sign-in holds the write lock while it checks a password, so a storm of wrong
passwords beside people reading pages gives no "database is locked".
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from benchmarks.load import server

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.permissions import Role
from bakehouse.services.accounts.api_tokens import create_api_token
from tests.factories.accounts import make_user
from tests.web.auth_helpers import csrf_from

pytestmark = pytest.mark.slow

STORM = 40
ARGON2_MIB = 64


@pytest.fixture
def sqlite_url(tmp_path: Path) -> tuple[str, str]:
    """A migrated SQLite file with a baker and the baker's API token; (URL, token)."""
    url = f"sqlite:///{tmp_path / 'storm.sqlite3'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with transaction(make_session_factory(engine)) as session:
        make_user(session, Role.BAKER, username="ben")
        token = create_api_token(session, "ben", "reader").plain_text
    engine.dispose()
    return url, token


def peak_resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")  # pragma: no cover - Linux only


def storm(base: str, count: int, *, until: Callable[[], bool] | None = None) -> Counter[int]:
    """``count`` clients, each from its own address, sending wrong sign-ins at once."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    clients = [
        httpx.Client(base_url=base, timeout=60, headers={"X-Forwarded-For": f"198.51.100.{n}"})
        for n in range(1, count + 1)
    ]
    tokens = [csrf_from(client.get("/login").text) for client in clients]
    start = threading.Barrier(count)

    def guess(number: int) -> None:
        start.wait()
        attempt = 0
        while True:
            attempt += 1
            form = {"username": f"nobody{number}x{attempt}", "password": "wrong guess",
                    "csrf_token": tokens[number]}  # fmt: skip
            status = clients[number].post("/login", data=form).status_code
            with lock:
                statuses[status] += 1
            if until is None or until():
                return

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    for client in clients:
        client.close()
    return statuses


def test_forty_simultaneous_sign_ins_keep_memory_within_the_bound(
    sqlite_url: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    at_once = 2
    monkeypatch.setenv("BAKEHOUSE_PASSWORD_CHECKS_AT_ONCE", str(at_once))
    monkeypatch.setenv("BAKEHOUSE_PASSWORD_CHECK_WAIT_SECONDS", "60")  # every check runs
    url, _token = sqlite_url
    with server(url, workers=1) as (base, pid):
        with httpx.Client(base_url=base, timeout=30) as warm:  # one check: Argon2 loaded
            form = {"username": "ben", "password": "warming up",
                    "csrf_token": csrf_from(warm.get("/login").text)}  # fmt: skip
            assert warm.post("/login", data=form).status_code == 401
        base_mib = peak_resident_mib(pid)
        statuses = storm(base, STORM)
        peak_mib = peak_resident_mib(pid)
    assert statuses == {401: STORM}  # every password was checked, two at a time
    assert peak_mib - base_mib <= at_once * ARGON2_MIB + 32, (base_mib, peak_mib)


def test_a_sign_in_storm_beside_readers_on_sqlite_locks_nothing(
    sqlite_url: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Readers make a fixed number of reads while the storm runs; the storm stops when they
    are done. No figure here depends on how fast the machine is."""
    monkeypatch.setenv("BAKEHOUSE_PASSWORD_CHECK_WAIT_SECONDS", "1")
    url, token = sqlite_url
    readers_count, rounds, paths = 4, 3, ("/api/dashboard", "/api/events", "/api/me")
    reads: Counter[int] = Counter()
    lock = threading.Lock()
    storm_statuses: Counter[int] = Counter()
    with server(url, workers=2) as (base, _pid):
        storming = threading.Thread(
            target=lambda: storm_statuses.update(
                storm(base, STORM, until=lambda: not any(r.is_alive() for r in readers))
            )
        )

        def read() -> None:
            with httpx.Client(
                base_url=base, timeout=60, headers={"Authorization": f"Bearer {token}"}
            ) as reader:
                for _ in range(rounds):
                    for path in paths:
                        status = reader.get(path).status_code
                        with lock:
                            reads[status] += 1

        readers = [threading.Thread(target=read) for _ in range(readers_count)]
        storming.start()
        for thread in readers:
            thread.start()
        for thread in readers:
            thread.join(timeout=300)
        storming.join(timeout=300)
    assert reads == {200: readers_count * rounds * len(paths)}, reads
    assert set(storm_statuses) <= {401, 429, 503}, storm_statuses
    assert storm_statuses[401] > 0
