"""A consistent copy of a live SQLite database, with the online backup API."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.errors import InvalidInput
from bakehouse.io.backup import backup_sqlite
from bakehouse.io.export import export_document
from tests.factories.data_file import make_full_season

STAMP = datetime(2026, 12, 31, tzinfo=UTC)


@pytest.fixture
def live_database(tmp_path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{tmp_path / 'live.sqlite3'}")
    upgrade_to_head(engine)
    with transaction(make_session_factory(engine)) as session:
        make_full_season(session)
    return engine


def exported(engine: Engine) -> dict[str, object]:
    with transaction(make_session_factory(engine)) as session:
        return export_document(session, exported_at=STAMP)


def test_a_backup_taken_while_another_connection_writes_is_a_consistent_copy(
    live_database: Engine, tmp_path: Path
) -> None:
    committed = exported(live_database)
    writer = sqlite3.connect(str(live_database.url.database), isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # holds the write lock, uncommitted, during the copy
    writer.execute("UPDATE event SET name = 'Half-written' WHERE slug = 'christmas-2026'")
    pages: list[tuple[int, int]] = []
    try:
        report = backup_sqlite(
            live_database, tmp_path / "copy.sqlite3", progress=lambda *p: pages.append(p)
        )
    finally:
        writer.execute("ROLLBACK")
        writer.close()

    assert not Path(f"{report.target}-wal").exists()  # one self-contained file
    with sqlite3.connect(report.target) as plain:
        assert plain.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    copy = make_engine(f"sqlite:///{report.target}")
    with copy.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    assert exported(copy) == committed
    copy.dispose()
    assert report.size_bytes == report.target.stat().st_size > 0
    assert pages[-1] == (report.pages, report.pages)


def test_a_backup_by_url_never_overwrites_unless_asked(
    live_database: Engine, tmp_path: Path
) -> None:
    target = tmp_path / "copy.sqlite3"
    target.write_text("precious")
    url = str(live_database.url)

    with pytest.raises(InvalidInput, match="already exists"):
        backup_sqlite(url, target)
    assert target.read_text() == "precious"

    backup_sqlite(url, target, overwrite=True)
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT count(*) FROM ingredient").fetchone() == (6,)


def test_a_backup_cannot_replace_the_database_itself(live_database: Engine) -> None:
    with pytest.raises(InvalidInput, match="over the database itself"):
        backup_sqlite(live_database, Path(str(live_database.url.database)), overwrite=True)


def test_there_is_nothing_to_back_up_where_no_database_is(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="there is no database at"):
        backup_sqlite(f"sqlite:///{tmp_path / 'missing.sqlite3'}", tmp_path / "copy.sqlite3")
    assert not (tmp_path / "missing.sqlite3").exists()


def test_postgresql_is_pointed_to_pg_dump(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="pg_dump -Fc") as refused:
        backup_sqlite("postgresql://nobody@127.0.0.1:1/none", tmp_path / "copy")

    assert "pg_restore" in refused.value.message
    assert not (tmp_path / "copy").exists()
