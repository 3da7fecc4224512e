"""Databases made at an older revision, with rows in them, for migration tests.

Every migration is tested by upgrading a database that was built at the revision before
it and holds data::

    with database_at("0003", backend_name, tmp_path) as engine:
        insert_rows(engine, "user_account", [{"username": "olga", ...}])
        upgrade(engine, "0004")
        ...  # the rows are still there, and the new schema works with them

Rows are inserted into the tables *as they were at that revision* (reflected from the
database, not taken from today's models), with today's column types wherever a column
still has one, so money and quantities are stored as the app stores them on each backend.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from sqlalchemy import Column, Engine, MetaData, Table, insert, inspect, select, text

from bakehouse.db.migrate import alembic_config, current_revision
from bakehouse.models import Base
from tests.conftest import fresh_database


@contextmanager
def database_at(revision: str, backend: str, tmp_path: Path) -> Iterator[Engine]:
    """A fresh database of ``backend`` migrated exactly to ``revision``; removed after."""
    with fresh_database(backend, tmp_path) as engine:
        upgrade(engine, revision)
        yield engine


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply the migrations up to ``revision``."""
    command.upgrade(alembic_config(engine), revision)
    if revision != "head":
        assert current_revision(engine) == revision


def table_as_it_is(engine: Engine, name: str) -> Table:
    """``name`` as the database has it now, typed with today's models where they agree."""
    reflected = Table(name, MetaData(), autoload_with=engine)
    model = Base.metadata.tables.get(name)
    columns = []
    for column in reflected.columns:
        current = model.columns.get(column.name) if model is not None else None
        kind = current.type if current is not None else column.type
        columns.append(Column(column.name, kind, primary_key=column.primary_key))
    return Table(name, MetaData(), *columns)


def insert_rows(engine: Engine, name: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` into table ``name`` as it is at the database's current revision.

    Rows may give their ``id`` (so others can refer to them); on PostgreSQL the table's
    sequence is then moved past them, as the app would find it.
    """
    table = table_as_it_is(engine, name)
    with engine.begin() as connection:
        connection.execute(insert(table), [dict(row) for row in rows])
        if engine.dialect.name == "postgresql" and "id" in table.c:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"(SELECT MAX(id) FROM {name}))"
                )
            )


def read_rows(engine: Engine, name: str, *columns: str) -> list[tuple[Any, ...]]:
    """The given columns of every row of ``name``, in primary-key order."""
    table = table_as_it_is(engine, name)
    picked = [table.c[column] for column in columns]
    order = list(table.primary_key.columns)
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(select(*picked).order_by(*order))]


@contextmanager
def later_columns_for_today_models(engine: Engine) -> Iterator[None]:
    """Let today's models write rows into a database at an older revision.

    Some migration tests fill their old database through today's models (the rows of a
    whole kitchen are easier to make that way). Those models also write columns that later
    revisions add. For the fill, every such column is added as a plain nullable column; on
    leaving, they are dropped again, so the database is exactly at its revision when the
    migration under test runs, with the old columns' rows intact.
    """
    added: list[tuple[str, str]] = []
    with engine.begin() as connection:
        existing = set(inspect(connection).get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in existing:
                continue
            present = {column["name"] for column in inspect(connection).get_columns(table.name)}
            for column in table.columns:
                if column.name in present:
                    continue
                kind = column.type.compile(dialect=engine.dialect)
                connection.execute(
                    text(f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {kind}')
                )
                added.append((table.name, column.name))
    try:
        yield
    finally:
        with engine.begin() as connection:
            for table_name, column_name in reversed(added):
                connection.execute(text(f'ALTER TABLE "{table_name}" DROP COLUMN "{column_name}"'))
