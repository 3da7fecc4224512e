"""``bakehouse db …``: schema migrations."""

from __future__ import annotations

import typer

from bakehouse.cli.context import settings
from bakehouse.cli.output import console
from bakehouse.db.engine import make_engine
from bakehouse.db.migrate import current_revision, upgrade_to_head


def register(app: typer.Typer) -> None:
    db = typer.Typer(help="The database: migrations.", no_args_is_help=True)

    @db.command("upgrade")
    def upgrade() -> None:
        """Upgrade the database to the newest schema."""
        engine = make_engine(settings())
        upgrade_to_head(engine)
        console.print(f"database at revision {current_revision(engine)}")

    app.add_typer(db, name="db")
