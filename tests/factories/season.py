"""The "Test Cookies" season of the acceptance examples, built directly from the models.

Flour (volume, gluten) lots of 5 cup at $0.40 a cup (2024-01-01) and 10 cup at $0.60 a cup
(2024-06-01), sugar 10 cup at $0.30 a cup; recipe "Test Cookies" = 2 cup flour + 1 cup
sugar, 24 cookies a batch; a "Dozen tin" bundle of 12 cookies in a "Cookie box" package;
one recipient per name given (Alice by default), each assigned one box for the event
"Christmas 2024" (2024-12-25). Service tests and web tests use the same season.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

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
from bakehouse.services.production.bakes import ProductionResult, record_production
from bakehouse.units.conversion import Measure, convert
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

#: One US cup in millilitres, as stock is held.
CUP_ML = Decimal("236.588")


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
    recipients: list[Recipient] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def lots(self) -> tuple[Lot, ...]:
        return (self.old_flour, self.new_flour, self.sugar_lot)

    @property
    def recipient(self) -> Recipient:
        """The first recipient (Alice, unless others were named)."""
        return self.recipients[0]

    @property
    def assignment(self) -> Assignment:
        """The first recipient's box."""
        return self.assignments[0]


def make_cookie_season(
    session: Session,
    *,
    recipients: Sequence[str] = ("Alice",),
    event_name: str = "Christmas 2024",
    event_date: date = date(2024, 12, 25),
    allergens: Sequence[str] = (),
) -> CookieSeason:
    """The season; each name in ``recipients`` avoids ``allergens`` and gets one box."""
    flour = make_ingredient(session, name="Flour", measure=Measure.VOLUME, allergens=["gluten"])
    sugar = make_ingredient(session, name="Sugar", measure=Measure.VOLUME)
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
    bundle = make_bundle(session, name="Dozen tin", contents=[(12, cookie)])
    package = make_package(session, name="Cookie box", contents=[(1, bundle)])
    event = make_event(session, name=event_name, event_date=event_date)
    season = CookieSeason(
        flour, sugar, old_flour, new_flour, sugar_lot, recipe, cookie, bundle, package, event
    )
    for name in recipients:
        person = make_recipient(session, name=name, allergens=list(allergens))
        season.recipients.append(person)
        season.assignments.append(make_assignment(session, event, person, package))
    return season


def bake(
    session: Session, season: CookieSeason, batches: Any = 1, **kwargs: Any
) -> ProductionResult:
    """Record ``batches`` of Test Cookies for the season's event (through the service).

    The plan needs one batch, so most tests bake past it: this confirms over plan unless
    ``confirm`` says otherwise (the confirmation's own tests pass ``confirm=()``).
    """
    kwargs.setdefault("confirm", ["over_plan"])
    return record_production(
        session, event_id=season.event.id, recipe_id=season.recipe.id, batches=batches, **kwargs
    )


def lot_state(lots: tuple[Lot, ...]) -> list[tuple[int, Decimal, Decimal]]:
    return [(lot.id, lot.quantity_remaining, lot.value_remaining) for lot in lots]
