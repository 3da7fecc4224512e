"""Alembic environment: uses the engine handed over by bakehouse.db.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, Engine

from bakehouse.models import Base
from bakehouse.models.types import ExactDecimal, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Render our column types by name so migrations stay portable."""
    if type_ == "type" and isinstance(obj, ExactDecimal | UTCDateTime):
        autogen_context.imports.add("from bakehouse.models import types as bh_types")
        return f"bh_types.{obj!r}"
    return False


def run_migrations() -> None:
    engine: Engine | None = config.attributes.get("engine")
    if engine is None:
        from bakehouse.config import Settings
        from bakehouse.db.engine import make_engine

        engine = make_engine(Settings())
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # A batch migration rebuilds a table by dropping it while other tables' rows
            # still point at it; SQLite then needs its foreign keys off for the run (it can
            # only switch them outside a transaction), and they are checked before commit.
            _sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                context.configure(
                    connection=connection,
                    target_metadata=target_metadata,
                    render_as_batch=sqlite,
                    render_item=render_item,
                    compare_type=True,
                )
                context.run_migrations()
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise RuntimeError(f"the migration left broken references: {broken}")
        finally:
            if sqlite:
                _sqlite_foreign_keys(connection, on=True)


def _sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign keys, outside any transaction (the driver's own cursor: a
    statement through SQLAlchemy would begin one first)."""
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    cursor.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    cursor.close()


run_migrations()
