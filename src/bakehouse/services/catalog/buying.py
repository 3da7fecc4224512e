"""Buying: what is on hand, which product to buy an ingredient as, and at what price.

Shopping lists round a shortfall up to whole packages of the preferred product, else of
the cheapest per unit among products with a price (each product priced at the newer of its
latest purchase and its list price, docs/product.md §6.2, §6.17). When the product has
neither, the ingredient's planning price prices the packages instead. A line priced from a
list price is an *estimate*.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, literal_column, select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.domain.numbers import ZERO, quantize_money, quantize_quantity
from bakehouse.domain.pricing import choose_price
from bakehouse.errors import UnitError
from bakehouse.models import Ingredient, Lot, Product, Purchase
from bakehouse.models.pantry import STOCKED
from bakehouse.services.catalog.graph import canonical_quantity

ONE = Decimal(1)


@dataclass(frozen=True)
class ShoppingLine:
    """One ingredient to have for the plan, and what to buy of it.

    ``needed`` covers the batches still to bake (required minus produced, per event and
    recipe), because what was baked already left the pantry. Quantities are in the
    ingredient's canonical ``unit``. ``cost_note`` says why ``estimated_cost`` is None:
    "no product" (nothing to buy it as) or "no price" (never bought).
    """

    ingredient_id: int
    ingredient: str
    unit: str
    needed: Decimal
    on_hand: Decimal
    shortfall: Decimal
    product_id: int | None
    product: str | None
    package_size: Decimal | None
    package_price: Decimal | None
    packages_to_buy: int | None
    estimated_cost: Decimal | None
    cost_note: str | None
    leftover_after_plan: Decimal
    #: The price comes from a list price, not a purchase: the cost is an estimate (§6.17).
    price_is_estimate: bool = False
    #: The ingredient's category: the aisle the line is grouped under (§6.17).
    category: str = "other"


@dataclass(frozen=True)
class ProductOption:
    """A product an ingredient can be bought as, sized in the ingredient's canonical unit."""

    product_id: int
    label: str
    is_preferred: bool
    #: One package, in the ingredient's canonical unit.
    size: Decimal
    #: What one package costs: the newer of its latest purchase and its list price
    #: (None: neither).
    package_price: Decimal | None
    #: ``package_price`` is the list price: an estimate (docs/product.md §6.17).
    estimate: bool = False


@dataclass(frozen=True)
class ExpiredStock:
    """Stock of an ingredient past its best-before (canonical unit): not on hand for
    planning, to use or discard (docs/product.md §6.14)."""

    ingredient_id: int
    quantity: Decimal
    #: The earliest best-before among its expired lots.
    since: date


def on_hand_quantities(
    session: Session, ingredient_ids: Collection[int], *, good_on: date | None = None
) -> dict[int, Decimal]:
    """Stock left per ingredient (canonical units), summed in SQL in one statement over
    the lots with stock left only (``ix_lot_stocked``), not the pantry's whole history.
    With ``good_on``, lots past their best-before on that day are left out."""
    return stock_on_hand(session, ingredient_ids, good_on=good_on)[0]


def stock_on_hand(
    session: Session, ingredient_ids: Collection[int], *, good_on: date | None = None
) -> tuple[dict[int, Decimal], dict[int, ExpiredStock]]:
    """Per ingredient, the stock left that is good on ``good_on`` (all of it without a
    day) and the stock past its best-before by then (docs/product.md §6.14): one
    statement."""
    if not ingredient_ids:
        return {}, {}
    day = good_on or date.min
    expired = and_(Lot.best_before.is_not(None), Lot.best_before < day)
    rows = session.execute(
        select(
            Lot.ingredient_id,
            expired.label("expired"),
            func.sum(Lot.quantity_remaining),
            func.min(Lot.best_before),
        )
        .where(Lot.ingredient_id.in_(sorted(ingredient_ids)), STOCKED)
        # Grouped by the output column: one bound day, the same in both places.
        .group_by(Lot.ingredient_id, literal_column("expired"))
    )
    good: dict[int, Decimal] = {}
    old: dict[int, ExpiredStock] = {}
    for ingredient_id, is_expired, total, since in rows:
        if ingredient_id is None:
            continue
        if is_expired and since is not None:
            old[ingredient_id] = ExpiredStock(ingredient_id, total or ZERO, since)
        else:
            good[ingredient_id] = total or ZERO
    return good, old


def load_product_options(
    session: Session, ingredients: Mapping[int, Ingredient]
) -> dict[int, list[ProductOption]]:
    """Products of the ingredients with their latest package price: two statements."""
    if not ingredients:
        return {}
    products = list(
        session.scalars(
            select(Product)
            .where(Product.ingredient_id.in_(sorted(ingredients)))
            .order_by(Product.id)
        )
    )
    latest = _latest_package_prices(session, [p.id for p in products])
    options: dict[int, list[ProductOption]] = defaultdict(list)
    for product in products:
        ingredient = ingredients[product.ingredient_id]
        try:
            size = canonical_quantity(
                product.package_size, product.package_unit, ingredient.factors
            )
        except UnitError:
            continue  # a package size the ingredient cannot be measured in: not buyable here
        bought, bought_on = latest.get(product.id, (None, None))
        listed = None if product.list_price is None else UnitPrice(product.list_price, ONE)
        price = choose_price(
            None if bought is None else UnitPrice(bought, ONE),
            bought_on,
            listed,
            product.list_price_on,
        )
        options[product.ingredient_id].append(
            ProductOption(
                product.id,
                product.label,
                product.is_preferred,
                size,
                None if price is None else price.cost,
                price is not None and price.estimate,
            )
        )
    return options


def _latest_package_prices(
    session: Session, product_ids: list[int]
) -> dict[int, tuple[Decimal, date]]:
    """Price of one package at each product's latest purchase, in one statement: one
    look-up of ``ix_purchase_product_latest`` per product, however many purchases."""
    if not product_ids:
        return {}
    latest = (
        select(Purchase.id)
        .where(Purchase.product_id == Product.id)
        .order_by(Purchase.purchased_on.desc(), Purchase.id.desc())
        .limit(1)
        .correlate(Product)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Product.id, Purchase.total_price, Purchase.packages, Purchase.purchased_on)
        .join(Purchase, Purchase.id == latest)
        .where(Product.id.in_(product_ids))
    )
    return {
        product_id: (quantize_money(Decimal(total) / Decimal(packages)), day)
        for product_id, total, packages, day in rows
    }


def choose_product(options: list[ProductOption]) -> ProductOption | None:
    """The preferred product; else the cheapest per unit with a price; else the first."""
    for option in options:
        if option.is_preferred:
            return option
    priced = [o for o in options if o.package_price is not None]
    if priced:
        return min(priced, key=lambda o: (Decimal(o.package_price or 0) / o.size, o.product_id))
    return options[0] if options else None


def shopping_line(
    ingredient: Ingredient,
    needed: Decimal,
    on_hand: Decimal,
    product: ProductOption | None,
    ingredient_price: UnitPrice | None,
) -> ShoppingLine:
    """What to buy of one ingredient: whole packages of ``product`` covering the shortfall."""
    shortfall = max(needed - on_hand, ZERO)
    line = ShoppingLine(
        ingredient_id=ingredient.id,
        ingredient=ingredient.name,
        unit=ingredient.unit,
        needed=needed,
        on_hand=on_hand,
        shortfall=shortfall,
        product_id=None,
        product=None,
        package_size=None,
        package_price=None,
        packages_to_buy=None,
        estimated_cost=None,
        cost_note="no product" if shortfall > 0 else None,
        leftover_after_plan=max(on_hand - needed, ZERO),
        category=ingredient.category,
    )
    if product is None:
        return line
    packages = math.ceil(shortfall / product.size) if shortfall > 0 else 0
    package_price = product.package_price
    estimate = product.estimate
    if package_price is None and ingredient_price is not None:
        package_price = ingredient_price.price_of(product.size)
        estimate = ingredient_price.estimate
    cost: Decimal | None = ZERO
    if packages:
        cost = quantize_money(package_price * packages) if package_price is not None else None
    return replace(
        line,
        product_id=product.product_id,
        product=product.label,
        package_size=product.size,
        package_price=package_price,
        packages_to_buy=packages,
        estimated_cost=cost,
        cost_note="no price" if cost is None else None,
        leftover_after_plan=quantize_quantity(on_hand + product.size * packages - needed),
        price_is_estimate=package_price is not None and estimate,
    )
