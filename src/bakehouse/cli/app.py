"""The Typer application and the one place domain errors become exit codes."""

from __future__ import annotations

import importlib

import typer

from bakehouse.cli.output import err_console
from bakehouse.errors import BakehouseError

app = typer.Typer(
    name="bakehouse",
    help="Plan and track seasonal gift baking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)

# Each module defines ``register(app)``; a new command group is one more name here.
COMMAND_MODULES = (
    "bakehouse.cli.database",
    "bakehouse.cli.catalog",
    "bakehouse.cli.pantry",
    "bakehouse.cli.planning",
    "bakehouse.cli.production",
    "bakehouse.cli.data",
    "bakehouse.cli.serve",
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Console-script entry point: a domain error is one line on stderr and an exit code."""
    try:
        app(standalone_mode=False)
    except BakehouseError as error:
        err_console.print(f"[bold red]error:[/] {error.message}", highlight=False)
        raise SystemExit(error.exit_code) from None
    except typer.Abort:
        err_console.print("aborted")
        raise SystemExit(130) from None
    except typer.Exit as done:
        raise SystemExit(done.exit_code) from None
    except Exception as error:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(error, click.ClickException):
            error.show()
            raise SystemExit(error.exit_code) from None
        raise
