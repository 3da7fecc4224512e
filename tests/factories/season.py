"""A small season for web tests, made through the services: the "Test Cookies" example of
docs/product.md §2.4 and §2.5.

Flour (volume) 5 cup at $0.40 then 10 cup at $0.60, sugar 10 cup at $0.30; recipe
"Test Cookies" = 2 cup flour + 1 cup sugar, 24 cookies per batch; a "Dozen tin" bundle of
12 cookies in a "Cookie box" package; one recipient per name given, each assigned one box
for "Christmas 2024" (2024-12-25).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from bakehouse.models import Assignment, Event, Ingredient, Item, Package, Recipe, Recipient
from bakehouse.services.events.events import assign_package, create_event
from bakehouse.services.events.people import create_recipient
from bakehouse.services.packaging.packages import ContentInput, create_bundle, create_package
from bakehouse.services.recipes.recipes import RecipeLineInput, create_item, create_recipe
from bakehouse.units.conversion import Measure
from tests.factories.catalog import make_ingredient, make_lot

CUP_ML = Decimal("236.588")


@dataclass
class CookieSeason:
    flour: Ingredient
    sugar: Ingredient
    recipe: Recipe
    item: Item
    package: Package
    event: Event
    recipients: list[Recipient] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)


def make_cookie_season(
    session: Session,
    *,
    recipients: Sequence[str] = ("Alice",),
    event_name: str = "Christmas 2024",
    event_date: date = date(2024, 12, 25),
    allergens: Sequence[str] = (),
) -> CookieSeason:
    """The acceptance example; recipients listed get one "Cookie box" each."""
    flour = make_ingredient(session, name="Flour", measure=Measure.VOLUME, allergens=["gluten"])
    sugar = make_ingredient(session, name="Sugar", measure=Measure.VOLUME)
    make_lot(session, flour, quantity=5 * CUP_ML, cost="2.00", received_on=date(2024, 1, 1))
    make_lot(session, flour, quantity=10 * CUP_ML, cost="6.00", received_on=date(2024, 6, 1))
    make_lot(session, sugar, quantity=10 * CUP_ML, cost="3.00", received_on=date(2024, 1, 1))
    recipe = create_recipe(
        session,
        name="Test Cookies",
        lines=[
            RecipeLineInput(flour.id, Decimal(2), "cup"),
            RecipeLineInput(sugar.id, Decimal(1), "cup"),
        ],
    )
    item = create_item(session, recipe_id=recipe.id, name="Test cookie", items_per_batch=24)
    bundle = create_bundle(session, name="Dozen tin", lines=[ContentInput(12, item_id=item.id)])
    package = create_package(
        session, name="Cookie box", lines=[ContentInput(1, bundle_id=bundle.id)]
    )
    event = create_event(session, name=event_name, event_date=event_date)
    season = CookieSeason(flour, sugar, recipe, item, package, event)
    for name in recipients:
        person = create_recipient(session, name=name, allergens=allergens)
        season.recipients.append(person)
        result = assign_package(
            session, event_id=event.id, recipient_id=person.id, package_id=package.id
        )
        season.assignments.append(result.assignment)
    session.flush()
    return season
