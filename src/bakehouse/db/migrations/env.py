"""Alembic environment: uses the engine handed over by bakehouse.db.migrate."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Engine

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
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            render_item=render_item,
            compare_type=True,
        )
        context.run_migrations()


run_migrations()
