"""Write a new Alembic revision for the model changes since the newest migration.

Usage: python scripts/new_migration.py "add best-before to products"

It upgrades a throwaway SQLite database to head and autogenerates the difference between
that schema and the models into src/bakehouse/db/migrations/versions/. Read the result
before committing: autogenerate cannot see renames, and data migrations are yours to write.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command

from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import alembic_config, upgrade_to_head


def main(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'head.sqlite3'}")
        upgrade_to_head(engine)
        command.revision(alembic_config(engine), message=message, autogenerate=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
