"""Current prices for estimates (docs/product.md §2.4).

An ingredient's unit price is that of its latest lot with a price, preferring lots bought
as the ingredient's preferred product: the price paid for the lot over the quantity it
held. Opening stock entered with a cost counts as a price too; unrecorded and found stock
never do (docs/product.md §6.14). An ingredient never bought
has no price (callers report it as unpriced, never $0).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, ScalarSelect, Select, bindparam, func, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from bakehouse.domain.costing import UnitPrice
from bakehouse.domain.kinds import PRICE_ORIGINS
from bakehouse.models import Ingredient, Lot, Product


def latest_unit_prices(
    session: Session, ingredient_ids: Collection[int] | None = None
) -> dict[int, UnitPrice]:
    """Unit price per ingredient id, in one statement.

    Per ingredient, two index look-ups, whatever the number of lots: the latest lot of
    its preferred product (``ix_lot_product_latest``), else its latest lot
    (``ix_lot_fifo``). "Latest" is the last received, then the last entered.
    """
    if ingredient_ids is None:
        rows = session.execute(_latest_prices(chosen=False))
    elif not ingredient_ids:
        return {}
    else:
        rows = session.execute(_latest_prices(chosen=True), {"ids": sorted(ingredient_ids)})
    return {
        ingredient_id: UnitPrice(cost=cost, quantity=quantity)
        for ingredient_id, cost, quantity in rows
    }


@cache
def _latest_prices(*, chosen: bool) -> Select[int, Decimal, Decimal]:
    """The statement, built once (for every ingredient, or for the ``ids`` given)."""
    stmt = select(Ingredient.id, Lot.cost, Lot.initial_quantity).join(
        Lot, Lot.id == latest_lot_statement(bound=None)
    )
    if chosen:
        stmt = stmt.where(Ingredient.id.in_(bindparam("ids", expanding=True)))
    return stmt


def latest_lot_statement(
    bound: ColumnElement[date] | InstrumentedAttribute[date] | None,
) -> ColumnElement[int]:
    """The id of an ingredient's (correlated to :class:`Ingredient`) price lot: the latest
    lot of its preferred product, else its latest lot; with ``bound``, only lots received
    on or before that day (a correlated date: a past event's, docs/product.md §6.2)."""
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
    bound: ColumnElement[date] | InstrumentedAttribute[date] | None,
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
