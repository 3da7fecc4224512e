"""``bakehouse pantry …``: purchases, opening stock, adjustments, stock-takes, lots and
stock on hand."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import typer

from bakehouse.cli import numbers as typed
from bakehouse.cli.context import open_session
from bakehouse.cli.history import add_prices
from bakehouse.cli.output import Column, console, emit, print_json
from bakehouse.cli.prepared import register_listing
from bakehouse.domain.kinds import AdjustmentReason
from bakehouse.domain.numbers import decimal_text, money_text, quantity_text, to_cents
from bakehouse.errors import InvalidInput
from bakehouse.models import Lot, StockMovement
from bakehouse.schemas.base import ReadModel
from bakehouse.schemas.pantry import (
    LotRead,
    MovementRead,
    OnHandRead,
    PurchaseRead,
    StockTakeRead,
)
from bakehouse.services import catalog, pantry
from bakehouse.services.pantry.counted import Count, take_stock, typed_count

JSON = typer.Option(False, "--json", help="Print JSON.")
DATE_FORMATS = ["%Y-%m-%d"]


LOT_COLUMNS = (
    Column("Lot", lambda v: v.lot_id, numeric=True),
    Column("Ingredient", lambda v: v.ingredient),
    Column("Received", lambda v: v.received_on),
    Column("Left", lambda v: v.quantity_remaining, numeric=True, unit=lambda v: v.unit),
    Column("Value", lambda v: v.value_remaining, numeric=True, money=True),
    Column("Best before", lambda v: v.best_before),
    Column("Days left", lambda v: v.days_to_best_before, numeric=True),
    Column("Origin", lambda v: v.origin.value + ("" if v.priced else " (unpriced)")),
    Column("Location", lambda v: v.location),
    Column("Product", lambda v: v.product),
)
ON_HAND_COLUMNS = (
    Column("Ingredient", lambda o: o.ingredient),
    Column("On hand", lambda o: o.quantity, numeric=True, unit=lambda o: o.unit),
    Column("Value", lambda o: o.value, numeric=True, money=True),
    Column("Lots", lambda o: o.lot_count, numeric=True),
    Column("Next best before", lambda o: o.next_best_before),
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="The pantry: what you bought and what is left.", no_args_is_help=True)

    @group.command("purchase")
    def purchase(
        product: str = typer.Argument(..., help="Product slug, name or id."),
        on: datetime = typer.Option(..., "--date", formats=DATE_FORMATS, help="Bought on."),
        packages: str = typer.Option("1", help="How many packages."),
        price: str = typer.Option(..., help="Total price paid."),
        supplier: str | None = typer.Option(None),
        best_before: datetime | None = typer.Option(None, formats=DATE_FORMATS),
        location: str | None = typer.Option(None),
        notes: str = typer.Option(""),
        as_json: bool = JSON,
    ) -> None:
        """Record a purchase; it becomes a lot in the pantry."""
        with open_session() as session:
            bought = pantry.record_purchase(
                session,
                product_id=product,
                purchased_on=on.date(),
                packages=typed.quantity(packages, field="packages"),
                total_price=typed.money(price, field="price"),
                supplier=supplier,
                best_before=best_before.date() if best_before else None,
                location=location,
                notes=notes,
            )
            assert bought.lot is not None  # every purchase makes its lot
            what = f"Bought {bought.product.label} × {quantity_text(bought.packages)}"
            said = _said(what, bought.lot, bought.lot.movements[-1])
            read = PurchaseRead.of(bought)
        _report(read, said, as_json)

    @group.command("opening-stock")
    def opening_stock(
        ingredient: str = typer.Argument(..., help="Ingredient slug, name or id."),
        quantity: str = typer.Option(...),
        unit: str = typer.Option(..., help="Any unit that converts, e.g. g, cup, each."),
        cost: str = typer.Option("0", help="What the stock is worth."),
        on: datetime | None = typer.Option(None, "--date", formats=DATE_FORMATS),
        best_before: datetime | None = typer.Option(None, formats=DATE_FORMATS),
        location: str | None = typer.Option(None),
        notes: str = typer.Option(""),
        as_json: bool = JSON,
    ) -> None:
        """Enter stock you already have, as a lot with a cost."""
        with open_session() as session:
            lot = pantry.add_opening_stock(
                session,
                ingredient_id=ingredient,
                quantity=typed.quantity(quantity, field="quantity"),
                unit=unit,
                cost=typed.money(cost, field="cost"),
                received_on=on.date() if on else date.today(),
                best_before=best_before.date() if best_before else None,
                location=location,
                notes=notes,
            )
            said = _said("Opening stock", lot, lot.movements[-1])
            read = LotRead.of_lot(lot)
        _report(read, said, as_json)

    @group.command("adjust")
    def adjust(
        lot_id: int = typer.Argument(..., help="The lot's number (see `pantry lots`)."),
        quantity: str = typer.Option(..., help="Signed: -100 removes, 100 adds."),
        unit: str | None = typer.Option(None, help="Default: the ingredient's unit."),
        reason: AdjustmentReason = typer.Option(...),
        note: str = typer.Option(""),
        as_json: bool = JSON,
    ) -> None:
        """Correct a lot: spoilage, a gift, a recount."""
        with open_session() as session:
            movement = pantry.adjust_stock(
                session,
                lot_id=lot_id,
                quantity=typed.signed_quantity(quantity, field="quantity"),
                unit=unit,
                reason=reason,
                note=note,
            )
            said = _said(f"Adjusted ({reason.value})", movement.lot, movement)
            read = MovementRead.model_validate(movement)
        _report(read, said, as_json)

    @group.command("stock-take")
    def stock_take(
        counts: list[str] = typer.Argument(
            ..., help='What you have now, INGREDIENT="QUANTITY [UNIT]", e.g. flour="1.5 kg".'
        ),
        reason: str = typer.Option(..., "--reason", help='Why, e.g. "December count".'),
        on: datetime | None = typer.Option(None, "--date", formats=DATE_FORMATS),
        as_json: bool = JSON,
    ) -> None:
        """Count the pantry: set each ingredient's stock to what you have now.

        Less than the pantry holds is taken from its lots in draw order; more becomes
        found stock at the latest purchase price (docs/product.md §6.14). All or nothing.
        """
        parsed = [_count(text) for text in counts]
        with open_session() as session:
            taken = take_stock(session, parsed, reason=reason, counted_on=on.date() if on else None)
            read = StockTakeRead.model_validate(taken)
        if as_json:
            print_json(read)
            return
        for line in read.lines:
            change = "unchanged"
            if line.difference < 0:
                change = f"{decimal_text(-line.difference)} {line.unit} taken out"
            elif line.difference > 0:
                change = f"{decimal_text(line.difference)} {line.unit} found"
            worth = "unpriced" if line.unpriced else str(to_cents(abs(line.value)))
            console.print(
                f"{line.ingredient}: {decimal_text(line.counted)} {line.unit} counted, "
                f"{decimal_text(line.held)} {line.unit} held; {change}"
                + (f" ({worth})" if line.difference else ""),
                highlight=False,
                markup=False,
            )

    @group.command("lots")
    def lots(
        ingredient: str | None = typer.Option(None, help="Ingredient slug, name or id."),
        include_empty: bool = typer.Option(False, "--all", help="Include empty lots."),
        as_json: bool = JSON,
    ) -> None:
        """List lots, oldest first (the order they are used in)."""
        with open_session() as session:
            ingredient_id = catalog.get_ingredient(session, ingredient).id if ingredient else None
            views = pantry.list_lots(
                session, ingredient_id=ingredient_id, include_empty=include_empty
            )
        rows = [LotRead.model_validate(view) for view in views]
        emit(rows, title="Lots", columns=LOT_COLUMNS, rows=rows, as_json=as_json)

    @group.command("on-hand")
    def on_hand(
        include_empty: bool = typer.Option(
            False, "--all", help="Include ingredients out of stock."
        ),
        as_json: bool = JSON,
    ) -> None:
        """Stock on hand per ingredient, with its value."""
        with open_session() as session:
            stock = pantry.get_on_hand(session, include_empty=include_empty)
        total = sum((o.value for o in stock), Decimal(0))
        title = f"On hand (worth {money_text(total)})"
        rows = [OnHandRead.model_validate(row) for row in stock]
        emit(rows, title=title, columns=ON_HAND_COLUMNS, rows=rows, as_json=as_json)

    register_listing(group)
    add_prices(group)
    app.add_typer(group, name="pantry")


def _count(text: str) -> Count:
    """``flour="1.5 kg"`` as a count (the people's grammar for the number)."""
    name, sep, amount = text.partition("=")
    if not sep or not name.strip() or not amount.strip():
        raise InvalidInput(
            f'write each count as INGREDIENT="QUANTITY [UNIT]", not {text!r}', field="counts"
        )
    quantity, unit = typed_count(amount)
    return Count(name.strip(), quantity, unit)


def _said(what: str, lot: Lot, movement: StockMovement) -> str:
    unit = lot.unit
    return (
        f"{what}: lot {lot.id} of {lot.stock_name}, "
        f"{quantity_text(movement.quantity)} {unit} for {money_text(movement.value)}; "
        f"{quantity_text(lot.quantity_remaining)} {unit} left worth "
        f"{money_text(lot.value_remaining)}."
    )


def _report(read: ReadModel, said: str, as_json: bool) -> None:
    if as_json:
        print_json(read)
    else:
        console.print(said, highlight=False, markup=False)
