"""The Typer application and the one place errors become a message and an exit code.

Every error a person sees is one line in one style, ``error: …`` on stderr
(docs/product.md §6.16): a domain error with its exit code, and a mistyped command line
(an unknown option, a missing argument) with exit code 2 and the ``--help`` that shows the
right one. Help is plain text: options and their help, no type labels.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

import typer
from rich.markup import escape

# Typer vendors click: its usage errors are these classes (``typer.TyperException`` is their
# public base).
from typer._click.exceptions import NoArgsIsHelpError, UsageError

from bakehouse.cli import (
    calendar,
    catalog,
    data,
    database,
    events,
    history,
    labels,
    pantry,
    past,
    planning,
    prepared,
    production,
    recipes,
    seasons,
    serve,
    shopping,
    users,
)
from bakehouse.cli.output import console, err_console
from bakehouse.domain import locale
from bakehouse.errors import BakehouseError

app = typer.Typer(
    name="bakehouse",
    help="Plan and track seasonal gift baking.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's panels label every flag "<bool>".
    rich_markup_mode=None,
)


def _print_version(wanted: bool) -> None:
    if wanted:
        console.print(f"bakehouse {version('bakehouse')}", highlight=False)
        raise typer.Exit()


@app.callback()
def _root(
    context: typer.Context,
    show_version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_print_version,
        is_eager=True,
    ),
) -> None:  # fmt: skip
    """Plan and track seasonal gift baking."""
    # A command shows things in the locale its session reads (cli/context.py); when it
    # ends, whatever it set is undone, so the next command (or test) starts from the default.
    token = locale.use(locale.DEFAULT)
    context.call_on_close(lambda: locale.restore(token))


# Each module defines ``register(app)``; a new command group is one more module here.
for _group in (
    database,
    catalog,
    pantry,
    planning,
    events,
    labels,
    labels,
    production,
    prepared,
    recipes,
    seasons,
    calendar,
    shopping,
    history,
    past,
    data,
    serve,
    users,
):
    _group.register(app)


def main() -> None:
    """Console-script entry point: any error is one ``error: …`` line and an exit code."""
    # Not standalone: Typer hands usage errors, --help and Exit codes back here, so they
    # are printed in the same style as domain errors.
    try:
        code = app(standalone_mode=False, prog_name="bakehouse")
    except NoArgsIsHelpError as shown:  # a group without a command: its help
        console.print(shown.format_message(), highlight=False, markup=False)
        raise SystemExit(0) from None
    except UsageError as error:
        where = f" (see {error.ctx.command_path} --help)" if error.ctx is not None else ""
        fail(f"{error.format_message()}{where}", error.exit_code)
    except typer.TyperException as error:
        fail(error.format_message(), error.exit_code)
    except typer.Abort:
        fail("stopped; nothing more was done", 1)
    except BakehouseError as error:
        fail(error.message, error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def fail(message: str, exit_code: int) -> None:
    """Print ``error: message`` on stderr and exit with ``exit_code``."""
    # The message may quote user input, so it is escaped, never read as rich markup.
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise SystemExit(exit_code) from None
