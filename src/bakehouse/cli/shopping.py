"""``bakehouse tick``, ``bakehouse bought`` and ``bakehouse aisles``: shopping from the list
(docs/product.md §6.17)."""

from __future__ import annotations

from datetime import date

import typer

from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit, print_json
from bakehouse.domain.numbers import ZERO, money_text
from bakehouse.schemas.pantry import PurchaseRead
from bakehouse.schemas.shopping import AislesRead, TickResult
from bakehouse.services.catalog.ingredients import get_ingredient
from bakehouse.services.pantry import shopping

JSON = typer.Option(False, "--json", help="Print JSON.")
EVENT = typer.Option(None, "--event", help="One event's list (slug, name or id).")
SEASON = typer.Option(None, "--season", help="A season's list (slug, name or id), or 'upcoming'.")
PURCHASE_COLUMNS = (
    Column("Product", lambda p: p.product),
    Column("Packages", lambda p: p.packages, numeric=True),
    Column("Paid", lambda p: p.total_price, numeric=True, money=True),
    Column("Best before", lambda p: p.lot.best_before or ""),
)


def register(app: typer.Typer) -> None:
    """Add the shopping commands to ``app``."""

    @app.command("tick")
    def tick_command(
        ingredients: list[str] = typer.Argument(..., help="Ingredient slugs, names or ids."),
        event: str | None = EVENT,
        season: str | None = SEASON,
        untick: bool = typer.Option(False, "--untick", help="Take the ticks off again."),
        as_json: bool = JSON,
    ) -> None:
        """Tick lines of a shopping list (the default list unless --event or --season),
        for everyone in the household."""
        with open_session() as session:
            key = shopping.key_for(session, event, season)
            names, ids = [], []
            for name in ingredients:
                ingredient = get_ingredient(session, name)
                shopping.set_tick(session, key, ingredient.id, ticked=not untick, by="cli")
                names.append(ingredient.name)
                ids.append(ingredient.id)
        if as_json:
            print_json([TickResult(scope_key=key, ingredient_id=i, ticked=not untick) for i in ids])
            return
        verb = "Unticked" if untick else "Ticked"
        console.print(f"{verb} on {key}: {', '.join(names)}.", highlight=False, markup=False)

    @app.command("bought")
    def bought_command(
        event: str | None = EVENT,
        season: str | None = SEASON,
        store: str | None = typer.Option(None, help="Where you bought them."),
        on: str | None = typer.Option(None, "--on", help="Day bought (default today)."),
        as_json: bool = JSON,
    ) -> None:
        """Record every ticked line of a shopping list as bought, at the packages and
        prices the list proposes, in one go; the ticks clear."""
        with open_session() as session:
            key = shopping.key_for(session, event, season)
            bought = shopping.record_bought(
                session, key, purchased_on=on or date.today(), store=store
            )
            rows = [PurchaseRead.of(p) for p in bought.purchases]
        if as_json:
            emit(rows, title="", columns=PURCHASE_COLUMNS, rows=rows, as_json=True)
            return
        emit(rows, title=f"Bought ({key})", columns=PURCHASE_COLUMNS, rows=rows, as_json=False)
        total = sum((p.total_price for p in rows), ZERO)
        console.print(f"{len(rows)} purchase(s), {money_text(total)}.", highlight=False)

    @app.command("aisles")
    def aisles_command(
        order: list[str] = typer.Argument(
            None, help="Categories in the order of the shop; none: show the order."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Show or set the order of the aisles: shopping lists group their lines by
        ingredient category in this order."""
        with open_session() as session:
            aisles = shopping.set_aisles(session, order) if order else shopping.list_aisles(session)
        if as_json:
            print_json(AislesRead(aisles=aisles))
        elif aisles:
            console.print("Aisles: " + " → ".join(aisles), highlight=False, markup=False)
        else:
            console.print("No aisle order: lists group by category, by name.")
