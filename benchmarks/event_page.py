"""The event page of a very big event over HTTP: its size, its time and its statements.

    python -m benchmarks.event_page                      # SQLite, 20,000 packages
    python -m benchmarks.event_page --assignments 2000 20000 --repeat 10
    python -m benchmarks.event_page --database-url postgresql://postgres@127.0.0.1/test

Starts from the demo season (built for a fixed day) and grows this year's Christmas to
the given number of package assignments: new recipients (one in 25 avoids an allergen),
each given four packages through ``assign_package_to_many``; the shopping list bought and
every batch the plan needs baked through the services; then two in five packages marked
delivered and one in five assembled with a bulk ``UPDATE`` (the page reads the status
only, not the status history, and recording 12,000 status changes one by one would take
minutes). The page is then served by uvicorn (in this process) and fetched with httpx:
reported are the size of the first page, the median and 95th percentile of the full round
trip, the median CPU time of this process per request (server and client; on a busy
machine it moves far less than the wall time), and the statements the request sends
(sign-in lookup and ``BEGIN`` included).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event, func, select, update
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.demo.season import build_demo_season
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models import Assignment, Package, Recipient
from bakehouse.services.events.events import assign_package_to_many
from bakehouse.services.events.planning import get_shopping_list
from bakehouse.services.pantry import record_purchase
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.progress import get_production_progress
from benchmarks.http_pages import serving
from benchmarks.run import empty_database

DEMO_DAY = date(2025, 12, 5)
PACKAGES_EACH = 4
ALLERGENS = ("peanuts", "tree_nuts", "gluten", "eggs", "milk", "sesame")
STAMP = datetime(2025, 12, 20, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class PageTiming:
    assignments: int
    recipients: int
    statements: int
    kilobytes: float
    median_ms: float
    p95_ms: float
    cpu_ms: float


def grow_event(session: Session, event_id: int, assignments: int) -> int:
    """Give new recipients four packages each until the event has ``assignments``; buy
    and bake what it then needs; deliver two in five and assemble one in five. Returns
    the number of recipients added."""
    have = session.scalar(select(func.count()).where(Assignment.event_id == event_id)) or 0
    packages = list(session.scalars(select(Package.id).order_by(Package.id)))
    wanted = max(0, assignments - have)
    people = -(-wanted // PACKAGES_EACH)
    session.add_all(
        Recipient(
            name=f"Guest {n:05}",
            slug=f"guest-{n:05}",
            household=f"Street {n // 40 + 1}",
            allergens=[ALLERGENS[n // 25 % len(ALLERGENS)]] if n % 25 == 0 else [],
        )
        for n in range(1, people + 1)
    )
    session.flush()
    ids = list(session.scalars(select(Recipient.id).where(Recipient.slug.like("guest-%"))))
    for k in range(PACKAGES_EACH):
        share = ids[: max(0, min(len(ids), wanted - k * len(ids)))]
        if share:
            package = packages[k % len(packages)]
            assign_package_to_many(
                session, event_id=event_id, package_id=package, recipient_ids=share
            )
    _buy_and_bake(session, event_id)
    rows = list(
        session.scalars(
            select(Assignment.id).where(Assignment.event_id == event_id).order_by(Assignment.id)
        )
    )
    delivered = [i for n, i in enumerate(rows) if n % 5 in (1, 3)]
    assembled = [i for n, i in enumerate(rows) if n % 5 == 2]
    for chosen, status in ((delivered, "delivered"), (assembled, "assembled")):
        for start in range(0, len(chosen), 5000):
            values: dict[str, Any] = {
                "status": AssignmentStatus(status),
                "assembled_at": STAMP,
            }
            if status == "delivered":
                values["delivered_at"] = STAMP
            session.execute(
                update(Assignment)
                .where(Assignment.id.in_(chosen[start : start + 5000]))
                .values(**values)
            )
    session.flush()
    return people


def _buy_and_bake(session: Session, event_id: int) -> None:
    for line in get_shopping_list(session, event_id).lines:
        if line.packages_to_buy and line.product_id is not None:
            record_purchase(
                session,
                product_id=line.product_id,
                purchased_on=DEMO_DAY,
                packages=line.packages_to_buy,
                total_price=line.estimated_cost or 0,
            )
    recipes = get_production_progress(session, event_id).recipes
    # Sub-recipes first, as prepared stock for the event (docs/product.md §6.12).
    for recipe in recipes:
        if recipe.is_sub_recipe and recipe.still_to_make:
            record_production(
                session, event_id=event_id, recipe_id=recipe.recipe_id,
                batches=recipe.still_to_make, produced_at=STAMP,
            )  # fmt: skip
    for recipe in recipes:
        missing = recipe.batches_required - recipe.batches_produced
        if missing > 0 and not recipe.is_sub_recipe:
            record_production(
                session, event_id=event_id, recipe_id=recipe.recipe_id, batches=missing,
                confirm=["make_missing"], produced_at=STAMP,  # on the demo's day: its stock is good
            )  # fmt: skip


def time_page(client: httpx.Client, path: str, repeat: int) -> tuple[list[float], list[float], int]:
    """Wall and CPU milliseconds of ``repeat`` GETs (after two to warm up), and the size."""
    for _ in range(2):
        client.get(path).raise_for_status()
    wall, cpu = [], []
    size = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(path)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        response.raise_for_status()
        size = len(response.content)
    return wall, cpu, size


def count_request(engine: Engine, client: httpx.Client, path: str) -> int:
    seen: list[str] = []

    def before(*args: Any) -> None:
        seen.append(args[2])

    event.listen(engine, "before_cursor_execute", before)
    try:
        client.get(path).raise_for_status()
    finally:
        event.remove(engine, "before_cursor_execute", before)
    return len(seen)


def run(assignments: int, database_url: str | None, workdir: Path, repeat: int) -> PageTiming:
    with empty_database(database_url, workdir, assignments) as engine:
        with transaction(make_session_factory(engine)) as session:
            season = build_demo_season(session, today=DEMO_DAY)
            people = grow_event(session, season.this_year_event_id, assignments)
            total = session.scalar(
                select(func.count()).where(Assignment.event_id == season.this_year_event_id)
            )
        path = f"/events/{season.this_year_event_id}"
        with serving(engine) as base, httpx.Client(base_url=base, timeout=120) as client:
            wall, cpu, size = time_page(client, path, repeat)
            statements = count_request(engine, client, path)
        return PageTiming(
            assignments=int(total or 0),
            recipients=people,
            statements=statements,
            kilobytes=size / 1024,
            median_ms=statistics.median(wall),
            p95_ms=statistics.quantiles(wall, n=20)[-1] if len(wall) >= 2 else wall[0],
            cpu_ms=statistics.median(cpu),
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--assignments", type=int, nargs="+", default=[20_000])
    parser.add_argument("--repeat", type=int, default=10, help="Timed requests.")
    parser.add_argument("--database-url", default=None, help="A PostgreSQL URL.")
    args = parser.parse_args(argv)
    console = Console()
    rows = []
    with tempfile.TemporaryDirectory(prefix="bakehouse-event-page-") as workdir:
        for size in args.assignments:
            with console.status(f"{size} packages…"):
                rows.append(run(size, args.database_url, Path(workdir), args.repeat))
    backend = "PostgreSQL" if args.database_url else "SQLite"
    table = Table(title=f"Event page over HTTP ({backend})")
    headers = ("Packages", "New recipients", "Statements", "Size KiB", "Median ms", "p95 ms")
    for header in (*headers, "CPU ms"):
        table.add_column(header, justify="right")
    for t in rows:
        table.add_row(
            f"{t.assignments:,}", f"{t.recipients:,}", str(t.statements),
            f"{t.kilobytes:,.0f}", f"{t.median_ms:,.1f}", f"{t.p95_ms:,.1f}", f"{t.cpu_ms:,.1f}",
        )  # fmt: skip
    console.print(table)


if __name__ == "__main__":
    main()
