"""``bakehouse season …``, ``bakehouse settings …`` and ``bakehouse event budget``:
seasons, budgets and the settings store (docs/product.md §6.15)."""

from __future__ import annotations

import typer

from bakehouse.cli.context import open_session
from bakehouse.cli.groups import event_group
from bakehouse.cli.history import add_compare
from bakehouse.cli.output import Column, console, emit, print_json
from bakehouse.domain.numbers import to_cents
from bakehouse.schemas.events import EventRead
from bakehouse.schemas.seasons import SeasonRead, SettingRead
from bakehouse.services.core import settings
from bakehouse.services.events import seasons
from bakehouse.services.events.events import get_event

JSON = typer.Option(False, "--json", help="Print JSON.")
CSV = typer.Option(False, "--csv", help="Print CSV.")
SEASON = typer.Argument(..., help="Season slug, name or id.")
BUDGET_HELP = 'An amount such as 250 or 250.00; "none" removes the budget.'

SEASON_COLUMNS = (
    Column("Id", lambda s: s.id, numeric=True),
    Column("Season", lambda s: s.name),
    Column("From", lambda s: s.starts_on),
    Column("To", lambda s: s.ends_on),
    Column("Budget", lambda s: None if s.budget is None else to_cents(s.budget), numeric=True),
)
SETTING_COLUMNS = (
    Column("Setting", lambda s: s.key),
    Column("Value", lambda s: s.value, numeric=True),
    Column("From", lambda s: s.source),
    Column("Default", lambda s: s.default, numeric=True),
    Column("Environment variable", lambda s: s.environment_variable),
)


def _budget(text: str | None) -> str | None:
    return None if text is None or text.strip().lower() in {"", "none"} else text.strip()


def register(app: typer.Typer) -> None:
    """Add ``season``, ``settings`` and ``event budget`` to ``app``."""
    season = typer.Typer(help="Seasons: named date ranges with a budget.", no_args_is_help=True)
    setting = typer.Typer(help="Settings: show, set, reset (owners).", no_args_is_help=True)

    @season.command("list")
    def list_(as_json: bool = JSON, as_csv: bool = CSV) -> None:
        """Every season, earliest first."""
        with open_session() as session:
            rows = [SeasonRead.model_validate(s) for s in seasons.list_seasons(session)]
        emit(rows, title="Seasons", columns=SEASON_COLUMNS, rows=rows, as_json=as_json,
             as_csv=as_csv)  # fmt: skip

    @season.command("add")
    def add(
        name: str = typer.Argument(..., help="Its name, e.g. 'Holiday 2026'."),
        starts_on: str = typer.Option(..., "--from", help="First day, e.g. 2026-11-01."),
        ends_on: str = typer.Option(..., "--to", help="Last day, e.g. 2027-01-15."),
        budget: str | None = typer.Option(None, "--budget", help=BUDGET_HELP),
        as_json: bool = JSON,
    ) -> None:
        """Add a season (refused when it shares a day with another)."""
        with open_session() as session:
            made = SeasonRead.model_validate(
                seasons.create_season(
                    session,
                    name=name,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    budget=_budget(budget),
                )
            )
        _print_season(made, as_json, "added")

    @season.command("edit")
    def edit(
        key: str = SEASON,
        name: str | None = typer.Option(None, "--name", help="A new name."),
        starts_on: str | None = typer.Option(None, "--from", help="A new first day."),
        ends_on: str | None = typer.Option(None, "--to", help="A new last day."),
        budget: str | None = typer.Option(None, "--budget", help=BUDGET_HELP),
        as_json: bool = JSON,
    ) -> None:
        """Change a season's name, dates or budget."""
        new_budget = seasons.KEEP if budget is None else _budget(budget)
        with open_session() as session:
            changed = SeasonRead.model_validate(
                seasons.update_season(
                    session,
                    key,
                    name=name,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    budget=new_budget,
                )
            )
        _print_season(changed, as_json, "saved")

    @season.command("remove")
    def remove(key: str = SEASON) -> None:
        """Remove a season; its events stay, under "no season"."""
        with open_session() as session:
            name = seasons.get_season(session, key).name
            seasons.delete_season(session, key)
        console.print(f"removed season {name}", highlight=False)

    @setting.command("show")
    def show(
        key: str | None = typer.Argument(None, help="One setting; all when left out."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """Settings, their values and where each value comes from."""
        with open_session() as session:
            found = (
                settings.list_settings(session)
                if key is None
                else [settings.get_setting(session, key)]
            )
            rows = [SettingRead.model_validate(s) for s in found]
        emit(rows, title="Settings", columns=SETTING_COLUMNS, rows=rows, as_json=as_json,
             as_csv=as_csv)  # fmt: skip

    @setting.command("set")
    def set_(
        key: str = typer.Argument(..., help="The setting, e.g. shopping_horizon_weeks."),
        value: str = typer.Argument(..., help="Its new value."),
    ) -> None:
        """Store a setting's value."""
        with open_session() as session:
            stored = settings.set_setting(session, key, value)
        console.print(f"{stored.key} = {stored.value}", highlight=False)

    @setting.command("reset")
    def reset(key: str = typer.Argument(..., help="The setting.")) -> None:
        """Forget a setting's stored value: it reads its default again."""
        with open_session() as session:
            back = settings.reset_setting(session, key)
        console.print(f"{back.key} = {back.value} ({back.source})", highlight=False)

    @event_group(app).command("budget")
    def event_budget(
        event: str = typer.Argument(..., help="Event slug, name or id."),
        budget: str = typer.Argument(..., help=BUDGET_HELP),
        as_json: bool = JSON,
    ) -> None:
        """Set or remove an event's budget."""
        with open_session() as session:
            found = get_event(session, event)
            changed = EventRead.model_validate(
                seasons.set_event_budget(session, found.id, _budget(budget))
            )
        if as_json:
            print_json(changed)
        elif changed.budget is None:
            console.print(f"{changed.name}: no budget", highlight=False)
        else:
            console.print(f"{changed.name}: budget {to_cents(changed.budget)}", highlight=False)

    add_compare(season)
    app.add_typer(season, name="season")
    app.add_typer(setting, name="settings")


def _print_season(season: SeasonRead, as_json: bool, done: str) -> None:
    if as_json:
        print_json(season)
        return
    budget = "no budget" if season.budget is None else f"budget {to_cents(season.budget)}"
    console.print(
        f"{done} season {season.name}: {season.starts_on} – {season.ends_on}, {budget}",
        highlight=False,
    )
