"""Two Christmases a year apart, cloned, with new prices and more tins; Aunt Carol's
three years of gifts (docs/product.md §6.21). Figures worked by hand in the tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bakehouse.models import Event, Ingredient, Package, Product, Recipe, Recipient
from bakehouse.services.events.events import clone_event
from bakehouse.services.events.seasons import create_season
from bakehouse.services.pantry.stock import record_purchase
from tests.factories.catalog import make_ingredient, make_product
from tests.factories.planning import (
    make_assignment,
    make_event,
    make_item,
    make_package,
    make_recipe,
    make_recipient,
)


@dataclass
class TwoChristmases:
    butter: Ingredient
    flour: Ingredient
    sugar: Ingredient
    butter_block: Product
    shortbread: Recipe
    tin: Package
    carol: Recipient
    christmas_2024: Event
    christmas_2025: Event
    christmas_2026: Event


def buy(session: Session, product: Product, price: str, day: date, store: str) -> None:
    record_purchase(
        session, product_id=product.id, purchased_on=day, packages=1, total_price=price,
        supplier=store,
    )  # fmt: skip


def make_two_christmases(session: Session) -> TwoChristmases:
    """Shortbread (per batch 250 g butter, 300 g flour, 100 g sugar; 24 fingers), a tin of
    12 fingers. Christmas 2025: 4 tins to 4 people (2 batches). Christmas 2026, cloned from
    it: 2 more people, one of them given 2 tins (7 tins, 84 fingers: 4 batches). Butter
    $8.00/kg at Corner Shop in 2025, $10.40/kg at Big Mart in 2026 (and $12.00 in January
    2027, after the event); flour $3.00 for 2 kg once; sugar $1.99/kg then $2.49/kg."""
    butter = make_ingredient(session, name="Butter", allergens=["milk"])
    flour = make_ingredient(session, name="Flour", allergens=["gluten"])
    sugar = make_ingredient(session, name="Sugar")
    block = make_product(session, butter, name="Butter block", package_size=1000,
                         package_unit="g", is_preferred=True)  # fmt: skip
    sack = make_product(session, flour, name="Flour sack", package_size=2000, package_unit="g")
    bag = make_product(session, sugar, name="Sugar bag", package_size=1000, package_unit="g")
    buy(session, block, "8.00", date(2025, 11, 10), "Corner Shop")
    buy(session, block, "10.40", date(2026, 11, 10), "Big Mart")
    buy(session, block, "12.00", date(2027, 1, 5), "Big Mart")
    buy(session, sack, "3.00", date(2024, 11, 1), "Corner Shop")
    buy(session, bag, "1.99", date(2024, 11, 1), "Corner Shop")
    buy(session, bag, "2.49", date(2026, 11, 15), "Big Mart")
    shortbread = make_recipe(
        session, name="Shortbread",
        lines=[(butter, "250", "g"), (flour, "300", "g"), (sugar, "100", "g")],
    )  # fmt: skip
    finger = make_item(session, shortbread, name="Shortbread finger", items_per_batch=24)
    tin = make_package(session, name="Shortbread tin", contents=[(12, finger)])
    carol = make_recipient(session, name="Aunt Carol", allergens=["milk"])
    others = [make_recipient(session, name=n) for n in ("Bob", "Dee", "Eli", "Fay", "Gus")]
    for year in (2024, 2025, 2026):
        create_season(session, name=f"Holiday {year}", starts_on=date(year, 11, 1),
                      ends_on=date(year + 1, 1, 15))  # fmt: skip
    christmas_2024 = make_event(session, name="Christmas 2024", event_date=date(2024, 12, 20))
    make_assignment(session, christmas_2024, carol, tin)
    christmas_2025 = make_event(session, name="Christmas 2025", event_date=date(2025, 12, 20))
    for person in (carol, *others[:3]):
        make_assignment(session, christmas_2025, person, tin)
    christmas_2026 = clone_event(
        session, christmas_2025.id, name="Christmas 2026", event_date=date(2026, 12, 20)
    )
    make_assignment(session, christmas_2026, others[3], tin)
    make_assignment(session, christmas_2026, others[4], tin, quantity=2)
    session.expire_all()
    return TwoChristmases(butter, flour, sugar, block, shortbread, tin, carol,
                          christmas_2024, christmas_2025, christmas_2026)  # fmt: skip
