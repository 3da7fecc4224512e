"""Where a data file may be written: never over the live database, never over a file by
accident.

``bakehouse export FILE`` once happily replaced the SQLite database itself with JSON. The
database file and its companions (``-wal``, ``-shm``, ``-journal``) are refused always;
any other existing file only with ``--overwrite`` (as ``bakehouse backup`` does).
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import make_url

from bakehouse.errors import InvalidInput

SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")


def database_files(database_url: str) -> list[Path]:
    """The files a SQLite database at ``database_url`` lives in (none for PostgreSQL)."""
    url = make_url(database_url)
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return []
    if database.startswith("file:"):
        database = database.removeprefix("file:").split("?")[0]
    main = Path(database).expanduser()
    return [main.with_name(main.name + suffix) for suffix in SQLITE_COMPANIONS]


def check_export_target(target: Path, database_url: str, *, overwrite: bool) -> None:
    """Raise :class:`InvalidInput` unless a data file may be written at ``target``."""
    for live in database_files(database_url):
        if _same_file(target, live):
            raise InvalidInput(
                f"{target} is the database itself ({live.name}); export to another file",
                field="path",
            )
    if target.is_dir():
        raise InvalidInput(f"{target} is a folder; give a file name", field="path")
    if target.exists() and not overwrite:
        raise InvalidInput(
            f"{target} already exists; choose a new file name or add --overwrite",
            field="path",
        )


def _same_file(a: Path, b: Path) -> bool:
    if a.exists() and b.exists():
        return os.path.samefile(a, b)
    return a.expanduser().resolve() == b.expanduser().resolve()
