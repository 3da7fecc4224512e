"""A new SQLite database and the directories made for it are readable by their owner only."""

from __future__ import annotations

import stat
from pathlib import Path

from sqlalchemy import text

from bakehouse.db.engine import make_engine


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_database_file_and_its_new_directories_are_owner_only(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bakehouse" / "bakehouse.sqlite3"
    engine = make_engine(f"sqlite:///{database}")
    assert not database.exists(), "nothing is created before the first connection"

    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (1)"))

    assert mode(tmp_path / "data") == 0o700
    assert mode(database.parent) == 0o700
    for name in (database.name, f"{database.name}-wal", f"{database.name}-shm"):
        assert mode(database.with_name(name)) == 0o600, name
    engine.dispose()


def test_an_existing_directory_keeps_its_permissions(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    engine = make_engine(f"sqlite:///{shared / 'bakehouse.sqlite3'}")

    with engine.begin() as connection:
        connection.execute(text("SELECT 1"))

    assert mode(shared) == 0o755
    assert mode(shared / "bakehouse.sqlite3") == 0o600
    engine.dispose()
