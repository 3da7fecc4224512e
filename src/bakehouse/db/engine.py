"""Engine and session factories. Nothing here runs at import time."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
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


#: Execution option marking a transaction that only reads (see :func:`transaction`).
READ_ONLY = "bakehouse_read_only"


def _sqlite_begin_immediate(connection: Any) -> None:
    # Take SQLite's write lock when the transaction starts. A deferred transaction that
    # reads and then writes fails at once ("database is locked") when another writer got
    # in between, whatever the busy timeout; an immediate one waits its turn instead, so
    # two simultaneous bakes from two browser tabs both succeed, one after the other.
    # A transaction that only reads takes no lock at all (WAL: readers never wait).
    if connection.get_execution_options().get(READ_ONLY):
        connection.exec_driver_sql("BEGIN")
    else:
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
        if sqlite_immediate:
            _WRITERS[engine] = threading.RLock()
        return engine
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, echo=echo, **kwargs)


#: One queue per SQLite engine for the write transactions of this process. SQLite lets one
#: writer in at a time and makes the others poll for the lock (sleeping up to 100 ms between
#: tries, in no particular order), so under load an unlucky writer can miss its turn until
#: the busy timeout; queued here, the writers of a process take turns in order and hand the
#: lock on at once, and only one per process polls SQLite for it.
_WRITERS: weakref.WeakKeyDictionary[Engine, threading.RLock] = weakref.WeakKeyDictionary()


@contextmanager
def _writer_turn(factory: sessionmaker[Session]) -> Iterator[None]:
    bind = factory.kw.get("bind")
    queue = _WRITERS.get(bind) if isinstance(bind, Engine) else None
    if queue is None:
        yield
        return
    with queue:
        yield


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


@contextmanager
def transaction(factory: sessionmaker[Session], *, write: bool = True) -> Iterator[Session]:
    """One user action, one transaction: commit on success, roll back on any error.

    ``write=False`` for an action that only reads: on SQLite it begins deferred, so it
    never takes (or waits for) the write lock; writes begin ``IMMEDIATE``, after the
    process's earlier writers (see ``_WRITERS``).
    """
    with _writer_turn(factory) if write else nullcontext():
        session = factory()
        if not write:
            session.connection(execution_options={READ_ONLY: True})
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
