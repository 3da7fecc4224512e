"""Consistent copies of a live database.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database page by
page while other connections keep reading and writing; the copy is one transaction-
consistent snapshot and a single self-contained file. PostgreSQL has its own tool for
this, ``pg_dump -Fc`` (restored with ``pg_restore``); see docs/data-format.md.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from bakehouse.db.engine import make_engine
from bakehouse.errors import InvalidInput

#: Told ``(pages copied, total pages)`` as the copy proceeds.
BackupProgress = Callable[[int, int], None]
PAGES_PER_STEP = 4096

PG_DUMP_HINT = (
    "bakehouse backup copies SQLite databases; for PostgreSQL use its own tool: "
    "pg_dump -Fc --file=bakehouse.dump DATABASE_URL (restore with pg_restore "
    "--clean --if-exists --dbname=DATABASE_URL bakehouse.dump), or bakehouse export "
    "for a portable data file; see docs/data-format.md"
)


@dataclass(frozen=True)
class BackupReport:
    """Where the copy was written, and its size."""

    target: Path
    pages: int
    size_bytes: int


def backup_sqlite(
    engine_or_url: Engine | str,
    target_path: Path | str,
    *,
    overwrite: bool = False,
    progress: BackupProgress | None = None,
) -> BackupReport:
    """Copy a live SQLite database to ``target_path`` with the online backup API.

    Returns a :class:`BackupReport`. Raises :class:`InvalidInput` for a PostgreSQL (or
    other non-SQLite) database — pointing to ``pg_dump`` — for a target that already
    exists (unless ``overwrite``) or that is the database itself.
    """
    engine = make_engine(engine_or_url) if isinstance(engine_or_url, str) else engine_or_url
    try:
        return _backup(engine, Path(target_path), overwrite, progress)
    finally:
        if isinstance(engine_or_url, str):
            engine.dispose()


def _backup(
    engine: Engine, target: Path, overwrite: bool, progress: BackupProgress | None
) -> BackupReport:
    url = make_url(str(engine.url))
    if url.get_backend_name() != "sqlite":
        raise InvalidInput(PG_DUMP_HINT)
    database = url.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        source_file = Path(database).expanduser()
        if not source_file.exists():
            raise InvalidInput(f"there is no database at {source_file} to back up")
        if target.resolve() == source_file.resolve():
            raise InvalidInput("the backup cannot be written over the database itself")
    if target.exists():
        if not overwrite:
            raise InvalidInput(f"{target} already exists; choose a new file name", field="target")
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)

    def report(_status: int, remaining: int, total: int) -> None:
        if progress is not None:
            progress(total - remaining, total)

    raw = engine.raw_connection()
    try:
        source = raw.driver_connection
        assert isinstance(source, sqlite3.Connection)
        destination = sqlite3.connect(target)
        try:
            source.backup(destination, pages=PAGES_PER_STEP, progress=report)
            # One self-contained file: no -wal beside the copy.
            destination.execute("PRAGMA journal_mode=DELETE")
            pages = int(destination.execute("PRAGMA page_count").fetchone()[0])
        finally:
            destination.close()
    finally:
        raw.close()
    return BackupReport(target=target, pages=pages, size_bytes=target.stat().st_size)
