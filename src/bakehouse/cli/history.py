"""``bakehouse season compare``, ``bakehouse pantry prices`` and ``bakehouse recipient
gifts``: looking back (docs/product.md §6.21)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import typer

from bakehouse.cli.context import open_session
from bakehouse.cli.output import Column, console, emit, print_table
from bakehouse.schemas.comparison import ComparisonRead, GiftYearRead, PriceHistoryRead
from bakehouse.services.catalog.price_history import get_price_history
from bakehouse.services.events.comparison import IngredientRow, compare
from bakehouse.services.events.history import recipient_gifts

JSON = typer.Option(False, "--json", help="Print JSON.")
CSV = typer.Option(False, "--csv", help="Print CSV.")


@dataclass(frozen=True)
class _Line:
    """A row of the comparison's table: an ingredient, or the total."""

    ingredient: str
    unit: str
    before_quantity: Decimal | None
    after_quantity: Decimal | None
    before_cost: Decimal
    after_cost: Decimal
    volume: Decimal
    price: Decimal


def _line(row: IngredientRow) -> _Line:
    return _Line(
        row.ingredient, row.unit, row.before_quantity, row.after_quantity, row.before_cost,
        row.after_cost, row.split.volume, row.split.price,
    )  # fmt: skip


COMPARE_COLUMNS = (
    Column("Ingredient", lambda r: r.ingredient),
    Column("Before", lambda r: r.before_quantity, numeric=True, unit=lambda r: r.unit),
    Column("After", lambda r: r.after_quantity, numeric=True, unit=lambda r: r.unit),
    Column("Cost before", lambda r: r.before_cost, numeric=True, money=True),
    Column("Cost after", lambda r: r.after_cost, numeric=True, money=True),
    Column("From quantity", lambda r: r.volume, numeric=True, money=True),
    Column("From price", lambda r: r.price, numeric=True, money=True),
)
SIDE_COLUMNS = (
    Column("Side", lambda s: s.label),
    Column("Events", lambda s: len(s.events), numeric=True),
    Column("Packages", lambda s: s.packages, numeric=True),
    Column("Recipients", lambda s: s.recipients, numeric=True),
    Column("Cost", lambda s: s.total, numeric=True, money=True),
    Column("Per package", lambda s: s.per_package, numeric=True, money=True),
    Column("Per recipient", lambda s: s.per_recipient, numeric=True, money=True),
)
PACKAGE_COLUMNS = (
    Column("Package", lambda p: p.package),
    Column("Before", lambda p: p.before, numeric=True),
    Column("After", lambda p: p.after, numeric=True),
    Column("One before", lambda p: p.before_cost, numeric=True, money=True),
    Column("One after", lambda p: p.after_cost, numeric=True, money=True),
)
RECIPE_COLUMNS = (
    Column("Recipe", lambda r: r.recipe),
    Column("Batches before", lambda r: r.before_batches, numeric=True),
    Column("Batches after", lambda r: r.after_batches, numeric=True),
    Column("Cost before", lambda r: r.before_cost, numeric=True, money=True),
    Column("Cost after", lambda r: r.after_cost, numeric=True, money=True),
)
PRICE_COLUMNS = (
    Column("Day", lambda p: p.day),
    Column("Ingredient", lambda p: p.ingredient),
    Column("Product", lambda p: p.product),
    Column("Store", lambda p: p.store),
    Column("Bought", lambda p: p.quantity, numeric=True, unit=lambda p: p.unit),
    Column("Paid", lambda p: p.total_price, numeric=True, money=True),
    Column("Unit price", lambda p: p.unit_price, numeric=True, money=True),
    Column("Per", lambda p: p.price_unit),
)
STORE_COLUMNS = (
    Column("Ingredient", lambda s: s.ingredient),
    Column("Store", lambda s: s.store),
    Column("Purchases", lambda s: s.purchases, numeric=True),
    Column("Latest", lambda s: s.latest, numeric=True, money=True),
    Column("Lowest", lambda s: s.lowest, numeric=True, money=True),
    Column("Average", lambda s: s.average, numeric=True, money=True),
    Column("Per", lambda s: s.price_unit),
)
GIFT_COLUMNS = (
    Column("Year", lambda g: g.event_date.year, numeric=True),
    Column("Event", lambda g: g.event),
    Column("Date", lambda g: g.event_date),
    Column("Package", lambda g: g.package),
    Column("Quantity", lambda g: g.quantity, numeric=True),
    Column("Status", lambda g: g.status.value),
    Column("Contents", lambda g: ", ".join(f"{c.units} {c.item}" for c in g.contents)),
    Column("Allergens", lambda g: ", ".join(g.allergens)),
    Column("Avoided", lambda g: ", ".join(g.avoided)),
)


def add_compare(season: typer.Typer) -> None:
    """``season compare`` on the season group."""

    @season.command("compare")
    def compare_(
        before: str = typer.Argument(..., help="The earlier season (or event): slug, name or id."),
        after: str = typer.Argument(..., help="The later one."),
        events: bool = typer.Option(False, "--events", help="Compare two events instead."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """Two seasons side by side: how much of the change is quantity, how much price."""
        with open_session() as session:
            result = compare(session, "event" if events else "season", before, after)
        total = _Line(
            "Total", "", None, None, result.before.total, result.after.total,
            result.total.volume, result.total.price,
        )  # fmt: skip
        lines = [*(_line(r) for r in result.ingredients), total]
        if as_json or as_csv:
            emit(ComparisonRead.model_validate(result), title=None, columns=COMPARE_COLUMNS,
                 rows=lines, as_json=as_json, as_csv=as_csv)  # fmt: skip
            return
        print_table(None, SIDE_COLUMNS, [result.before, result.after])
        print_table("Packages given", PACKAGE_COLUMNS, result.packages)
        print_table("Batches and cost per recipe", RECIPE_COLUMNS, result.recipes)
        print_table("Quantity or price, per ingredient", COMPARE_COLUMNS, lines)
        for row in result.not_compared:
            console.print(
                f"not in the costs: {row.ingredient} (no price "
                f"{' and '.join(row.unpriced_on)} on an event's date)",
                highlight=False,
            )


def add_prices(pantry: typer.Typer) -> None:
    """``pantry prices`` on the pantry group."""

    @pantry.command("prices")
    def prices(
        ingredient: str | None = typer.Option(None, help="One ingredient: slug, name or id."),
        product: str | None = typer.Option(None, help="One product: slug, name or id."),
        store: str | None = typer.Option(None, help="One store, by name."),
        stores: bool = typer.Option(False, "--stores", help="Compare stores instead."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """Every price paid, newest first (or, with --stores, each store compared)."""
        with open_session() as session:
            history = get_price_history(
                session, ingredient=ingredient, product=product, store=store
            )
        read = PriceHistoryRead.model_validate(history)
        if stores:
            emit(read, title="Stores compared", columns=STORE_COLUMNS, rows=history.stores,
                 as_json=as_json, as_csv=as_csv)  # fmt: skip
        else:
            emit(read, title="Prices paid", columns=PRICE_COLUMNS, rows=history.purchases,
                 as_json=as_json, as_csv=as_csv)  # fmt: skip


def register(app: typer.Typer) -> None:
    """Add ``recipient gifts`` to ``app``."""
    recipient = typer.Typer(help="Recipients: what they were given.", no_args_is_help=True)

    @recipient.command("gifts")
    def gifts(
        key: str = typer.Argument(..., help="Recipient slug, name or id."),
        as_json: bool = JSON,
        as_csv: bool = CSV,
    ) -> None:
        """What a recipient got, year by year (newest first), allergens noted."""
        with open_session() as session:
            years = recipient_gifts(session, key)
        rows = [gift for year in years for gift in year.gifts]
        emit([GiftYearRead.model_validate(y) for y in years], title="Gifts",
             columns=GIFT_COLUMNS, rows=rows, as_json=as_json, as_csv=as_csv)  # fmt: skip

    app.add_typer(recipient, name="recipient")
