"""``bakehouse serve`` (the web application) and ``bakehouse demo`` (a season to explore)."""

from __future__ import annotations

import dataclasses
import os
import shlex
from pathlib import Path

import platformdirs
import typer
from rich.markup import escape
from sqlalchemy import Engine, inspect, text
from sqlalchemy.engine import make_url

from bakehouse.cli.output import console, print_json
from bakehouse.config import APP_NAME, Settings
from bakehouse.db.engine import make_engine, make_session_factory, transaction
from bakehouse.db.migrate import ensure_database
from bakehouse.demo.season import DemoSeason, build_demo_season
from bakehouse.errors import Conflict
from bakehouse.io.importer import database_is_empty
from bakehouse.models import Base
from bakehouse.schemas.data import DemoSeasonRead
from bakehouse.services.accounts.accounts import ensure_server_mode_allowed

HOST = typer.Option(None, "--host", help="Address to listen on (default 127.0.0.1).")
PORT = typer.Option(None, "--port", help="Port to listen on (default 8000).")
URL_VARIABLE = "BAKEHOUSE_DATABASE_URL"


def demo_database_url() -> str:
    """``BAKEHOUSE_DATABASE_URL`` when set, else ``demo.sqlite3`` in the user data directory."""
    explicit = os.environ.get(URL_VARIABLE)
    if explicit:
        return explicit
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    return f"sqlite:///{folder / 'demo.sqlite3'}"


def serve_app(settings: Settings, host: str, port: int) -> None:
    """Run the web application until Ctrl-C."""
    # Imported here so that every other command starts without loading the web stack.
    import uvicorn

    from bakehouse.web import create_app

    app = create_app(settings.model_copy(update={"host": host, "port": port}))
    with transaction(app.state.session_factory) as session:
        # Beyond loopback, refuse to start until an owner account exists.
        ensure_server_mode_allowed(app.state.settings, session)
    console.print(f"Bakehouse on [bold]http://{host}:{port}/[/] — Ctrl-C to stop.")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    """Add ``serve`` and ``demo`` to ``app``."""

    @app.command()
    def serve(host: str | None = HOST, port: int | None = PORT) -> None:
        """Start the web application (127.0.0.1:8000 unless told otherwise)."""
        settings = Settings()
        serve_app(settings, host or settings.host, port or settings.port)

    @app.command()
    def demo(
        host: str | None = HOST,
        port: int | None = PORT,
        no_serve: bool = typer.Option(False, "--no-serve", help="Only write the database."),
        replace: bool = typer.Option(
            False, "--replace", help="Empty a database that already holds data first."
        ),
        as_json: bool = typer.Option(False, "--json", help="Print what was built as JSON."),
    ) -> None:
        """Build a fresh demo season (two Christmases, a cookie swap, 23 recipients,
        11 recipes, purchases and bakes) and serve it.

        The database is BAKEHOUSE_DATABASE_URL when set (refused if it already holds
        data, unless --replace), else demo.sqlite3 in the user data directory (rebuilt).
        """
        url = demo_database_url()
        explicit = URL_VARIABLE in os.environ and bool(os.environ[URL_VARIABLE])
        engine = fresh_engine(url, may_replace=replace or not explicit)
        with (
            console.status("Baking the demo season…"),
            transaction(make_session_factory(engine)) as session,
        ):
            season = build_demo_season(session)
        engine.dispose()
        if as_json:
            print_json(
                DemoSeasonRead.model_validate(
                    dataclasses.asdict(season) | {"database_url": _shown(url)}
                )
            )
        else:
            _report(season, url, explicit=explicit)
        if not no_serve:
            settings = Settings(database_url=url)
            serve_app(settings, host or settings.host, port or settings.port)


def fresh_engine(url: str, *, may_replace: bool) -> Engine:
    """An engine on an empty, migrated database at ``url``.

    A database that already holds data is emptied when ``may_replace``, else refused
    with :class:`Conflict` (nothing is touched).
    """
    engine = make_engine(url)
    ensure_database(engine)
    with transaction(make_session_factory(engine)) as session:
        empty = database_is_empty(session)
    if empty:
        return engine
    if not may_replace:
        engine.dispose()
        raise Conflict(
            f"the database at {_shown(url)} already holds data; "
            "use --replace to empty it and build the demo there, or unset "
            f"{URL_VARIABLE} to use a demo file of its own"
        )
    _drop_everything(engine)
    ensure_database(engine)
    return engine


def _drop_everything(engine: Engine) -> None:
    Base.metadata.drop_all(engine)
    if inspect(engine).has_table("alembic_version"):
        with engine.begin() as connection:
            connection.execute(text("DROP TABLE alembic_version"))


def _shown(url: str) -> str:
    """The URL without its password, or the file path of a SQLite database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(parsed.database)
    return parsed.render_as_string(hide_password=True)


def cli_line(url: str) -> str:
    """The shell line that points every later ``bakehouse`` command at ``url``
    (docs/product.md §6.16): the demo keeps its own database, and this is how the CLI
    reaches it."""
    return f"export {URL_VARIABLE}={shlex.quote(url)}"


def _report(season: DemoSeason, url: str, *, explicit: bool) -> None:
    console.print(f"Demo database: [bold]{escape(_shown(url))}[/]", highlight=False)
    console.print(
        f"{season.events} events, {season.recipients} recipients, {season.recipes} recipes, "
        f"{season.purchases} purchases, {season.bakes} bakes; "
        f"{season.packages_assembled} packages assembled and "
        f"{season.packages_delivered} delivered.",
        highlight=False,
    )
    if explicit:
        console.print(
            f"The command line uses it already ({URL_VARIABLE} is set), e.g. bakehouse dashboard",
            highlight=False,
        )
        return
    console.print("To use it from the command line (README.md's examples), run:")
    # Printed without markup or wrapping, so the line can be copied whole.
    console.print(cli_line(url), markup=False, highlight=False, soft_wrap=True)
