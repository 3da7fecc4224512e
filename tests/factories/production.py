"""The acceptance scenario of production tracking (issue 4), built directly from models.

Flour (volume) lots of 5 cup at $0.40 a cup (2024-01-01) and 10 cup at $0.60 a cup
(2024-06-01), sugar 10 cup at $0.30 a cup; recipe "Test Cookies" = 2 cup flour + 1 cup
sugar, 24 cookies a batch; a bundle of 12 cookies in a package assigned once for the
event "Christmas 2024" (2024-12-25).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.models import (
    Assignment,
    Bundle,
    Event,
    Ingredient,
    Item,
    Lot,
    Package,
    Recipe,
    Recipient,
)
from bakehouse.units.conversion import convert
from tests.factories.catalog import make_ingredient, make_lot
from tests.factories.planning import (
    make_assignment,
    make_bundle,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)


def cups(amount: str | int) -> Decimal:
    """``amount`` US cups in millilitres, as stock is held."""
    return convert(Decimal(amount), "cup", "ml")


@dataclass
class CookieSeason:
    flour: Ingredient
    sugar: Ingredient
    old_flour: Lot
    new_flour: Lot
    sugar_lot: Lot
    recipe: Recipe
    cookie: Item
    bundle: Bundle
    package: Package
    event: Event
    recipient: Recipient
    assignment: Assignment

    @property
    def lots(self) -> tuple[Lot, ...]:
        return (self.old_flour, self.new_flour, self.sugar_lot)


def make_cookie_season(session: Session) -> CookieSeason:
    flour = make_ingredient(session, name="Flour", measure="volume")
    sugar = make_ingredient(session, name="Sugar", measure="volume")
    old_flour = make_lot(
        session, flour, quantity=cups(5), cost="2.00", received_on=date(2024, 1, 1)
    )
    new_flour = make_lot(
        session, flour, quantity=cups(10), cost="6.00", received_on=date(2024, 6, 1)
    )
    sugar_lot = make_lot(
        session, sugar, quantity=cups(10), cost="3.00", received_on=date(2024, 1, 1)
    )
    recipe = make_recipe(
        session, name="Test Cookies", lines=[(flour, "2", "cup"), (sugar, "1", "cup")]
    )
    cookie = make_item(session, recipe, items_per_batch=24, name="Test cookie")
    bundle = make_bundle(session, name="Dozen cookies", contents=[(12, cookie)])
    package = make_package(session, name="Cookie box", contents=[(1, bundle)])
    event = make_event(session, name="Christmas 2024", event_date=date(2024, 12, 25))
    recipient = make_recipient(session, name="Alice")
    assignment = make_assignment(session, event, recipient, package)
    return CookieSeason(
        flour=flour,
        sugar=sugar,
        old_flour=old_flour,
        new_flour=new_flour,
        sugar_lot=sugar_lot,
        recipe=recipe,
        cookie=cookie,
        bundle=bundle,
        package=package,
        event=event,
        recipient=recipient,
        assignment=assignment,
    )


def lot_state(lots: tuple[Lot, ...]) -> list[tuple[int, Decimal, Decimal]]:
    return [(lot.id, lot.quantity_remaining, lot.value_remaining) for lot in lots]
