"""``bakehouse prepare`` and ``bakehouse pantry prepared``: sub-recipes made ahead
(frosting, dough) as prepared stock (docs/product.md §6.12)."""

from __future__ import annotations

import typer

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit, err_console, print_json
from bakehouse.domain.numbers import money_text
from bakehouse.domain.wording import count_of
from bakehouse.schemas.pantry import PreparedLotRead
from bakehouse.schemas.production import ProductionResultRead
from bakehouse.services.events.events import get_event
from bakehouse.services.pantry.prepared import list_prepared_stock
from bakehouse.services.production.bakes import record_production
from bakehouse.services.recipes.recipes import get_recipe

JSON = typer.Option(False, "--json", help="Print JSON.")

PREPARED_COLUMNS = (
    Column("Lot", lambda v: v.lot_id, numeric=True),
    Column("Recipe", lambda v: v.recipe),
    Column("Made", lambda v: v.made_on),
    Column("Best before", lambda v: v.best_before),
    Column("Left", lambda v: v.quantity_remaining, numeric=True, unit=lambda v: v.unit),
    Column("Value", lambda v: v.value_remaining, numeric=True, money=True),
    Column("Bake", lambda v: v.bake_id, numeric=True),
)


def register(app: typer.Typer) -> None:
    """Add ``prepare`` to ``app``; ``pantry prepared`` is added to the pantry group by
    :func:`register_listing`."""

    @app.command("prepare")
    def prepare_command(
        recipe: str = typer.Argument(..., help="Sub-recipe slug, name or id."),
        batches: str = typer.Option(..., "--batches", "-b", help="Whole batches made."),
        event: str | None = typer.Option(None, "--for", help="The event it is made for."),
        made: str | None = typer.Option(
            None, "--made", help="What it made, if less than batches × yield (its yield unit)."
        ),
        note: str | None = typer.Option(None, "--note", help="A note on this bake."),
        as_json: bool = JSON,
    ) -> None:
        """Make a sub-recipe ahead: its bake becomes prepared stock that bakes of the recipes
        using it draw, earliest best-before first."""
        with open_session() as session:
            result = ProductionResultRead.model_validate(
                record_production(
                    session,
                    event_id=get_event(session, event).id if event else None,
                    recipe_id=get_recipe(session, recipe).id,
                    batches=typed.batches(batches),
                    notes=note,
                    yield_made=typed.optional_quantity(made, field="made"),
                )
            )
        if as_json:
            print_json(result)
            return
        entry = result.record
        console.print(
            f"Made {count_of(entry.batches, 'batch')} of {entry.recipe_name}: "
            f"{money_text(result.actual_cost)} (bake {entry.id}), now prepared stock",
            highlight=False,
        )
        for warning in result.warnings:
            err_console.print(f"warning: {warning}", highlight=False)


def register_listing(group: typer.Typer) -> None:
    """Add ``prepared`` to the ``pantry`` group."""

    @group.command("prepared")
    def prepared(
        include_empty: bool = typer.Option(False, "--all", help="Include used-up lots."),
        as_json: bool = JSON,
    ) -> None:
        """Prepared stock of sub-recipes, earliest best-before first (the order it is used)."""
        with open_session() as session:
            views = list_prepared_stock(session, on_hand_only=not include_empty)
        rows = [PreparedLotRead.model_validate(v) for v in views]
        emit(rows, title="Prepared stock", columns=PREPARED_COLUMNS, rows=rows, as_json=as_json)
