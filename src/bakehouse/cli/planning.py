"""``bakehouse event list``, ``bakehouse event needs`` and ``bakehouse shopping-list``."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import typer

from bakehouse.cli.context import open_session
from bakehouse.cli.groups import event_group
from bakehouse.cli.output import Column, console, emit, print_csv, print_json, print_table
from bakehouse.domain.numbers import decimal_text, money_text, to_cents
from bakehouse.schemas.events import EventRead
from bakehouse.schemas.planning import EventNeedsRead, ShoppingListRead
from bakehouse.services.events.events import get_event, list_events
from bakehouse.services.events.planning import get_event_needs, get_shopping_list
from bakehouse.services.events.seasons import resolve_shopping_scope

JSON = typer.Option(False, "--json", help="Print JSON.")
CSV = typer.Option(False, "--csv", help="Print CSV.")


@dataclass(frozen=True)
class NeedRow:
    """One row of ``event needs --csv``: an item, a recipe or an ingredient."""

    kind: str
    id: int
    name: str
    quantity: Decimal | int
    unit: str


EVENT_COLUMNS = (
    Column("Date", lambda e: e.event_date),
    Column("Event", lambda e: e.name),
    Column("Slug", lambda e: e.slug),
    Column("Id", lambda e: e.id, numeric=True),
)
NEED_COLUMNS = (
    Column("kind", lambda r: r.kind),
    Column("id", lambda r: r.id),
    Column("name", lambda r: r.name),
    Column("quantity", lambda r: r.quantity),
    Column("unit", lambda r: r.unit),
)
RECIPE_COLUMNS = (
    Column("Recipe", lambda r: r.recipe),
    Column("Items", lambda r: ", ".join(f"{i.units} {i.item}" for i in r.items)),
    Column("Batches", lambda r: r.batches, numeric=True),
)
INGREDIENT_COLUMNS = (
    Column("Ingredient", lambda i: i.ingredient),
    Column("Quantity", lambda i: i.quantity, numeric=True),
    Column("Unit", lambda i: i.unit),
)
SHOPPING_COLUMNS = (
    Column("Ingredient", lambda s: s.ingredient),
    Column("Unit", lambda s: s.unit),
    Column("Needed", lambda s: s.needed, numeric=True),
    Column("On hand", lambda s: s.on_hand, numeric=True),
    Column("Shortfall", lambda s: s.shortfall, numeric=True),
    Column("Buy", lambda s: s.product),
    Column("Packages", lambda s: s.packages_to_buy, numeric=True),
    Column("Cost", lambda s: s.estimated_cost, numeric=True, money=True),
    Column("Leftover", lambda s: s.leftover_after_plan, numeric=True),
    Column("Note", lambda s: s.cost_note or ("estimate" if s.price_is_estimate else "")),
)


def register(app: typer.Typer) -> None:
    """Add the planning commands to ``app``."""
    events = event_group(app)

    @events.command("list")
    def list_command(
        upcoming: bool = typer.Option(False, "--upcoming", help="Only today and later."),
        archived: bool = typer.Option(False, "--archived", help="Archived events too."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """List events by date."""
        with open_session() as session:
            found = list_events(session, upcoming_only=upcoming, include_archived=archived)
            rows = [EventRead.model_validate(e) for e in found]
        emit(rows, title="Events", columns=EVENT_COLUMNS, rows=rows, as_json=as_json, as_csv=as_csv)

    @events.command("needs")
    def needs_command(
        event: str = typer.Argument(..., help="Event slug, name or id."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """What an event needs: items, batches per recipe, ingredients."""
        with open_session() as session:
            needs = EventNeedsRead.model_validate(
                get_event_needs(session, get_event(session, event).id)
            )
        _print_needs(needs, as_json=as_json, as_csv=as_csv)

    @app.command("shopping-list")
    def shopping_list_command(
        event: str | None = typer.Argument(None, help="Event slug, name or id."),
        upcoming: bool = typer.Option(False, "--upcoming", help="All events from today on."),
        season: str | None = typer.Option(
            None, "--season", help="A season's upcoming events (slug, name or id)."
        ),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """What to buy: needs minus the pantry, in whole packages, with the bill. By
        default for the current season's upcoming events, else the next weeks
        (the shopping_horizon_weeks setting)."""
        with open_session() as session:
            event_id = get_event(session, event).id if event is not None else None
            scope = None if season is None else resolve_shopping_scope(session, season)
            shopping = ShoppingListRead.model_validate(
                get_shopping_list(session, event_id, upcoming=upcoming, scope=scope)
            )
        _print_shopping(shopping, as_json=as_json, as_csv=as_csv)


def _print_needs(needs: EventNeedsRead, *, as_json: bool, as_csv: bool) -> None:
    if as_json:
        print_json(needs)
    elif as_csv:
        rows = [NeedRow("item", i.item_id, i.item, i.units, "units") for i in needs.items]
        rows += [
            NeedRow("recipe", r.recipe_id, r.recipe, r.batches, "batches") for r in needs.recipes
        ]
        rows += [
            NeedRow("ingredient", i.ingredient_id, i.ingredient, i.quantity, i.unit)
            for i in needs.ingredients
        ]
        print_csv(NEED_COLUMNS, rows)
    else:
        print_table(f"Batches for {needs.event}", RECIPE_COLUMNS, needs.recipes)
        print_table("Ingredients", INGREDIENT_COLUMNS, needs.ingredients)


def _print_shopping(shopping: ShoppingListRead, *, as_json: bool, as_csv: bool) -> None:
    lines = shopping.lines
    title = f"Shopping list: {shopping.scope}"
    emit(
        shopping, title=title, columns=SHOPPING_COLUMNS, rows=lines, as_json=as_json, as_csv=as_csv
    )
    if as_json or as_csv:
        return
    console.print(f"Estimated total: {money_text(shopping.estimated_total)}", highlight=False)
    if shopping.estimated:
        # docs/product.md §6.17: a list price is an estimate until bought.
        console.print(f"Estimated from list prices: {', '.join(shopping.estimated)}")
    if shopping.unpriced:
        console.print(f"No price known, so not in the total: {', '.join(shopping.unpriced)}")
    if shopping.unbuyable:
        console.print(f"No product to buy: {', '.join(shopping.unbuyable)}")
    if shopping.expired:
        # docs/product.md §6.14: not counted as on hand.
        console.print("Expired: use or discard (not counted as on hand):", highlight=False)
        for line in shopping.expired:
            console.print(
                f"  {line.ingredient}: {_plain(line.quantity)} {line.unit}, best before "
                f"{line.since.isoformat()}",
                highlight=False,
            )


def _plain(value: Decimal | int | None) -> str | None:
    """An exact number without trailing zeros (1000.000000 → 1000)."""
    if value is None:
        return None
    if isinstance(value, int):
        return str(value)
    return decimal_text(value)


def _money(value: Decimal | None) -> str | None:
    return None if value is None else str(to_cents(value))
