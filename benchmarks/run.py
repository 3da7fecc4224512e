"""Time the heart of the product on generated seasons of 10, 100 and 1,000 events.

    python -m benchmarks.run [--events 10 100 1000] [--repeat 15] [--database-url URL]

For each size, builds a season with :mod:`benchmarks.generate` in an empty database (a
temporary SQLite file by default; with ``--database-url`` a PostgreSQL server, in a
throwaway schema), then prints the median time and the SQL statement count of: the
dashboard, one event's progress, one cost breakdown, one shopping list and one bake of a
9-ingredient recipe (rolled back after each run, so every run bakes the same pantry).
Each run gets a fresh session, as a web request or a CLI command would.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table
from sqlalchemy import Engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

if __package__ in (None, ""):  # run as a script: python benchmarks/run.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.services.events.events import assign_package
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.dashboard import get_dashboard_summary
from bakehouse.services.production.progress import (
    get_production_progress,
    get_recipe_cost_breakdown,
)
from benchmarks.generate import GeneratedSeason, add_sub_recipes, generate_season

#: (operation, events) → (milliseconds, statements) to stay under on SQLite (issue 14's
#: goals; an events of None holds at every size).
#: Statements are counted as the database driver receives them, BEGIN included.
TARGETS: dict[tuple[str, int | None], tuple[float | None, int | None]] = {
    ("dashboard", 1000): (35.0, 11),
    ("dashboard", 10000): (350.0, 11),
    ("progress", None): (10.0, None),
    ("shopping list", 1000): (10.0, None),
    ("assign package", None): (3.0, None),
    ("bake (9 ingredients)", None): (15.0, None),
}


#: Seasons of ``--full``: does a cost grow with the history (linear at best) or jump?
FULL_SERIES = (1000, 2000, 5000, 10000, 20000)


@dataclass(frozen=True)
class Measurement:
    events: int
    operation: str
    median_ms: float
    #: This process's CPU time (with SQLite: the database work too). Unlike wall time it
    #: hardly moves when other programs compete for the cores.
    median_cpu_ms: float
    statements: int


class StatementCounter:
    def __init__(self, engine: Engine) -> None:
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._count)

    def _count(self, *args: Any) -> None:
        statement: str = args[2]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            self.count += 1


@contextmanager
def empty_database(url: str | None, workdir: Path, events: int) -> Iterator[Engine]:
    """A migrated, empty database: a new SQLite file, or a new PostgreSQL schema."""
    if url is None:
        engine = make_engine(f"sqlite:///{workdir / f'season-{events}.sqlite3'}")
        upgrade_to_head(engine)
        try:
            yield engine
        finally:
            engine.dispose()
        return
    if make_url(url).get_backend_name() != "postgresql":
        raise SystemExit("--database-url must be a PostgreSQL URL (SQLite is the default)")
    schema = f"bakehouse_bench_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = make_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        upgrade_to_head(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


def settle(engine: Engine) -> None:
    """After a bulk load, on PostgreSQL: ``VACUUM ANALYZE``, as autovacuum would soon do
    on a server that runs it (statistics for the planner, and the visibility map that
    lets covering indexes answer without the table). A server with autovacuum off, as
    a test server often is, would otherwise plan on empty-table estimates."""
    if engine.dialect.name != "postgresql":
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        tables = connection.scalars(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).all()
        for table in tables:  # this schema's tables only: others may be in use
            connection.execute(text(f'VACUUM ANALYZE "{table}"'))


def measure(
    factory: sessionmaker[Session],
    counter: StatementCounter,
    repeat: int,
    operation: Callable[[Session], object],
) -> tuple[float, float, int]:
    """Median wall and CPU milliseconds over ``repeat`` runs (after one warm-up), and the
    statements of one run."""
    wall: list[float] = []
    cpu: list[float] = []
    statements = 0
    for run in range(repeat + 1):
        with factory() as session:
            before = counter.count
            start, start_cpu = time.perf_counter(), time.process_time()
            operation(session)
            elapsed, elapsed_cpu = time.perf_counter() - start, time.process_time() - start_cpu
            statements = counter.count - before
            session.rollback()
        if run:
            wall.append(elapsed * 1000)
            cpu.append(elapsed_cpu * 1000)
    return statistics.median(wall), statistics.median(cpu), statements


def operations(season: GeneratedSeason) -> dict[str, Callable[[Session], object]]:
    ops: dict[str, Callable[[Session], object]] = {
        "dashboard": get_dashboard_summary,
        "progress": lambda s: get_production_progress(s, season.busy_event_id),
        "cost breakdown": lambda s: get_recipe_cost_breakdown(s, season.busy_event_id),
    }
    try:
        from bakehouse.services.events.planning import get_shopping_list
    except ImportError:  # pragma: no cover - the planning area is not there yet
        pass
    else:
        ops["shopping list"] = lambda s: get_shopping_list(s, season.planned_event_id)
    ops["assign package"] = lambda s: _assign(s, season)
    ops["bake (9 ingredients)"] = lambda s: record_production(
        s,
        event_id=season.open_event_id,
        recipe_id=season.nine_ingredient_recipe_id,
        batches=1,
        confirm=["over_plan"],
    )
    return ops


def _assign(session: Session, season: GeneratedSeason) -> None:
    assign_package(
        session,
        event_id=season.open_event_id,
        recipient_id=season.unassigned_recipient_id,
        package_id=1,
    )
    session.flush()  # the INSERT is part of the work


def run_size(
    events: int,
    url: str | None,
    workdir: Path,
    repeat: int,
    console: Console,
    *,
    sub_recipes: bool = False,
) -> list[Measurement]:
    with empty_database(url, workdir, events) as engine:
        factory = make_session_factory(engine)
        start = time.perf_counter()
        with transaction(factory) as session:
            season = generate_season(session, events=events)
            if sub_recipes:
                users = add_sub_recipes(session, season)
                console.print(f"{users} recipes use two sub-recipes", highlight=False)
        settle(engine)
        console.print(
            f"{events} events: generated in {time.perf_counter() - start:.1f} s — "
            f"{season.assignments} assignments, {season.lots} lots, "
            f"{season.production_records} bakes, {season.movements} movements",
            highlight=False,
        )
        counter = StatementCounter(engine)
        return [
            Measurement(events, name, *measure(factory, counter, repeat, operation))
            for name, operation in operations(season).items()
        ]


def target_of(measurement: Measurement) -> tuple[float | None, int | None]:
    exact = TARGETS.get((measurement.operation, measurement.events))
    return exact or TARGETS.get((measurement.operation, None), (None, None))


def print_table(measurements: list[Measurement], backend: str, console: Console) -> None:
    """The results; the targets are for SQLite on the 2-core machine, so only shown there."""
    table = Table(title=f"Bakehouse benchmark ({backend})")
    headers = ("Events", "Operation", "Median ms", "CPU ms", "Statements", "Target", "Met")
    for header in headers:
        table.add_column(header, justify="left" if header == "Operation" else "right")
    for m in measurements:
        ms_target, statement_target = target_of(m) if backend == "SQLite" else (None, None)
        parts = []
        met = True
        if ms_target is not None:
            parts.append(f"< {ms_target:g} ms")
            met = met and m.median_ms < ms_target
        if statement_target is not None:
            parts.append(f"< {statement_target} stmts")
            met = met and m.statements < statement_target
        table.add_row(
            str(m.events),
            m.operation,
            f"{m.median_ms:.1f}",
            f"{m.median_cpu_ms:.1f}",
            str(m.statements),
            ", ".join(parts) or "—",
            ("yes" if met else "NO") if parts else "",
        )
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, nargs="+", default=[10, 100, 1000])
    parser.add_argument(
        "--full",
        action="store_true",
        help=f"The growth series: {', '.join(f'{n:,}' for n in FULL_SERIES)} events.",
    )
    parser.add_argument("--repeat", type=int, default=15, help="Timed runs per operation.")
    parser.add_argument("--database-url", default=None, help="A PostgreSQL URL.")
    parser.add_argument(
        "--sub-recipes",
        action="store_true",
        help="Give a third of the recipes two sub-recipes, with prepared stock (issue 15).",
    )
    args = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 120)
    backend = "PostgreSQL" if args.database_url else "SQLite"
    measurements: list[Measurement] = []
    with tempfile.TemporaryDirectory(prefix="bakehouse-bench-") as workdir:
        for events in FULL_SERIES if args.full else args.events:
            measurements += run_size(
                events, args.database_url, Path(workdir), args.repeat, console,
                sub_recipes=args.sub_recipes,
            )  # fmt: skip
    print_table(measurements, backend, console)


if __name__ == "__main__":
    main()
