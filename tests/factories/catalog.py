"""Catalog and pantry test data. Models are built directly so tests of services stay honest."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import Session

from bakehouse.domain.kinds import LotOrigin, MovementKind
from bakehouse.domain.slugs import slugify
from bakehouse.models import Ingredient, Lot, Product, Purchase
from bakehouse.services.pantry.ledger import append_movement
from bakehouse.units.conversion import Measure, to_canonical

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
    kind: MovementKind = MovementKind.OPENING,
    occurred_at: datetime | None = None,
    **overrides: Any,
) -> Lot:
    """A lot and the movement that brought it in: opening stock unless ``kind`` says
    otherwise (quantity in canonical units)."""
    qty, value = Decimal(quantity), Decimal(cost)
    overrides.setdefault(
        "origin", LotOrigin.PURCHASE if kind is MovementKind.PURCHASE else LotOrigin.OPENING
    )
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
    append_movement(session, lot, kind=kind, quantity=qty, value=value, occurred_at=occurred_at)
    session.flush()
    return lot


def make_purchase(
    session: Session,
    product: Product,
    *,
    total_price: Decimal | str,
    packages: Decimal | int | str = 1,
    quantity: Decimal | str | None = None,
    purchased_on: date = date(2024, 1, 1),
    **lot_overrides: Any,
) -> Lot:
    """A purchase of ``packages`` of ``product``, its lot and its purchase movement (at
    9:00 UTC that day). ``quantity`` (canonical units) defaults to what the packages hold."""
    count = Decimal(packages)
    if quantity is None:
        ingredient = product.ingredient
        size = to_canonical(product.package_size, product.package_unit, ingredient.factors)
        quantity = size * count
    purchase = Purchase(
        product=product,
        purchased_on=purchased_on,
        packages=count,
        total_price=Decimal(total_price),
    )
    session.add(purchase)
    return make_lot(
        session,
        product.ingredient,
        quantity=quantity,
        cost=total_price,
        received_on=purchased_on,
        kind=MovementKind.PURCHASE,
        occurred_at=datetime.combine(purchased_on, datetime.min.time(), UTC).replace(hour=9),
        purchase=purchase,
        **lot_overrides,
    )
