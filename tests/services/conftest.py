"""The demo season, built once per test module into a database of the module's own.

Building it takes far longer than any test that reads it, so the tests that only need a
realistic season share one build: ``demo_session`` is a session on that database whose
writes are rolled back after each test, as ``session``'s are. The database is the
module's own (a SQLite file or a PostgreSQL schema of its own), so the run's migrated
database, and any test writing to it meanwhile, never waits on it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.demo.season import DemoSeason, build_demo_season
from tests.conftest import fresh_database, require_postgres, rolled_back_session

#: The day the shared demo season is built for (late November: a season under way).
DEMO_TODAY = date(2026, 11, 24)


@dataclass(frozen=True)
class BuiltDemo:
    engine: Engine
    season: DemoSeason


@pytest.fixture(scope="module")
def built_demo(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BuiltDemo]:
    if backend == "postgresql":
        require_postgres()
    with fresh_database(backend, tmp_path_factory.mktemp(f"demo-{backend}")) as engine:
        upgrade_to_head(engine)
        with transaction(make_session_factory(engine)) as db:
            season = build_demo_season(db, today=DEMO_TODAY)
        yield BuiltDemo(engine, season)


@pytest.fixture
def demo(built_demo: BuiltDemo) -> DemoSeason:
    """What the shared demo season holds (its event ids)."""
    return built_demo.season


@pytest.fixture
def demo_session(built_demo: BuiltDemo) -> Iterator[Session]:
    """A session on the demo season's database, rolled back after the test."""
    with rolled_back_session(built_demo.engine) as db:
        yield db
