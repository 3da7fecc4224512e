"""Several people at once: the real server under a mix of page views and bakes.

    python -m benchmarks.load [--database-url postgresql://postgres@127.0.0.1:5432/test]
        [--events 100] [--workers 2] [--clients 8] [--seconds 30] [--max-requests 20000]
        [--storm-clients 40] [--storm-seconds 10]
    python -m benchmarks.load --database-url sqlite --clients 32

What it does, and undoes:

1. creates a throwaway database — a PostgreSQL database next to the one in the URL, or,
   with ``--database-url sqlite``, an SQLite file in a temporary directory — migrates it and
   fills it with :func:`benchmarks.generate.generate_season`, plus a baker account with a
   password and an API token (so every request goes through sign-in and role checks);
2. starts ``uvicorn bakehouse.web.app:create_app --factory --workers N`` on a free port of
   127.0.0.1 (loopback only: the address is fixed, not an option);
3. from this process, ``--clients`` threads (each its own keep-alive connection, signed in
   through the login form) send a weighted mix until ``--seconds`` pass or
   ``--max-requests`` are sent: the dashboard page, event pages, the dashboard API, bakes
   through the API with the bearer token, and bakes through the event page form (session
   cookie + CSRF token); both kinds of bake confirm baking beyond the plan explicitly
   (``confirm: ["over_plan"]``, docs/product.md §6.11), as a script must;
4. then, for ``--storm-seconds``, a sign-in storm: ``--storm-clients`` more threads send
   wrong passwords for made-up accounts, each as if from its own address (an
   ``X-Forwarded-For`` header, which uvicorn trusts from loopback; nothing is sent anywhere
   but 127.0.0.1), while the clients above go on; their requests are tallied apart;
5. stops the server and checks the ledger: no lot differs from the sum of its movements,
   every bake's cost equals its draws, and one production record exists per bake the
   server said it recorded (no lost or doubled bake);
6. drops the database, and prints for each phase requests per second, median, p95 and p99
   latency and errors per kind of request, and the peak memory of the server (the resident
   memory of uvicorn and its workers, added up, sampled every 100 ms).

A bake refused because the pantry ran out (409) is a correct answer, counted apart from
errors; so is a refused wrong sign-in (401, 429, or 503 when the server is busy checking
passwords). Exit status 1 when there were errors or the ledger check failed.
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
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

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
from bakehouse.services.accounts.accounts import add_user
from bakehouse.services.accounts.api_tokens import create_api_token
from bakehouse.services.pantry.ledger import ledger_discrepancies
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
STORM = "wrong sign-in (storm)"
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]*)">')


@dataclass
class Tally:
    """What one kind of request did: latencies of answers, and how many went wrong."""

    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    out_of_stock: int = 0  # or, for wrong sign-ins, refused as they should be
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
            elif outcome in ("out_of_stock", "refused"):
                tally.out_of_stock += 1
            elif outcome == "baked":
                tally.bakes_recorded += 1


# --- the throwaway database -------------------------------------------------------------------


@contextmanager
def throwaway_database(url: str) -> Iterator[str]:
    """A new, empty database; yields its URL; removed after.

    ``sqlite`` (or any SQLite URL) gives a file in a temporary directory; a PostgreSQL URL
    gives a new database beside that one, dropped with ``FORCE``.
    """
    if url == "sqlite" or url.startswith("sqlite"):
        with tempfile.TemporaryDirectory(prefix="bakehouse-load-") as folder:
            yield f"sqlite:///{Path(folder) / 'load.sqlite3'}"
        return
    base = make_url(url)
    if base.get_backend_name() != "postgresql":
        raise SystemExit("the load benchmark needs a PostgreSQL URL or 'sqlite'")
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


class MemorySampler:
    """The peak of the server's resident memory: uvicorn and its workers, added up.

    Reads ``/proc`` (Linux) every 100 ms; elsewhere the peak stays 0 (shown as "n/a").
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_bytes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def reset(self) -> int:
        """The peak so far, and start counting afresh (one peak per phase)."""
        peak, self.peak_bytes = self.peak_bytes, 0
        return peak

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.pid))


def tree_rss_bytes(pid: int) -> int:
    """Resident memory of ``pid`` and all its descendants (0 where /proc is missing)."""
    total = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) * 1024
        pending += [int(child) for child in children]
    return total


@contextmanager
def server(database_url: str, workers: int) -> Iterator[tuple[str, int]]:
    """uvicorn with ``workers`` processes on loopback; yields (base URL, pid); stopped after."""
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
        yield base, process.pid
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
    for _ in range(20):  # everyone signs in at once: the server may say "in a second"
        response = client.post("/login", data=form)
        if response.status_code not in (429, 503):
            break
        time.sleep(min(5, int(response.headers.get("retry-after", "1"))))
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
        # Bakes beyond the plan are confirmed explicitly (docs/product.md §6.11).
        body = {"event_id": season.open_event_id, "recipe_id": rng.randint(1, season.recipes),
                "batches": 1, "notes": "load benchmark", "confirm": ["over_plan"]}  # fmt: skip
        return script.post("/api/bakes", json=body), "api bake"

    def bake_form(rng: random.Random) -> tuple[httpx.Response, str]:
        form = {"recipe_id": str(rng.randint(1, season.recipes)), "batches": "1",
                "confirm": "over_plan", "csrf_token": csrf}  # fmt: skip
        return browser.post(f"/events/{season.open_event_id}/bakes", data=form), "form bake"

    return {
        "dashboard page": dashboard_page,
        "event page": event_page,
        "dashboard API": dashboard_api,
        "bake (API, token)": bake_api,
        "bake (page form)": bake_form,
    }


def judge(response: httpx.Response, how: str) -> tuple[str, str]:
    """(outcome, detail): ok, baked, out_of_stock, refused or error."""
    status = response.status_code
    if how == "storm":
        # A wrong password is refused (401), throttled (429) or turned away while the
        # server is busy checking others (503); anything else is an error.
        if status in (401, 429, 503):
            return "refused", ""
        return "error", f"{status} {response.text[:120]}"
    if how == "page":
        return ("ok", "") if status == 200 else ("error", f"{status} {response.text[:120]}")
    if how == "api bake":
        if status == 201:
            return "baked", ""
        if status == 409 and _short(response.json()["error"]):
            return "out_of_stock", ""
        return "error", f"{status} {response.text[:120]}"
    if status == 303:
        return "baked", ""
    # The event page answers a shortage with its own status (409) and the shortage shown.
    if status in (409, 422) and "not enough in the pantry" in response.text.lower():
        return "out_of_stock", ""
    return "error", f"{status} {response.text[:120]}"


def _short(error: dict[str, Any]) -> bool:
    """The pantry is short: the bake asks to cover the shortage (docs/product.md §6.14),
    which the load run never confirms (it would book unrecorded stock)."""
    if error["code"] != "confirmation_needed":
        return False
    codes = {c["code"] for c in error["details"]["confirmations"]}
    return "cover_shortage" in codes


@dataclass
class Phases:
    """Tallies per phase: the plain mix, then the mix during a sign-in storm."""

    mix: Results = field(default_factory=Results)
    storm: Results = field(default_factory=Results)
    storming: bool = False
    walls: dict[str, float] = field(default_factory=dict)
    peaks: dict[str, int] = field(default_factory=dict)

    @property
    def current(self) -> Results:
        return self.storm if self.storming else self.mix


def drive(
    base: str,
    seeded: Seeded,
    args: argparse.Namespace,
    memory: MemorySampler,
) -> Phases:
    """Run the mix from ``args.clients`` threads, then the storm beside it; tallies per phase."""
    phases = Phases()
    budget = threading.Semaphore(args.max_requests)
    stop = threading.Event()
    kinds = list(MIX)
    weights = [MIX[k] for k in kinds]

    def client_loop(number: int) -> None:
        rng = random.Random(number)
        try:
            browser, csrf = signed_in_client(base)
        except (httpx.HTTPError, SystemExit) as error:
            phases.current.add(SIGN_IN, 0.0, "error", repr(error))
            return
        bearer = {"Authorization": f"Bearer {seeded.api_token}"}
        script = httpx.Client(base_url=base, timeout=30, headers=bearer)
        calls = requests_for(seeded, browser, csrf, script)
        try:
            while not stop.is_set() and budget.acquire(blocking=False):
                kind = rng.choices(kinds, weights)[0]
                results = phases.current
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

    def storm_loop(number: int) -> None:
        address = f"198.51.100.{number % 250 + 1}"  # a header value only: never contacted
        client = httpx.Client(
            base_url=base, timeout=30, follow_redirects=False,
            headers={"X-Forwarded-For": address},
        )  # fmt: skip
        attempt = 0
        try:
            token = csrf_of(client.get("/login").text)
            while not stop.is_set() and budget.acquire(blocking=False):
                attempt += 1
                form = {"username": f"storm{number}x{attempt}", "password": "not the password",
                        "csrf_token": token}  # fmt: skip
                start = time.perf_counter()
                try:
                    outcome, detail = judge(client.post("/login", data=form), "storm")
                except httpx.HTTPError as error:
                    outcome, detail = "error", repr(error)
                phases.storm.add(STORM, (time.perf_counter() - start) * 1000, outcome, detail)
        except (httpx.HTTPError, SystemExit) as error:
            phases.storm.add(STORM, 0.0, "error", repr(error))
        finally:
            client.close()

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(args.clients)]
    started = time.perf_counter()
    memory.reset()
    for thread in threads:
        thread.start()
    time.sleep(args.seconds)
    phases.walls["mix"] = time.perf_counter() - started
    phases.peaks["mix"] = memory.reset()
    if args.storm_seconds > 0 and args.storm_clients > 0:
        phases.storming = True
        storm_started = time.perf_counter()
        stormers = [
            threading.Thread(target=storm_loop, args=(n,)) for n in range(args.storm_clients)
        ]
        for thread in stormers:
            thread.start()
        time.sleep(args.storm_seconds)
        threads += stormers
        phases.walls["storm"] = time.perf_counter() - storm_started
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    if phases.storming:
        phases.peaks["storm"] = memory.reset()
    return phases


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


def check_ledger(engine: Engine, seeded: Seeded, phases: Phases) -> LedgerCheck:
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
    answered = sum(
        t.bakes_recorded for results in (phases.mix, phases.storm) for t in results.tallies.values()
    )
    return LedgerCheck(lots_off, bakes_off, total - seeded.records_before, answered)


# --- the report -------------------------------------------------------------------------------


def percentile(samples: list[float], fraction: float) -> float:
    """The ``fraction`` quantile (0.95: p95) of the samples, by the inclusive method."""
    if len(samples) < 2:
        return samples[0]
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[round(fraction * 100) - 1]


@dataclass(frozen=True)
class Summary:
    """One phase in one line: what the closing notes quote."""

    requests: int
    per_second: float
    p50: float
    p95: float
    p99: float
    errors: int
    peak_mib: float

    def line(self, phase: str) -> str:
        peak = f"{self.peak_mib:.0f} MiB" if self.peak_mib else "n/a"
        return (
            f"{phase}: {self.requests} requests, {self.per_second:.1f} req/s, "
            f"p50 {self.p50:.0f} ms, p95 {self.p95:.0f} ms, p99 {self.p99:.0f} ms, "
            f"{self.errors} errors, peak server memory {peak}"
        )


def phase_table(
    title: str, results: Results, wall: float, peak_bytes: int, console: Console
) -> Summary | None:
    table = Table(title=title)
    headers = ("Request", "Count", "Req/s", "Median ms", "p95 ms", "p99 ms", "Errors", "Refused")
    for header in headers:
        table.add_column(header, justify="left" if header == "Request" else "right")
    everything: list[float] = []
    errors = refused = 0
    for kind in (*MIX, STORM, SIGN_IN):
        tally = results.tallies.get(kind)
        if tally is None or not tally.latencies_ms:
            continue
        if kind != STORM:
            everything += tally.latencies_ms
        errors += tally.errors
        refused += tally.out_of_stock
        samples = tally.latencies_ms
        table.add_row(
            kind, str(len(samples)), f"{len(samples) / wall:.1f}",
            f"{statistics.median(samples):.1f}", f"{percentile(samples, 0.95):.1f}",
            f"{percentile(samples, 0.99):.1f}", str(tally.errors),
            str(tally.out_of_stock) if ("bake" in kind or kind == STORM) else "",
        )  # fmt: skip
    if not everything:
        console.print(table)
        return None
    summary = Summary(
        len(everything), len(everything) / wall, statistics.median(everything),
        percentile(everything, 0.95), percentile(everything, 0.99), errors,
        peak_bytes / 2**20,
    )  # fmt: skip
    table.add_row(
        "all but the storm", str(summary.requests), f"{summary.per_second:.1f}",
        f"{summary.p50:.1f}", f"{summary.p95:.1f}", f"{summary.p99:.1f}", str(errors),
        str(refused), style="bold",
    )  # fmt: skip
    console.print(table)
    for kind, tally in results.tallies.items():
        for sample in tally.error_samples:
            console.print(f"[red]error[/] {kind}: {sample}", highlight=False)
    return summary


def print_report(
    phases: Phases, check: LedgerCheck, args: argparse.Namespace, console: Console
) -> None:
    backend = "SQLite" if args.database_url.startswith("sqlite") else "PostgreSQL"
    setting = (
        f"{args.workers} server workers, {args.clients} clients, {args.events} events "
        f"({backend}, {os.cpu_count()} CPUs, load average {args.load_before:.1f} before)"
    )
    lines = []
    mix = phase_table(
        f"Load: {setting}, {phases.walls['mix']:.1f} s",
        phases.mix, phases.walls["mix"], phases.peaks.get("mix", 0), console,
    )  # fmt: skip
    if mix is not None:
        lines.append(mix.line("mix"))
    if phases.storming:
        storm = phase_table(
            f"Sign-in storm: {args.storm_clients} more clients sending wrong passwords "
            f"beside the mix, {phases.walls['storm']:.1f} s",
            phases.storm, phases.walls["storm"], phases.peaks.get("storm", 0), console,
        )  # fmt: skip
        if storm is not None:
            lines.append(storm.line("mix during the storm"))
    for line in lines:
        console.print(line, highlight=False)
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
    parser.add_argument(
        "--database-url", default=DEFAULT_URL, help="A PostgreSQL server URL, or 'sqlite'."
    )
    parser.add_argument("--events", type=int, default=100, help="Events in the season.")
    parser.add_argument("--workers", type=int, default=2, help="Server worker processes.")
    parser.add_argument("--clients", type=int, default=8, help="Concurrent client threads.")
    parser.add_argument("--seconds", type=float, default=30, help="How long the mix runs.")
    parser.add_argument("--max-requests", type=int, default=20_000, help="At most this many.")
    parser.add_argument(
        "--storm-clients", type=int, default=40, help="Threads sending wrong sign-ins."
    )
    parser.add_argument(
        "--storm-seconds", type=float, default=10, help="How long the storm lasts (0: none)."
    )
    args = parser.parse_args(argv)
    args.seconds = min(args.seconds, 600)  # bounded whatever is asked
    args.storm_seconds = min(args.storm_seconds, 120)
    args.storm_clients = min(args.storm_clients, 200)
    args.load_before = os.getloadavg()[0]
    console = Console(width=120)
    with throwaway_database(args.database_url) as url:
        engine = make_engine(url)
        try:
            with console.status(f"Seeding a season of {args.events} events…"):
                seeded = seed(engine, args.events)
            console.print(f"Sending requests for up to {args.seconds + args.storm_seconds:g} s…")
            with server(url, args.workers) as (base, pid), MemorySampler(pid) as memory:
                phases = drive(base, seeded, args, memory)
            check = check_ledger(engine, seeded, phases)
        finally:
            engine.dispose()
    print_report(phases, check, args, console)
    errors = sum(t.errors for r in (phases.mix, phases.storm) for t in r.tallies.values())
    return 0 if check.ok and errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
