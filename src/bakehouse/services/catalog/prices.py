"""Current prices for estimates (docs/product.md §2.4, §6.2, §6.17).

An ingredient's purchase price is that of its latest lot with a price, preferring lots
bought as the ingredient's preferred product: the price paid for the lot over the quantity
it held. Opening stock entered with a cost counts as a price too; unrecorded and found
stock never do (docs/product.md §6.14). Its list price is that of its chosen product (the
preferred one, else the cheapest per unit). The newer of the two plans, a list price as an
*estimate* (:func:`bakehouse.domain.pricing.choose_price`); an ingredient with neither has
no price (callers report it as unpriced, never $0).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, and_, bindparam, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from bakehouse.domain.costing import UnitPrice
from bakehouse.domain.kinds import PRICE_ORIGINS
from bakehouse.domain.pricing import ListPrice, choose_price, chosen_list_price
from bakehouse.errors import UnitError
from bakehouse.models import Ingredient, Lot, Product
from bakehouse.units.conversion import ConversionFactors, Measure, to_canonical


def latest_unit_prices(
    session: Session, ingredient_ids: Collection[int] | None = None
) -> dict[int, UnitPrice]:
    """Planning unit price per ingredient id (docs/product.md §6.2), in one statement.

    Per ingredient, two index look-ups, whatever the number of lots: the latest lot of
    its preferred product (``ix_lot_product_latest``), else its latest lot
    (``ix_lot_fifo``). "Latest" is the last received, then the last entered. The same
    statement brings its products' list prices; the newer of the two prices wins, a list
    price marked *estimate*.
    """
    if ingredient_ids is None:
        rows = session.execute(_latest_prices(chosen=False))
    elif not ingredient_ids:
        return {}
    else:
        rows = session.execute(_latest_prices(chosen=True), {"ids": sorted(ingredient_ids)})
    bought: dict[int, tuple[UnitPrice, date]] = {}
    listed: dict[int, list[ListPrice]] = defaultdict(list)
    for row in rows:
        ingredient_id = row.ingredient_id
        if row.cost is not None:
            bought[ingredient_id] = (UnitPrice(row.cost, row.quantity), row.received_on)
        if row.product_id is not None:
            factors = ConversionFactors(
                name=row.name, measure=Measure(row.measure), density=row.density,
                grams_per_each=row.grams_per_each,
            )  # fmt: skip
            try:
                size = to_canonical(row.package_size, row.package_unit, factors)
            except UnitError:
                continue  # a package the ingredient cannot be measured in prices nothing
            listed[ingredient_id].append(
                ListPrice(row.product_id, row.list_price, size, row.list_price_on,
                          row.is_preferred)
            )  # fmt: skip
    prices: dict[int, UnitPrice] = {}
    for ingredient_id in bought.keys() | listed.keys():
        purchase, purchased_on = bought.get(ingredient_id, (None, None))
        chosen = chosen_list_price(listed.get(ingredient_id, ()))
        price = choose_price(
            purchase,
            purchased_on,
            chosen.unit_price if chosen else None,
            chosen.seen_on if chosen else None,
        )
        if price is not None:
            prices[ingredient_id] = price
    return prices


@cache
def _latest_prices(*, chosen: bool) -> Any:
    """The statement, built once (for every ingredient, or for the ``ids`` given)."""
    preferred = (
        select(Product.id)
        .where(Product.ingredient_id == Ingredient.id, Product.is_preferred.is_(True))
        .correlate(Ingredient)
        .scalar_subquery()  # at most one: uq_product_one_preferred_per_ingredient
    )
    latest = func.coalesce(
        _latest_lot(lambda lot: lot.product_id == preferred),
        _latest_lot(lambda lot: lot.ingredient_id == Ingredient.id),
    )
    stmt: Any = (
        select(
            Ingredient.id.label("ingredient_id"),
            Ingredient.name,
            Ingredient.measure,
            Ingredient.density,
            Ingredient.grams_per_each,
            Lot.cost,
            Lot.initial_quantity.label("quantity"),
            Lot.received_on,
            Product.id.label("product_id"),
            Product.list_price,
            Product.list_price_on,
            Product.package_size,
            Product.package_unit,
            Product.is_preferred,
        )
        .select_from(Ingredient)
        .outerjoin(Lot, Lot.id == latest)
        # Every product with a list price: the chosen one is picked in Python, where its
        # package converts to the ingredient's unit (docs/product.md §6.2).
        .outerjoin(
            Product, and_(Product.ingredient_id == Ingredient.id, Product.list_price.is_not(None))
        )
        .where(or_(Lot.id.is_not(None), Product.id.is_not(None)))
    )
    if chosen:
        stmt = stmt.where(Ingredient.id.in_(bindparam("ids", expanding=True)))
    return stmt


def latest_lot_statement(
    bound: ColumnElement[date] | InstrumentedAttribute[date] | None,
) -> ColumnElement[int]:
    """The id of an ingredient's (correlated to :class:`Ingredient`) purchase-price lot:
    the latest lot of its preferred product, else its latest lot; with ``bound``, only lots
    received on or before that day (a correlated date: a past event's, docs/product.md
    §6.20)."""
    preferred = (
        select(Product.id)
        .where(Product.ingredient_id == Ingredient.id, Product.is_preferred.is_(True))
        .correlate(Ingredient)
        .scalar_subquery()  # at most one: uq_product_one_preferred_per_ingredient
    )
    return func.coalesce(
        _latest_lot(lambda lot: lot.product_id == preferred, bound),
        _latest_lot(lambda lot: lot.ingredient_id == Ingredient.id, bound),
    )


def _latest_lot(
    where: Callable[[Any], ColumnElement[bool]],
    bound: ColumnElement[date] | InstrumentedAttribute[date] | None = None,
) -> ScalarSelect[int]:
    lot = aliased(Lot)
    query = select(lot.id).where(
        # Unrecorded and found stock are never prices, nor lots whose cost is not known
        # (docs/product.md §6.14).
        where(lot),
        lot.origin.in_(PRICE_ORIGINS),
        lot.priced.is_(True),
    )
    if bound is not None:
        query = query.where(lot.received_on <= bound)
    return (
        query.order_by(lot.received_on.desc(), lot.id.desc())
        .limit(1)
        .correlate_except(lot)
        .scalar_subquery()
    )
