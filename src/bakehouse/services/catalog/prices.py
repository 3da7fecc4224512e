"""Current prices for estimates (docs/product.md §2.4).

An ingredient's unit price is that of its latest lot with a price, preferring lots bought
as the ingredient's preferred product: the price paid for the lot over the quantity it
held. Opening stock entered with a cost counts as a price too. An ingredient never bought
has no price (callers report it as unpriced, never $0).
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.models import Lot, Product, Purchase


def latest_unit_prices(
    session: Session, ingredient_ids: Collection[int] | None = None
) -> dict[int, UnitPrice]:
    """Unit price per ingredient id, in one statement (a window over lots)."""
    preferred_first = case((Product.is_preferred.is_(True), 0), else_=1)
    rank = (
        func.row_number()
        .over(
            partition_by=Lot.ingredient_id,
            order_by=(preferred_first, Lot.received_on.desc(), Lot.id.desc()),
        )
        .label("rank")
    )
    ranked = (
        select(Lot.ingredient_id, Lot.cost, Lot.initial_quantity, rank)
        .outerjoin(Purchase, Purchase.id == Lot.purchase_id)
        .outerjoin(Product, Product.id == Purchase.product_id)
    )
    if ingredient_ids is not None:
        if not ingredient_ids:
            return {}
        ranked = ranked.where(Lot.ingredient_id.in_(sorted(ingredient_ids)))
    sub = ranked.subquery()
    rows = session.execute(
        select(sub.c.ingredient_id, sub.c.cost, sub.c.initial_quantity).where(sub.c.rank == 1)
    )
    return {
        ingredient_id: UnitPrice(cost=cost, quantity=quantity)
        for ingredient_id, cost, quantity in rows
    }
