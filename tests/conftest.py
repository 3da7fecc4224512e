"""Test databases: every DB test runs on SQLite and on PostgreSQL.

PostgreSQL tests read ``BAKEHOUSE_TEST_DATABASE_URL``; without it they are skipped, except
under ``CI=true`` where a missing server is a failure. Each test runs inside a transaction
that is rolled back (services never commit), so tests are isolated; tests whose requests
or commands commit (web, CLI) empty every table afterwards instead (:func:`empty_all_tables`).
Each pytest process gets its own PostgreSQL schema, so parallel runs do not collide.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, delete, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.models import Base, LedgerGuard, StockMovement
from bakehouse.services.pantry.ledger import empty_ledger
from tests.network import limit_network_to_loopback


@pytest.fixture(autouse=True)
def network_closed_but_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test runs with connections to anything but loopback refused (tests/network.py;
    docs/product.md §5 Offline)."""
    limit_network_to_loopback(monkeypatch)


# pytest-xdist's workers export COLUMNS=80; the CLI's console would keep that width from
# import on and ignore the one each test's CliRunner asks for. Every width is the test's own.
os.environ.pop("COLUMNS", None)

BACKENDS = ["sqlite", "postgresql"]
PG_URL_VAR = "BAKEHOUSE_TEST_DATABASE_URL"


def postgres_url() -> str | None:
    return os.environ.get(PG_URL_VAR) or None


def require_postgres() -> str:
    url = postgres_url()
    if url is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{PG_URL_VAR} is not set; PostgreSQL tests must run in CI")
        pytest.skip(f"{PG_URL_VAR} is not set")
    return url


@dataclass
class PostgresSchema:
    """A throwaway schema on the test server, dropped at the end of the run."""

    url: str
    name: str = field(default_factory=lambda: f"bh_test_{uuid.uuid4().hex[:10]}")

    def engine(self, **kwargs: Any) -> Engine:
        # The schema rides in the URL (libpq "options"), so anything built from
        # ``engine.url`` — an app made by create_app(Settings(database_url=...)) — works
        # in this schema too, never in the shared ``public`` one.
        options = {"options": f"-csearch_path={self.name}"}
        url = make_url(self.url).update_query_dict(options)
        return make_engine(url.render_as_string(hide_password=False), **kwargs)

    def create(self) -> None:
        admin = make_engine(self.url)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        admin.dispose()

    def drop(self) -> None:
        admin = make_engine(self.url)
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        admin.dispose()


@contextmanager
def fresh_database(backend: str, tmp_path: Path) -> Iterator[Engine]:
    """An empty database of ``backend`` (no tables), removed afterwards."""
    if backend == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'bakehouse.sqlite3'}")
        try:
            yield engine
        finally:
            engine.dispose()
        return
    schema = PostgresSchema(require_postgres())
    schema.create()
    engine = schema.engine()
    try:
        yield engine
    finally:
        engine.dispose()
        schema.drop()


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="session")
def migrated_engine(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    """One migrated database per backend for the whole run."""
    if backend == "postgresql":
        require_postgres()
    with fresh_database(backend, tmp_path_factory.mktemp(backend)) as engine:
        upgrade_to_head(engine)
        yield engine


@pytest.fixture
def engine(migrated_engine: Engine) -> Engine:
    return migrated_engine


@contextmanager
def rolled_back_session(engine: Engine) -> Iterator[Session]:
    """A session on ``engine`` inside a transaction that is rolled back at the end."""
    connection = engine.connect()
    outer = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def session(migrated_engine: Engine) -> Iterator[Session]:
    """A session inside a transaction rolled back after the test."""
    with rolled_back_session(migrated_engine) as db:
        yield db


def empty_all_tables(engine: Engine) -> None:
    """Delete every row but the ledger guard's; the ledger through its one allowed path."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table is StockMovement.__table__:
                empty_ledger(connection)
            elif table is not LedgerGuard.__table__:
                connection.execute(delete(table))


@dataclass
class StatementCounter:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_statements(session: Session) -> Callable[[], Any]:
    """``with count_statements() as counter: ...`` counts SQL statements on the session."""

    @contextmanager
    def counting() -> Iterator[StatementCounter]:
        counter = StatementCounter()
        connection = session.connection()

        def before(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
                counter.statements.append(statement)

        event.listen(connection, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            event.remove(connection, "before_cursor_execute", before)

    return counting


# Hypothesis: quick locally, thorough in CI (HYPOTHESIS_PROFILE=ci), never timed.
from hypothesis import settings as hypothesis_settings  # noqa: E402

hypothesis_settings.register_profile("dev", max_examples=60, deadline=None)
hypothesis_settings.register_profile("ci", max_examples=200, deadline=None, derandomize=True)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
