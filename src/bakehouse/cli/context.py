"""How a command gets its database: one command, one transaction."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bakehouse.config import Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import ensure_database
from bakehouse.domain import locale
from bakehouse.services.core.settings import locale_settings

#: One engine per database URL for the life of the process, checked (and upgraded) once.
_ENGINES: dict[str, Engine] = {}


def _engine_for(url: str) -> Engine:
    engine = _ENGINES.get(url)
    if engine is None:
        engine = make_engine(url)
        try:
            ensure_database(engine)
        except BaseException:
            engine.dispose()
            raise
        _ENGINES[url] = engine
    return engine


def close_engines() -> None:
    """Close every database connection commands opened; the next command checks afresh."""
    while _ENGINES:
        _ENGINES.popitem()[1].dispose()


def settings() -> Settings:
    return Settings()


@contextmanager
def open_session() -> Iterator[Session]:
    """A session for one command: upgraded on first use, committed on success."""
    engine = _engine_for(settings().database_url)
    with transaction(make_session_factory(engine)) as session:
        # What the command prints is in the deployment's locale (docs/product.md §6.19);
        # the command's context goes back to the default when it ends (cli/app.py).
        locale.use(locale_settings(session))
        yield session
