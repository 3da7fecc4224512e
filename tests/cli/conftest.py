"""The ``bakehouse`` command on a real database of each backend, SQLite and PostgreSQL.

Commands commit, so a test does not run in a rolled-back transaction: it gets the run's
migrated database of its backend (``BAKEHOUSE_DATABASE_URL`` points the command there),
and every table is emptied afterwards, as the web tests do. Ids are not reset on
PostgreSQL, so a test reads the ids it needs instead of assuming them. Only what exists
for SQLite files alone (the online backup, exports next to the database file) runs on a
SQLite file of its own.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from bakehouse.cli.context import close_engines
from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import upgrade_to_head
from tests.conftest import empty_all_tables


def database_url(engine: Engine) -> str:
    """``engine``'s URL as the command line is given it (password and schema included)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def cli_engine(migrated_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """The database commands run on (for arranging and checking data); emptied afterwards."""
    monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", database_url(migrated_engine))
    close_engines()
    try:
        yield migrated_engine
    finally:
        close_engines()
        empty_all_tables(migrated_engine)


@pytest.fixture
def sqlite_file_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A migrated SQLite file of the test's own, for what only a file database has: the
    online backup, and exports that must never write over the database or its ``-wal``."""
    engine = make_engine(f"sqlite:///{tmp_path / 'bakehouse.sqlite3'}")
    upgrade_to_head(engine)
    monkeypatch.setenv("BAKEHOUSE_DATABASE_URL", database_url(engine))
    close_engines()
    try:
        yield engine
    finally:
        close_engines()
        engine.dispose()
