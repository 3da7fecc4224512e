"""What a recipe costs: at current prices, and from the pantry as it stands now.

Sub-recipe lines cost their share of a batch of the sub-recipe, recursively
(docs/product.md §6.12); an ingredient unpriced anywhere below makes the cost incomplete.

Current prices (docs/product.md §2.4) price each line at its ingredient's latest purchase unit
price, preferred product first; a line whose ingredient was never bought is reported as
unpriced, never as $0. "From the pantry now" is a FIFO dry run of one batch over the lots
in stock: nothing is written, and a shortage is reported instead of raised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.costing import Estimate, UnitPrice
from bakehouse.domain.fifo import LotBalance, StockRequest, plan_all, prepared_order_key
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.domain.subrecipes import (
    Yield,
    batch_costs,
    share_cost,
    stock_of_batches,
    stock_unit,
)
from bakehouse.errors import InsufficientStock, NotFound, Shortage
from bakehouse.models import Recipe, RecipeLine
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.core.archive import shown
from bakehouse.services.pantry.ledger import load_lot_balances
from bakehouse.services.pantry.prepared import load_prepared_lots
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
class SubRecipeCostLine:
    """A sub-recipe line: its share of a sub batch and what that share costs."""

    sub_recipe_id: int
    sub_recipe: str
    #: As written in the recipe ("0.5 cup", "0.5 batch").
    quantity: Decimal
    unit: str
    share_of_batch: Decimal
    #: In the sub-recipe's stock unit (what is drawn from its prepared stock).
    stock_quantity: Decimal
    stock_unit: str
    cost: Estimate


@dataclass(frozen=True)
class RecipeCost:
    """A batch's cost with sub-recipes rolled up (docs/product.md §6.12); ``from_pantry``
    draws ingredient lots and prepared stock as a bake would."""

    recipe_id: int
    recipe: str
    lines: tuple[RecipeCostLine, ...]
    per_batch: Estimate
    per_item: tuple[ItemCost, ...]
    from_pantry: PantryCost
    sub_lines: tuple[SubRecipeCostLine, ...] = ()
    #: Names of the recipes that use this one.
    used_in: tuple[str, ...] = ()


def get_recipe_cost(session: Session, recipe_id: int) -> RecipeCost:
    """Cost of one batch and one item of a recipe, sub-recipes rolled up.
    Raises :class:`NotFound`."""
    costs = _recipe_costs(session, select(Recipe).where(Recipe.id == recipe_id))
    if not costs:
        raise NotFound("recipe", recipe_id)
    return costs[0]


def get_recipe_costs(session: Session, *, include_archived: bool = False) -> list[RecipeCost]:
    """:func:`get_recipe_cost` for every recipe, by name, in a fixed number of statements.
    Archived recipes only with ``include_archived`` (docs/product.md §6.20)."""
    stmt = select(Recipe).where(shown(Recipe, include_archived))
    return _recipe_costs(session, stmt.order_by(Recipe.name))


def _recipe_costs(session: Session, stmt: Select[Recipe]) -> list[RecipeCost]:
    loaded = stmt.options(
        selectinload(Recipe.lines).selectinload(RecipeLine.ingredient),
        selectinload(Recipe.lines).selectinload(RecipeLine.sub_recipe),
        selectinload(Recipe.items),
    )
    recipes = list(session.scalars(loaded))
    catalog = load_planning_catalog(session)
    prices = latest_unit_prices(session)
    # Every recipe's batch, sub-recipes rolled up (docs/product.md §6.12).
    batches = batch_costs(catalog.nodes, prices)
    names = {i.id: i.name for i in catalog.ingredients.values()}
    ingredient_ids = {
        line.ingredient_id for r in recipes for line in r.lines if line.ingredient_id is not None
    }
    lots = load_lot_balances(session, ingredient_ids)
    sub_ids = {use.sub_recipe_id for r in recipes for use in catalog.nodes[r.id].subs}
    prepared = load_prepared_lots(session, sub_ids)
    used_in: dict[int, list[str]] = defaultdict(list)
    for node in catalog.nodes.values():
        for use in node.subs:
            used_in[use.sub_recipe_id].append(node.name)
    return [
        _cost_of(recipe, prices, lots, prepared, batches, names, catalog, used_in[recipe.id])
        for recipe in recipes
    ]


def _cost_of(
    recipe: Recipe,
    prices: Mapping[int, UnitPrice],
    lots: Mapping[int, Sequence[LotBalance]],
    prepared: Mapping[int, Sequence[LotBalance]],
    batches: Mapping[int, Estimate],
    names: Mapping[int, str],
    catalog: PlanningCatalog,
    used_in: Sequence[str],
) -> RecipeCost:
    lines = []
    sub_lines = []
    shares = iter(catalog.nodes[recipe.id].subs)
    for line in recipe.lines:
        ingredient = line.ingredient
        if ingredient is None:
            sub = line.sub_recipe
            assert sub is not None
            share = next(shares).share
            sub_lines.append(
                SubRecipeCostLine(
                    sub_recipe_id=sub.id,
                    sub_recipe=sub.name,
                    quantity=line.quantity,
                    unit=line.unit,
                    share_of_batch=quantize_quantity(
                        Decimal(share.numerator) / Decimal(share.denominator)
                    ),
                    stock_quantity=_stock(share, catalog.yields.get(sub.id)),
                    stock_unit=stock_unit(catalog.yields.get(sub.id)),
                    cost=share_cost(batches[sub.id], share).named(names),
                )
            )
            continue
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
    per_batch = batches[recipe.id].named(names)
    per_item = tuple(
        ItemCost(item.id, item.name, item.items_per_batch, per_batch.per(item.items_per_batch))
        for item in sorted(recipe.items, key=lambda i: i.name.lower())
    )
    return RecipeCost(
        recipe.id,
        recipe.name,
        tuple(lines),
        per_batch,
        per_item,
        _dry_run(lines, sub_lines, lots, prepared),
        tuple(sub_lines),
        tuple(sorted(used_in, key=str.lower)),
    )


def _stock(share: Fraction, batch_yield: Yield | None) -> Decimal:
    amount = stock_of_batches(share, batch_yield)
    return quantize_quantity(Decimal(amount.numerator) / Decimal(amount.denominator))


def _dry_run(
    lines: Sequence[RecipeCostLine],
    sub_lines: Sequence[SubRecipeCostLine],
    lots: Mapping[int, Sequence[LotBalance]],
    prepared: Mapping[int, Sequence[LotBalance]],
) -> PantryCost:
    requests = [
        StockRequest(
            line.ingredient_id, line.ingredient, line.canonical_unit, line.canonical_quantity
        )
        for line in lines
    ]
    subs = [
        StockRequest(line.sub_recipe_id, line.sub_recipe, line.stock_unit, line.stock_quantity)
        for line in sub_lines
    ]
    try:
        plans = plan_all(requests, lots)
    except InsufficientStock as short:
        return PantryCost(None, tuple(short.shortages))
    try:
        plans += plan_all(subs, prepared, prepared_order_key)
    except InsufficientStock as short:
        return PantryCost(None, tuple(short.shortages))
    return PantryCost(sum((plan.cost for plan in plans), ZERO))
