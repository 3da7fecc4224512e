"""The Typer application and the one place domain errors become exit codes."""

from __future__ import annotations

import typer
from rich.markup import escape

from bakehouse.cli import (
    catalog,
    data,
    database,
    pantry,
    planning,
    prepared,
    production,
    recipes,
    seasons,
    serve,
    users,
)
from bakehouse.cli.output import err_console
from bakehouse.errors import BakehouseError

app = typer.Typer(
    name="bakehouse",
    help="Plan and track seasonal gift baking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# Each module defines ``register(app)``; a new command group is one more module here.
for _group in (
    database,
    catalog,
    pantry,
    planning,
    production,
    prepared,
    recipes,
    seasons,
    data,
    serve,
    users,
):
    _group.register(app)


def main() -> None:
    """Console-script entry point: a domain error is one line on stderr and an exit code."""
    # Standalone mode lets Typer handle usage errors, --help, Exit codes and Ctrl-C itself
    # (recent Typer vendors click, so click.ClickException does not match its errors);
    # only our domain errors pass through to here.
    try:
        app()
    except BakehouseError as error:
        # The message may quote user input, so it is escaped, never read as rich markup.
        message = escape(error.message)
        err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
        raise SystemExit(error.exit_code) from None
