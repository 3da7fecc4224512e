"""Web test fixtures: the real app on a real database (SQLite and PostgreSQL).

Requests commit, so instead of a rolled-back transaction each test starts from empty
tables: rows are deleted after every test, children first.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.models import Base, LedgerGuard, StockMovement
from bakehouse.services.ledger import empty_ledger
from bakehouse.web import create_app


def empty_all_tables(engine: Engine) -> None:
    """Delete every row but the ledger guard's; the ledger through its one allowed path."""
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            if table is StockMovement.__table__:
                empty_ledger(connection)
            elif table is not LedgerGuard.__table__:
                connection.execute(delete(table))


@pytest.fixture
def app(migrated_engine: Engine) -> Iterator[FastAPI]:
    application = create_app(
        Settings(database_url=str(migrated_engine.url.render_as_string(False)))
    )
    # Share the test engine (and its PostgreSQL schema) instead of the app's own.
    application.state.engine.dispose()
    application.state.engine = migrated_engine
    application.state.session_factory = make_session_factory(migrated_engine)
    try:
        yield application
    finally:
        empty_all_tables(migrated_engine)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def db(app: FastAPI) -> Iterator[Session]:
    """A committed session for arranging data before requests (committed on exit).

    On SQLite it begins its transactions deferred, as a person's second browser tab would
    not: a test reading with it between requests must not hold the write lock the app's
    requests (``BEGIN IMMEDIATE``) wait for.
    """
    engine: Engine = app.state.engine
    if engine.dialect.name == "sqlite":
        engine = make_engine(
            engine.url.render_as_string(hide_password=False), sqlite_immediate=False
        )
    try:
        with transaction(make_session_factory(engine)) as session:
            yield session
    finally:
        if engine is not app.state.engine:
            engine.dispose()
