"""What was paid, when and where: the price history and the prices of a past day
(docs/product.md §6.21).

Every priced lot is a price point: a purchase (with its product and store) or opening
stock entered with a cost. Unrecorded and found stock, and lots whose cost is not known,
are never prices (docs/product.md §6.14), as for today's price (``prices.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from bakehouse.domain.comparison import PricePoint, price_unit, unit_price
from bakehouse.domain.kinds import PRICE_ORIGINS, LotOrigin
from bakehouse.domain.numbers import ZERO
from bakehouse.models import Ingredient, Lot, Product, Purchase
from bakehouse.services.catalog.ingredients import get_ingredient
from bakehouse.services.catalog.products import get_product
from bakehouse.units.conversion import canonical_unit

#: A purchase without a store says so in people's words.
NO_STORE = "no store recorded"


@dataclass(frozen=True)
class PricePaid:
    """One priced lot as the price history shows it."""

    lot_id: int
    purchase_id: int | None
    day: date
    ingredient_id: int
    ingredient: str
    product_id: int | None
    product: str  # "opening stock" for stock entered with a cost
    store: str
    packages: Decimal | None
    total_price: Decimal
    quantity: Decimal
    unit: str  # the ingredient's canonical unit
    unit_price: Decimal  # per price_unit
    price_unit: str  # "kg", "l" or "each"
    preferred: bool

    @property
    def point(self) -> PricePoint:
        return PricePoint(
            self.lot_id, self.ingredient_id, self.day, self.total_price, self.quantity,
            self.preferred,
        )  # fmt: skip


@dataclass(frozen=True)
class StorePrices:
    """An ingredient's prices at one store: how often, the latest, the lowest, the
    average (what was paid ÷ what was bought, per price unit)."""

    ingredient_id: int
    ingredient: str
    store: str
    purchases: int
    latest_on: date
    latest: Decimal
    lowest: Decimal
    average: Decimal
    price_unit: str


@dataclass(frozen=True)
class PriceHistory:
    """The price history page: every price paid (newest first), per ingredient its prices
    over time (oldest first, for the chart), and per ingredient and store a comparison."""

    ingredient: str | None
    product: str | None
    store: str | None
    purchases: tuple[PricePaid, ...]
    series: dict[int, tuple[PricePaid, ...]]
    stores: tuple[StorePrices, ...]
    store_names: tuple[str, ...]


def _statement() -> Select[*tuple[Any, ...]]:
    return (
        select(
            Lot.id,
            Purchase.id,
            Lot.received_on,
            Ingredient.id,
            Ingredient.name,
            Ingredient.measure,
            Product.id,
            Product.name,
            Product.is_preferred,
            Purchase.supplier,
            Purchase.packages,
            Lot.cost,
            Lot.initial_quantity,
        )
        .join(Ingredient, Ingredient.id == Lot.ingredient_id)
        .outerjoin(Purchase, Purchase.id == Lot.purchase_id)
        .outerjoin(Product, Product.id == Lot.product_id)
        .where(Lot.origin.in_(PRICE_ORIGINS), Lot.priced.is_(True), Lot.initial_quantity > 0)
        .order_by(Lot.received_on, Lot.id)
    )


def _rows(session: Session, stmt: Select[*tuple[Any, ...]]) -> list[PricePaid]:
    paid = []
    for row in session.execute(stmt):
        lot_id, purchase_id, day, ingredient_id, ingredient, measure = row[:6]
        product_id, product, preferred, supplier, packages, cost, quantity = row[6:]
        unit = canonical_unit(measure)
        paid.append(
            PricePaid(
                lot_id=lot_id,
                purchase_id=purchase_id,
                day=day,
                ingredient_id=ingredient_id,
                ingredient=ingredient,
                product_id=product_id,
                product=product if product is not None else LotOrigin.OPENING.value + " stock",
                store=supplier or NO_STORE,
                packages=packages,
                total_price=cost,
                quantity=quantity,
                unit=unit,
                unit_price=unit_price(cost, quantity, unit) or ZERO,
                price_unit=price_unit(unit),
                preferred=bool(preferred),
            )
        )
    return paid


def prices_paid_by(
    session: Session, ingredient_ids: Collection[int], last_day: date
) -> dict[int, list[PricePaid]]:
    """Every price paid for these ingredients up to ``last_day``, per ingredient, oldest
    first: one statement."""
    if not ingredient_ids:
        return {}
    stmt = _statement().where(
        Lot.ingredient_id.in_(sorted(ingredient_ids)), Lot.received_on <= last_day
    )
    by_ingredient: dict[int, list[PricePaid]] = defaultdict(list)
    for paid in _rows(session, stmt):
        by_ingredient[paid.ingredient_id].append(paid)
    return dict(by_ingredient)


def get_price_history(
    session: Session,
    *,
    ingredient: int | str | None = None,
    product: int | str | None = None,
    store: str | None = None,
) -> PriceHistory:
    """Every price paid, filtered by ingredient, product (id, slug or name) and store
    (its name, any case); :class:`NotFound` for an unknown ingredient or product. At most
    four statements."""
    stmt = _statement()
    ingredient_name = product_name = store_name = None
    if ingredient is not None and str(ingredient).strip():
        found = get_ingredient(session, ingredient)
        ingredient_name = found.name
        stmt = stmt.where(Lot.ingredient_id == found.id)
    if product is not None and str(product).strip():
        chosen = get_product(session, product)
        product_name = chosen.name
        stmt = stmt.where(Lot.product_id == chosen.id)
    if store is not None and store.strip():
        store_name = store.strip()
        if store_name.lower() == NO_STORE:
            stmt = stmt.where(Purchase.supplier.is_(None))
        else:
            stmt = stmt.where(func.lower(Purchase.supplier) == store_name.lower())
    paid = _rows(session, stmt)
    series: dict[int, list[PricePaid]] = defaultdict(list)
    for row in paid:
        series[row.ingredient_id].append(row)
    names = session.scalars(
        select(Purchase.supplier).where(Purchase.supplier.is_not(None)).distinct()
    )
    return PriceHistory(
        ingredient=ingredient_name,
        product=product_name,
        store=store_name,
        purchases=tuple(sorted(paid, key=lambda p: (p.day, p.lot_id), reverse=True)),
        series={
            k: tuple(v)
            for k, v in sorted(series.items(), key=lambda kv: kv[1][0].ingredient.lower())
        },
        stores=tuple(_by_store(paid)),
        store_names=tuple(sorted({str(n) for n in names}, key=str.lower)),
    )


def _by_store(paid: list[PricePaid]) -> list[StorePrices]:
    groups: dict[tuple[int, str], list[PricePaid]] = defaultdict(list)
    for row in paid:
        groups[(row.ingredient_id, row.store)].append(row)
    result = []
    for (ingredient_id, store), rows in groups.items():
        latest = max(rows, key=lambda r: (r.day, r.lot_id))
        cost = sum((r.total_price for r in rows), ZERO)
        quantity = sum((r.quantity for r in rows), ZERO)
        result.append(
            StorePrices(
                ingredient_id=ingredient_id,
                ingredient=latest.ingredient,
                store=store,
                purchases=len(rows),
                latest_on=latest.day,
                latest=latest.unit_price,
                lowest=min(r.unit_price for r in rows),
                average=unit_price(cost, quantity, latest.unit) or ZERO,
                price_unit=latest.price_unit,
            )
        )
    return sorted(result, key=lambda s: (s.ingredient.lower(), s.average, s.store.lower()))


__all__ = [
    "NO_STORE",
    "PriceHistory",
    "PricePaid",
    "StorePrices",
    "get_price_history",
    "prices_paid_by",
]
