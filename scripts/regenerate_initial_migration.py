"""Rewrite the initial migration from the models.

Only for use before the first release: once a database exists in the wild, add a new
revision with ``alembic revision --autogenerate`` instead (see docs/architecture.md).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from alembic import command

from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import MIGRATIONS_DIR, alembic_config

INITIAL = MIGRATIONS_DIR / "versions" / "0001_initial.py"


def main() -> None:
    INITIAL.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'empty.sqlite3'}")
        config = alembic_config(engine)
        command.revision(config, message="initial schema", autogenerate=True, rev_id="0001")
    produced = next((MIGRATIONS_DIR / "versions").glob("0001_*.py"))
    produced.rename(INITIAL)
    print(f"wrote {INITIAL}")


if __name__ == "__main__":
    main()
