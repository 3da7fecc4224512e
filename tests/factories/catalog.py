"""Catalog and pantry test data. Models are built directly so tests of services stay honest."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.kinds import MovementKind
from bakehouse.domain.slugs import slugify
from bakehouse.models import Ingredient, Lot, Product, Purchase
from bakehouse.services.pantry.ledger import append_movement
from bakehouse.units.conversion import Measure

_counter = itertools.count(1)


def make_ingredient(session: Session, **overrides: Any) -> Ingredient:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Ingredient {n}",
        "measure": Measure.MASS,
        "category": "other",
    }
    values.update(overrides)
    values.setdefault("slug", slugify(values["name"]))
    ingredient = Ingredient(**values)
    session.add(ingredient)
    session.flush()
    return ingredient


def make_product(session: Session, ingredient: Ingredient, **overrides: Any) -> Product:
    n = next(_counter)
    values: dict[str, Any] = {
        "name": f"Product {n}",
        "brand": "Acme",
        "package_size": Decimal("1000"),
        "package_unit": ingredient.unit,
        "is_preferred": False,
    }
    values.update(overrides)
    values.setdefault("slug", slugify(f"{values['brand']} {values['name']} {n}"))
    product = Product(ingredient=ingredient, **values)
    session.add(product)
    session.flush()
    return product


def make_lot(
    session: Session,
    ingredient: Ingredient,
    *,
    quantity: Decimal | str,
    cost: Decimal | str,
    received_on: date = date(2024, 1, 1),
    **overrides: Any,
) -> Lot:
    """Opening stock: a lot and its opening movement (quantity in canonical units)."""
    qty, value = Decimal(quantity), Decimal(cost)
    lot = Lot(
        ingredient=ingredient,
        received_on=received_on,
        initial_quantity=qty,
        cost=value,
        quantity_remaining=Decimal(0),
        value_remaining=Decimal(0),
        **overrides,
    )
    session.add(lot)
    append_movement(session, lot, kind=MovementKind.OPENING, quantity=qty, value=value)
    session.flush()
    return lot


def make_purchase(
    session: Session,
    product: Product,
    *,
    quantity: Decimal | str,
    total_price: Decimal | str,
    packages: Decimal | str = "1",
    purchased_on: date = date(2024, 1, 1),
) -> Purchase:
    """A purchase with its lot and purchase movement (``quantity`` in canonical units)."""
    purchase = Purchase(
        product=product,
        purchased_on=purchased_on,
        packages=Decimal(packages),
        total_price=Decimal(total_price),
    )
    session.add(purchase)
    make_lot(
        session,
        product.ingredient,
        quantity=quantity,
        cost=total_price,
        received_on=purchased_on,
        purchase=purchase,
    )
    return purchase
