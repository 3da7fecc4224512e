"""Catalog and pantry test data. Models are built directly so tests of services stay honest."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.kinds import MovementKind
from bakehouse.domain.slugs import slugify
from bakehouse.models import Ingredient, Lot, Product
from bakehouse.services.ledger import append_movement
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
