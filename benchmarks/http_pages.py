"""Dashboard and event page response times over HTTP, for seasons of 10, 100 and 1000 events.

Each size gets a fresh database filled by :func:`benchmarks.generate.generate_season`, the
real application served by uvicorn on a free loopback port in a background thread, and
real HTTP requests (httpx, one connection). Reported: median and 95th percentile of the
full round trip in milliseconds, the median CPU time of this process per request (server
and client together: unlike the round trip it hardly moves when other programs compete
for the cores), and the size of the page.

    python -m benchmarks.http_pages                   # SQLite, 10 100 1000 events
    python -m benchmarks.http_pages --events 10 100 --repeat 30
    python -m benchmarks.http_pages --database-url postgresql://postgres@127.0.0.1/test
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine

from bakehouse.config import Settings
from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.web import create_app
from benchmarks.generate import generate_season
from benchmarks.run import empty_database, settle


@dataclass(frozen=True)
class Timing:
    events: int
    page: str
    median_ms: float
    p95_ms: float
    #: This process's CPU time per request: the server's work and the client's.
    median_cpu_ms: float
    kilobytes: float


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(engine: Engine) -> Iterator[str]:
    """The application on ``engine``'s database, served over HTTP; yields its base URL."""
    url = engine.url.render_as_string(hide_password=False)
    app = create_app(Settings(database_url=url, host="127.0.0.1"))
    app.state.engine.dispose()
    app.state.engine = engine  # the benchmark's engine (a PostgreSQL run uses a schema)
    app.state.session_factory = make_session_factory(engine)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def time_page(client: httpx.Client, path: str, repeat: int) -> tuple[list[float], list[float], int]:
    """Round-trip and CPU milliseconds of each request, and the page's size in bytes."""
    for _ in range(2):  # warm up: templates compiled, connection open
        client.get(path).raise_for_status()
    samples = []
    cpu = []
    size = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        response.raise_for_status()
        size = len(response.content)
    return samples, cpu, size


def run_size(events: int, database_url: str | None, workdir: Path, repeat: int) -> list[Timing]:
    with empty_database(database_url, workdir, events) as engine:
        with transaction(make_session_factory(engine)) as session:
            season = generate_season(session, events=events)
        settle(engine)
        pages = {
            "dashboard  /": "/",
            "event page /events/{id}": f"/events/{season.busy_event_id}",
            "dashboard API /api/dashboard": "/api/dashboard?limit=500",
            "event progress API": f"/api/events/{season.busy_event_id}/progress",
        }
        timings = []
        with serving(engine) as base, httpx.Client(base_url=base, timeout=60) as client:
            for label, path in pages.items():
                samples, cpu, size = time_page(client, path, repeat)
                timings.append(
                    Timing(
                        events=events,
                        page=label,
                        median_ms=statistics.median(samples),
                        p95_ms=statistics.quantiles(samples, n=20)[-1]
                        if len(samples) >= 2
                        else samples[0],
                        median_cpu_ms=statistics.median(cpu),
                        kilobytes=size / 1024,
                    )
                )
        return timings


def print_table(timings: list[Timing], backend: str, console: Console) -> None:
    table = Table(title=f"Pages over HTTP ({backend})")
    for header in ("Events", "Page", "Median ms", "p95 ms", "CPU ms", "Size KiB"):
        table.add_column(header, justify="left" if header == "Page" else "right")
    for t in timings:
        table.add_row(
            str(t.events),
            t.page,
            f"{t.median_ms:.1f}",
            f"{t.p95_ms:.1f}",
            f"{t.median_cpu_ms:.1f}",
            f"{t.kilobytes:.0f}",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page.")
    parser.add_argument("--database-url", default=None, help="A PostgreSQL URL.")
    args = parser.parse_args(argv)
    console = Console()
    timings: list[Timing] = []
    with tempfile.TemporaryDirectory(prefix="bakehouse-http-") as workdir:
        for events in args.events:
            with console.status(f"{events} events…"):
                timings += run_size(events, args.database_url, Path(workdir), args.repeat)
    print_table(timings, "PostgreSQL" if args.database_url else "SQLite", console)


if __name__ == "__main__":
    main()
