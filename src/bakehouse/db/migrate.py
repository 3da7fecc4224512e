"""Run Alembic migrations programmatically (no alembic.ini needed at run time)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.script.revision import RevisionError
from alembic.util import CommandError
from sqlalchemy import Engine

from bakehouse import __version__
from bakehouse.errors import UnknownSchemaRevision

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(engine: Engine) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def check_revision_known(engine: Engine) -> None:
    """Raise :class:`UnknownSchemaRevision` when the database records a schema revision
    this version has no migration for (a newer Bakehouse made it, or another program)."""
    with engine.connect() as connection:
        found = MigrationContext.configure(connection).get_current_heads()
    script = ScriptDirectory.from_config(alembic_config(engine))
    for revision in found:
        try:
            known = script.get_revision(revision)
        except (RevisionError, CommandError):
            known = None
        if known is None:
            expected = script.get_current_head() or "none"
            raise UnknownSchemaRevision(revision, expected, __version__)


def head_revision(engine: Engine) -> str | None:
    return ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def upgrade_to_head(engine: Engine) -> None:
    """Apply every pending migration; :class:`UnknownSchemaRevision` for a database whose
    revision this version does not know (instead of Alembic's traceback)."""
    check_revision_known(engine)
    command.upgrade(alembic_config(engine), "head")


def ensure_database(engine: Engine) -> None:
    """Upgrade the database to the newest schema if it is not there yet (first use)."""
    with engine.connect() as connection:
        found = MigrationContext.configure(connection).get_current_heads()
    if list(found) != [head_revision(engine)]:
        upgrade_to_head(engine)
