"""What a recipe costs: at current prices, and from the pantry as it stands now.

Current prices (docs/product.md §2.4) price each line at its ingredient's latest purchase unit
price, preferred product first; a line whose ingredient was never bought is reported as
unpriced, never as $0. "From the pantry now" is a FIFO dry run of one batch over the lots
in stock: nothing is written, and a shortage is reported instead of raised.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.costing import Estimate, LineNeed, UnitPrice, estimate_lines
from bakehouse.domain.fifo import LotBalance, StockRequest, plan_all
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.errors import InsufficientStock, NotFound, Shortage
from bakehouse.models import Recipe, RecipeLine
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.pantry.ledger import load_lot_balances
from bakehouse.units.conversion import to_canonical


@dataclass(frozen=True)
class RecipeCostLine:
    ingredient_id: int
    ingredient: str
    #: As written in the recipe.
    quantity: Decimal
    unit: str
    #: In the ingredient's canonical unit.
    canonical_quantity: Decimal
    canonical_unit: str
    #: Price of one canonical unit (None: never bought).
    unit_price: Decimal | None
    cost: Decimal | None

    @property
    def unpriced(self) -> bool:
        return self.cost is None


@dataclass(frozen=True)
class ItemCost:
    item_id: int
    item: str
    items_per_batch: int
    cost: Estimate


@dataclass(frozen=True)
class PantryCost:
    """One batch drawn FIFO from the lots in stock now, or what is missing for it."""

    cost: Decimal | None
    shortages: tuple[Shortage, ...] = ()

    @property
    def is_available(self) -> bool:
        return not self.shortages


@dataclass(frozen=True)
class RecipeCost:
    recipe_id: int
    recipe: str
    lines: tuple[RecipeCostLine, ...]
    per_batch: Estimate
    per_item: tuple[ItemCost, ...]
    from_pantry: PantryCost


def get_recipe_cost(session: Session, recipe_id: int) -> RecipeCost:
    """Cost of one batch and one item of a recipe. Raises :class:`NotFound`."""
    costs = _recipe_costs(session, select(Recipe).where(Recipe.id == recipe_id))
    if not costs:
        raise NotFound("recipe", recipe_id)
    return costs[0]


def get_recipe_costs(session: Session) -> list[RecipeCost]:
    """:func:`get_recipe_cost` for every recipe, by name, in a fixed number of statements."""
    return _recipe_costs(session, select(Recipe).order_by(Recipe.name))


def _recipe_costs(session: Session, stmt: Select[Recipe]) -> list[RecipeCost]:
    loaded = stmt.options(
        selectinload(Recipe.lines).selectinload(RecipeLine.ingredient),
        selectinload(Recipe.items),
    )
    recipes = list(session.scalars(loaded))
    ingredient_ids = {line.ingredient_id for r in recipes for line in r.lines}
    prices = latest_unit_prices(session, ingredient_ids) if ingredient_ids else {}
    lots = load_lot_balances(session, ingredient_ids)
    return [_cost_of(recipe, prices, lots) for recipe in recipes]


def _cost_of(
    recipe: Recipe,
    prices: Mapping[int, UnitPrice],
    lots: Mapping[int, Sequence[LotBalance]],
) -> RecipeCost:
    lines = []
    for line in recipe.lines:
        ingredient = line.ingredient
        canonical = to_canonical(line.quantity, line.unit, ingredient.factors)
        price = prices.get(ingredient.id)
        lines.append(
            RecipeCostLine(
                ingredient_id=ingredient.id,
                ingredient=ingredient.name,
                quantity=line.quantity,
                unit=line.unit,
                canonical_quantity=canonical,
                canonical_unit=ingredient.unit,
                unit_price=quantize_quantity(price.cost / price.quantity) if price else None,
                cost=price.price_of(canonical) if price else None,
            )
        )
    names = {line.ingredient_id: line.ingredient for line in lines}
    estimate = estimate_lines(
        [LineNeed(line.ingredient_id, line.canonical_quantity) for line in lines], prices
    )
    per_batch = estimate.named(names)
    per_item = tuple(
        ItemCost(item.id, item.name, item.items_per_batch, per_batch.per(item.items_per_batch))
        for item in sorted(recipe.items, key=lambda i: i.name.lower())
    )
    return RecipeCost(
        recipe.id, recipe.name, tuple(lines), per_batch, per_item, _dry_run(lines, lots)
    )


def _dry_run(
    lines: Sequence[RecipeCostLine], lots: Mapping[int, Sequence[LotBalance]]
) -> PantryCost:
    requests = [
        StockRequest(
            line.ingredient_id, line.ingredient, line.canonical_unit, line.canonical_quantity
        )
        for line in lines
    ]
    try:
        plans = plan_all(requests, lots)
    except InsufficientStock as short:
        return PantryCost(None, tuple(short.shortages))
    return PantryCost(sum((plan.cost for plan in plans), ZERO))
