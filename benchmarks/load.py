"""Several people at once: the real server under a mix of page views and bakes.

    python -m benchmarks.load [--database-url postgresql://postgres@127.0.0.1:5432/test]
        [--events 100] [--workers 2] [--clients 8] [--seconds 30] [--max-requests 20000]

What it does, and undoes:

1. creates a throwaway PostgreSQL database next to the one in the URL, migrates it and
   fills it with :func:`benchmarks.generate.generate_season`, plus a baker account with a
   password and an API token (so every request goes through sign-in and role checks);
2. starts ``uvicorn bakehouse.web.app:create_app --factory --workers N`` on a free port of
   127.0.0.1 (loopback only: the address is fixed, not an option);
3. from this process, ``--clients`` threads (each its own keep-alive connection, signed in
   through the login form) send a weighted mix until ``--seconds`` pass or
   ``--max-requests`` are sent: the dashboard page, event pages, the dashboard API, bakes
   through the API with the bearer token, and bakes through the event page form (session
   cookie + CSRF token);
4. stops the server and checks the ledger: no lot differs from the sum of its movements,
   every bake's cost equals its draws, and one production record exists per bake the
   server said it recorded (no lost or doubled bake);
5. drops the database, and prints requests per second, median and p95 latency and errors
   per kind of request.

A bake refused because the pantry ran out (409) is a correct answer, counted apart from
errors. Exit status 1 when there were errors or the ledger check failed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, func, select, text
from sqlalchemy.engine import make_url

if __package__ in (None, ""):  # run as a script: python benchmarks/load.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.domain.kinds import MovementKind
from bakehouse.domain.permissions import Role
from bakehouse.models import ProductionRecord, StockMovement
from bakehouse.services.accounts import add_user
from bakehouse.services.api_tokens import create_api_token
from bakehouse.services.ledger import ledger_discrepancies
from benchmarks.generate import GeneratedSeason, generate_season

HOST = "127.0.0.1"  # loopback only, whatever the options say
DEFAULT_URL = os.environ.get(
    "BAKEHOUSE_TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test"
)
BAKER, BAKER_PASSWORD = "loadbaker", "load test password"
#: Kind of request → weight in the mix.
MIX = {
    "dashboard page": 30,
    "event page": 30,
    "dashboard API": 15,
    "bake (API, token)": 15,
    "bake (page form)": 10,
}
SIGN_IN = "sign in (failed)"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


@dataclass
class Tally:
    """What one kind of request did: latencies of answers, and how many went wrong."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    out_of_stock: int = 0
    bakes_recorded: int = 0
    error_samples: list[str] = field(default_factory=list)


@dataclass
class Results:
    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, kind: str, elapsed_ms: float, outcome: str, detail: str = "") -> None:
        with self.lock:
            tally = self.tallies[kind]
            tally.latencies_ms.append(elapsed_ms)
            if outcome == "error":
                tally.errors += 1
                if len(tally.error_samples) < 3:
                    tally.error_samples.append(detail)
            elif outcome == "out_of_stock":
                tally.out_of_stock += 1
            elif outcome == "baked":
                tally.bakes_recorded += 1


# --- the throwaway database -------------------------------------------------------------------


@contextmanager
def throwaway_database(url: str) -> Iterator[str]:
    """A new, empty PostgreSQL database beside ``url``'s; yields its URL; dropped after."""
    base = make_url(url)
    if base.get_backend_name() != "postgresql":
        raise SystemExit("the load benchmark needs a PostgreSQL URL")
    name = f"bakehouse_load_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass(frozen=True)
class Seeded:
    season: GeneratedSeason
    api_token: str
    records_before: int


def seed(engine: Engine, events: int) -> Seeded:
    upgrade_to_head(engine)
    with transaction(make_session_factory(engine)) as session:
        season = generate_season(session, events=events)
        add_user(session, BAKER, BAKER_PASSWORD, role=Role.BAKER, actor="load benchmark")
        token = create_api_token(session, BAKER, "load benchmark").plain_text
    with transaction(make_session_factory(engine)) as session:
        before = session.scalar(select(func.count(ProductionRecord.id))) or 0
    return Seeded(season, token, before)


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(database_url: str, workers: int) -> Iterator[str]:
    """uvicorn with ``workers`` processes on loopback; yields the base URL; stopped after."""
    port = free_port()
    env = os.environ | {
        "BAKEHOUSE_DATABASE_URL": database_url,
        "BAKEHOUSE_HOST": HOST,
        "BAKEHOUSE_SECRET_KEY": uuid.uuid4().hex,  # the same for every worker process
    }
    command = [
        sys.executable, "-m", "uvicorn", "bakehouse.web.app:create_app", "--factory",
        "--host", HOST, "--port", str(port), "--workers", str(workers),
        "--log-level", "warning", "--no-access-log",
        # The supervisor kills a worker that misses a 5 s health check; on a loaded
        # two-core machine that is starvation, not a hang.
        "--timeout-worker-healthcheck", "30",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=env)
    base = f"http://{HOST}:{port}"
    try:
        wait_until_ready(base, process, timeout=90)
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_until_ready(base: str, process: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited with status {process.returncode}")
        try:
            if httpx.get(f"{base}/login", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise SystemExit("the server did not answer in time")


# --- the clients ------------------------------------------------------------------------------


def signed_in_client(base: str) -> tuple[httpx.Client, str]:
    """A client with a session cookie, and the session's CSRF token."""
    client = httpx.Client(base_url=base, timeout=30, follow_redirects=False)
    token = csrf_of(client.get("/login").text)
    form = {"username": BAKER, "password": BAKER_PASSWORD, "csrf_token": token, "next": "/"}
    response = client.post("/login", data=form)
    if response.status_code != 303:
        raise SystemExit(f"signing in failed: {response.status_code}")
    return client, csrf_of(client.get("/").text)


def csrf_of(html: str) -> str:
    found = CSRF_META.search(html)
    if found is None:
        raise SystemExit("a page had no csrf-token meta tag")
    return found.group(1)


Request = Callable[[random.Random], tuple[httpx.Response, str]]


def requests_for(
    seeded: Seeded, browser: httpx.Client, csrf: str, script: httpx.Client
) -> dict[str, Request]:
    """Each kind of request: ``browser`` has a session cookie, ``script`` a bearer token."""
    season = seeded.season

    def dashboard_page(rng: random.Random) -> tuple[httpx.Response, str]:
        return browser.get("/"), "page"

    def event_page(rng: random.Random) -> tuple[httpx.Response, str]:
        event_id = season.busy_event_id if rng.random() < 0.5 else rng.randint(1, season.events)
        return browser.get(f"/events/{event_id}"), "page"

    def dashboard_api(rng: random.Random) -> tuple[httpx.Response, str]:
        return script.get("/api/dashboard?limit=500"), "page"

    def bake_api(rng: random.Random) -> tuple[httpx.Response, str]:
        body = {"event_id": season.open_event_id, "recipe_id": rng.randint(1, season.recipes),
                "batches": 1, "notes": "load benchmark"}  # fmt: skip
        return script.post("/api/bakes", json=body), "api bake"

    def bake_form(rng: random.Random) -> tuple[httpx.Response, str]:
        form = {"recipe_id": str(rng.randint(1, season.recipes)), "batches": "1",
                "confirm": "true", "csrf_token": csrf}  # fmt: skip
        return browser.post(f"/events/{season.open_event_id}/bakes", data=form), "form bake"

    return {
        "dashboard page": dashboard_page,
        "event page": event_page,
        "dashboard API": dashboard_api,
        "bake (API, token)": bake_api,
        "bake (page form)": bake_form,
    }


def judge(response: httpx.Response, how: str) -> tuple[str, str]:
    """(outcome, detail): ok, baked, out_of_stock or error."""
    status = response.status_code
    if how == "page":
        return ("ok", "") if status == 200 else ("error", f"{status} {response.text[:120]}")
    if how == "api bake":
        if status == 201:
            return "baked", ""
        if status == 409 and response.json()["error"]["code"] == "insufficient_stock":
            return "out_of_stock", ""
        return "error", f"{status} {response.text[:120]}"
    if status == 303:
        return "baked", ""
    # The event page answers a shortage with its own status (409) and the shortage shown.
    if status in (409, 422) and "not enough in the pantry" in response.text.lower():
        return "out_of_stock", ""
    return "error", f"{status} {response.text[:120]}"


def drive(
    base: str, seeded: Seeded, clients: int, seconds: float, max_requests: int
) -> tuple[Results, float]:
    """Run the mix from ``clients`` threads; returns the tallies and the wall time taken."""
    results = Results()
    budget = threading.Semaphore(max_requests)
    deadline = time.monotonic() + seconds
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        try:
            browser, csrf = signed_in_client(base)
        except (httpx.HTTPError, SystemExit) as error:
            results.add(SIGN_IN, 0.0, "error", repr(error))
            return
        bearer = {"Authorization": f"Bearer {seeded.api_token}"}
        script = httpx.Client(base_url=base, timeout=30, headers=bearer)
        calls = requests_for(seeded, browser, csrf, script)
        try:
            while time.monotonic() < deadline and budget.acquire(blocking=False):
                kind = rng.choices(kinds, weights)[0]
                start = time.perf_counter()
                try:
                    response, how = calls[kind](rng)
                    outcome, detail = judge(response, how)
                except httpx.HTTPError as error:
                    outcome, detail = "error", repr(error)
                results.add(kind, (time.perf_counter() - start) * 1000, outcome, detail)
        finally:
            browser.close()
            script.close()

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    return results, time.perf_counter() - started


# --- the ledger check -------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerCheck:
    lots_off: list[int]
    bakes_off: list[int]
    records_added: int
    bakes_answered: int

    @property
    def ok(self) -> bool:
        return (
            not self.lots_off and not self.bakes_off and self.records_added == self.bakes_answered
        )


def check_ledger(engine: Engine, seeded: Seeded, results: Results) -> LedgerCheck:
    drawn = (
        select(StockMovement.production_record_id, func.sum(StockMovement.value))
        .where(StockMovement.kind == MovementKind.PRODUCTION)
        .group_by(StockMovement.production_record_id)
    )
    with transaction(make_session_factory(engine)) as session:
        lots_off = ledger_discrepancies(session)
        draws = {rid: -Decimal(v) for rid, v in session.execute(drawn).all()}
        costs = dict(
            session.execute(select(ProductionRecord.id, ProductionRecord.actual_cost)).all()
        )
        total = session.scalar(select(func.count(ProductionRecord.id))) or 0
    bakes_off = [rid for rid, cost in costs.items() if draws.get(rid, Decimal(0)) != cost]
    answered = sum(t.bakes_recorded for t in results.tallies.values())
    return LedgerCheck(lots_off, bakes_off, total - seeded.records_before, answered)


# --- the report -------------------------------------------------------------------------------


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1] if len(samples) >= 2 else samples[0]


def print_report(
    results: Results, wall: float, check: LedgerCheck, args: argparse.Namespace, console: Console
) -> None:
    table = Table(
        title=f"Load: {args.workers} server workers, {args.clients} clients, "
        f"{args.events} events, {wall:.1f} s (PostgreSQL, {os.cpu_count()} CPUs, "
        f"load average {args.load_before:.1f} before)"
    )
    for header in ("Request", "Count", "Req/s", "Median ms", "p95 ms", "Errors", "Out of stock"):
        table.add_column(header, justify="left" if header == "Request" else "right")
    everything: list[float] = []
    errors = out_of_stock = 0
    for kind in (*MIX, SIGN_IN):
        tally = results.tallies.get(kind)
        if tally is None or not tally.latencies_ms:
            continue
        everything += tally.latencies_ms
        errors += tally.errors
        out_of_stock += tally.out_of_stock
        table.add_row(
            kind, str(len(tally.latencies_ms)), f"{len(tally.latencies_ms) / wall:.1f}",
            f"{statistics.median(tally.latencies_ms):.1f}", f"{p95(tally.latencies_ms):.1f}",
            str(tally.errors), str(tally.out_of_stock) if "bake" in kind else "",
        )  # fmt: skip
    if everything:
        table.add_row(
            "all", str(len(everything)), f"{len(everything) / wall:.1f}",
            f"{statistics.median(everything):.1f}", f"{p95(everything):.1f}", str(errors),
            str(out_of_stock), style="bold",
        )  # fmt: skip
    console.print(table)
    for kind, tally in results.tallies.items():
        for sample in tally.error_samples:
            console.print(f"[red]error[/] {kind}: {sample}", highlight=False)
    verdict = "[green]consistent[/]" if check.ok else "[red]INCONSISTENT[/]"
    console.print(
        f"Ledger {verdict}: {len(check.lots_off)} lot(s) off their movements, "
        f"{len(check.bakes_off)} bake(s) whose cost differs from their draws, "
        f"{check.records_added} production record(s) added for "
        f"{check.bakes_answered} bake(s) the server reported recorded.",
        highlight=False,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--database-url", default=DEFAULT_URL, help="A PostgreSQL server URL.")
    parser.add_argument("--events", type=int, default=100, help="Events in the season.")
    parser.add_argument("--workers", type=int, default=2, help="Server worker processes.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--seconds", type=float, default=30, help="How long to send requests.")
    parser.add_argument("--max-requests", type=int, default=20_000, help="At most this many.")
    args = parser.parse_args(argv)
    args.seconds = min(args.seconds, 600)  # bounded whatever is asked
    args.load_before = os.getloadavg()[0]
    console = Console()
    with throwaway_database(args.database_url) as url:
        engine = make_engine(url)
        try:
            with console.status(f"Seeding a season of {args.events} events…"):
                seeded = seed(engine, args.events)
            console.print(f"Sending requests for up to {args.seconds:g} s…")
            with server(url, args.workers) as base:
                results, wall = drive(base, seeded, args.clients, args.seconds, args.max_requests)
            check = check_ledger(engine, seeded, results)
        finally:
            engine.dispose()
    print_report(results, wall, check, args, console)
    errors = sum(t.errors for t in results.tallies.values())
    return 0 if check.ok and errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
