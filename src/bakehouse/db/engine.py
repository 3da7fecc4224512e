"""Engine and session factories. Nothing here runs at import time."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from bakehouse.config import Settings
from bakehouse.db.files import owner_only_sqlite_files


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # pysqlite begins transactions late (only before DML) and so breaks SAVEPOINT and
    # read-then-write atomicity; switch that off and let SQLAlchemy emit BEGIN itself
    # (SQLAlchemy docs: "Serializable isolation / Savepoints / Transactional DDL").
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take SQLite's write lock when the transaction starts. A deferred transaction that
    # reads and then writes fails at once ("database is locked") when another writer got
    # in between, whatever the busy timeout; an immediate one waits its turn instead, so
    # two simultaneous bakes from two browser tabs both succeed, one after the other.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_begin_deferred(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")


def make_engine(
    settings: Settings | str, *, sqlite_immediate: bool = True, **kwargs: Any
) -> Engine:
    """Create the engine for ``settings.database_url`` (or a URL string).

    SQLite gets foreign keys enforced, WAL, a busy timeout and real transactions on every
    connection (``BEGIN IMMEDIATE`` unless ``sqlite_immediate=False``, for read-mostly
    tools that must not hold the write lock), and its parent directory is created.
    PostgreSQL URLs without a driver use psycopg 3.
    """
    url_text = settings if isinstance(settings, str) else settings.database_url
    echo = False if isinstance(settings, str) else settings.echo_sql
    url = make_url(url_text)
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() == "sqlite":
        database = url.database
        engine = create_engine(url, echo=echo, **kwargs)
        if database and database != ":memory:" and not database.startswith("file:"):
            owner_only_sqlite_files(engine, Path(database))
        event.listen(engine, "connect", _sqlite_pragmas)
        begin = _sqlite_begin_immediate if sqlite_immediate else _sqlite_begin_deferred
        event.listen(engine, "begin", begin)
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, echo=echo, **kwargs)


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One user action, one transaction: commit on success, roll back on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
