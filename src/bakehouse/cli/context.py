"""How a command gets its database: one command, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import ensure_database


@lru_cache(maxsize=4)
def _engine_for(url: str) -> Engine:
    engine = make_engine(url)
    ensure_database(engine)
    return engine


def settings() -> Settings:
    return Settings()


@contextmanager
def open_session() -> Iterator[Session]:
    """A session for one command: upgraded on first use, committed on success."""
    engine = _engine_for(settings().database_url)
    with transaction(make_session_factory(engine)) as session:
        yield session
