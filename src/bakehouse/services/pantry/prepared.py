"""Prepared stock: the lots sub-recipe bakes make and parent bakes draw (docs/product.md
§6.12).

A bake of a sub-recipe makes one lot of it (its stock unit: the yield's unit, or batches)
worth what the bake cost, received the day it was baked and good through that day plus
the recipe's shelf life. A parent bake draws its sub-recipe lines from those lots on the
same append-only ledger, earliest best-before first, then FIFO, all or nothing.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.fifo import LotBalance, StockRequest, prepared_order_key
from bakehouse.domain.kinds import LotOrigin, MovementKind
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.domain.subrecipes import (
    EventToBake,
    SubPlan,
    Yield,
    batch_share_of_stock,
    share_of_batch,
    still_to_make,
    stock_of_batches,
    stock_unit,
)
from bakehouse.errors import Conflict
from bakehouse.models import Lot, ProductionRecord, Recipe, StockMovement
from bakehouse.services.catalog.graph import PlanningCatalog
from bakehouse.services.pantry.ledger import append_movement, reverse_movements
from bakehouse.services.pantry.views import LotView


@dataclass(frozen=True)
class SubRecipeNeed:
    """What a parent bake draws of one sub-recipe, in its stock unit."""

    recipe_id: int
    name: str
    unit: str
    quantity: Decimal
    batch_yield: Yield | None

    def request(self) -> StockRequest:
        # Prepared stock is keyed by recipe id in the same request type as ingredients.
        return StockRequest(self.recipe_id, self.name, self.unit, self.quantity)

    def batches_for(self, missing: Decimal) -> int:
        """Whole batches of it that make at least ``missing`` of its stock unit."""
        per_batch = self.batch_yield.quantity if self.batch_yield else Decimal(1)
        return math.ceil(missing / per_batch)


def yield_of(recipe: Recipe) -> Yield | None:
    if recipe.yield_quantity is None or recipe.yield_unit is None:
        return None
    return Yield(recipe.yield_quantity, recipe.yield_unit, recipe.yield_density)


def sub_recipe_needs(
    rows: Sequence[tuple[Decimal, str, Recipe]], batches: int
) -> list[SubRecipeNeed]:
    """What ``batches`` of a recipe draw of each sub-recipe, in its stock unit, from its
    sub-recipe lines (``quantity``, ``unit``, sub-recipe)."""
    totals: dict[int, Decimal] = defaultdict(Decimal)
    subs: dict[int, Recipe] = {}
    for quantity, unit, sub in rows:
        batch_yield = yield_of(sub)
        share = share_of_batch(quantity, unit, sub.name, batch_yield)
        amount = stock_of_batches(share * batches, batch_yield)
        totals[sub.id] += Decimal(amount.numerator) / Decimal(amount.denominator)
        subs[sub.id] = sub
    return [
        SubRecipeNeed(
            sub.id,
            sub.name,
            stock_unit(yield_of(sub)),
            quantize_quantity(totals[sub.id]),
            yield_of(sub),
        )
        for sub in subs.values()
    ]


def load_prepared_lots(
    session: Session, recipe_ids: Collection[int], *, lock: bool = False
) -> dict[int, list[LotBalance]]:
    """Every prepared lot with stock left of the given recipes, in draw order (earliest
    best-before, then FIFO), in one statement; locked in id order with ``lock``. Prepared
    lots are few (a season's batches of frosting), so all of them are read."""
    if not recipe_ids:
        return {}
    stmt = (
        select(Lot)
        .where(Lot.recipe_id.in_(sorted(recipe_ids)), Lot.quantity_remaining > 0)
        .order_by(Lot.id)
    )
    if lock:
        stmt = stmt.with_for_update()
    by_recipe: dict[int, list[LotBalance]] = defaultdict(list)
    for lot in session.scalars(stmt):
        assert lot.recipe_id is not None
        by_recipe[lot.recipe_id].append(
            LotBalance(
                lot.id,
                lot.received_on,
                lot.initial_quantity,
                lot.cost,
                lot.quantity_remaining,
                lot.value_remaining,
                lot.best_before,
                lot.priced,
            )
        )
    for lots in by_recipe.values():
        lots.sort(key=prepared_order_key)
    return dict(by_recipe)


def make_prepared_lot(
    session: Session,
    record: ProductionRecord,
    recipe: Recipe,
    *,
    quantity: Decimal,
    produced_at: datetime,
) -> Lot:
    """The prepared-stock lot of a sub-recipe bake: ``quantity`` in its stock unit, worth
    the bake's actual cost, good through the bake day + the recipe's shelf life."""
    received = produced_at.date()
    best_before = (
        received + timedelta(days=recipe.shelf_life_days)
        if recipe.shelf_life_days is not None
        else None
    )
    lot = Lot(
        recipe_id=recipe.id,
        production_record_id=record.id,
        received_on=received,
        initial_quantity=quantity,
        cost=record.actual_cost,
        quantity_remaining=ZERO,
        value_remaining=ZERO,
        best_before=best_before,
        notes=f"made by bake {record.id}",
        origin=LotOrigin.PREPARED,
        # Made from stock whose cost is not known: its own cost is not known either.
        priced=not record.cost_incomplete,
    )
    session.add(lot)
    session.flush()
    append_movement(
        session,
        lot,
        kind=MovementKind.PREPARED,
        quantity=quantity,
        value=record.actual_cost,
        production_record_id=record.id,
        occurred_at=produced_at,
    )
    session.flush()
    return lot


def take_back_prepared_lot(session: Session, record: ProductionRecord, note: str) -> None:
    """Reversing a sub-recipe bake: its lot is emptied by a reversal of the movement that
    made it. Refused (:class:`Conflict`) when some of the lot was drawn by bakes that still
    stand (naming them) or written off."""
    lot = session.scalars(
        select(Lot).where(Lot.production_record_id == record.id).with_for_update()
    ).one_or_none()
    if lot is None:
        return
    if lot.quantity_remaining != lot.initial_quantity:
        users = session.execute(
            select(ProductionRecord.id, Recipe.name)
            .join(StockMovement, StockMovement.production_record_id == ProductionRecord.id)
            .join(Recipe, Recipe.id == ProductionRecord.recipe_id)
            .where(
                StockMovement.lot_id == lot.id,
                StockMovement.kind == MovementKind.PRODUCTION,
                ProductionRecord.reversed_at.is_(None),
            )
            .distinct()
            .order_by(ProductionRecord.id)
        ).all()
        if users:
            named = ", ".join(f"bake {bake_id} ({name})" for bake_id, name in users)
            raise Conflict(
                f"cannot reverse this bake: its prepared stock was drawn by {named}; "
                "reverse those first"
            )
        raise Conflict(
            "cannot reverse this bake: some of its prepared stock was written off or adjusted"
        )
    made = session.scalars(
        select(StockMovement).where(
            StockMovement.lot_id == lot.id, StockMovement.kind == MovementKind.PREPARED
        )
    ).one()
    reverse_movements(session, [made], note=note, production_record_id=record.id)


def prepared_on_hand(session: Session) -> dict[int, Decimal]:
    """Prepared stock on hand per recipe, in its stock unit: one statement."""
    rows = session.execute(
        select(Lot.recipe_id, func.sum(Lot.quantity_remaining))
        .where(Lot.recipe_id.is_not(None), Lot.quantity_remaining > 0)
        .group_by(Lot.recipe_id)
    )
    return {recipe_id: quantity for recipe_id, quantity in rows if recipe_id is not None}


@dataclass(frozen=True)
class PreparedLotView:
    """One lot of prepared stock as the pantry shows it."""

    lot_id: int
    recipe_id: int
    recipe: str
    unit: str
    made_on: date
    best_before: date | None
    quantity: Decimal
    quantity_remaining: Decimal
    value_remaining: Decimal
    bake_id: int | None
    cost: Decimal = ZERO
    #: Days from today to the best-before date (negative once past); None without one.
    days_to_best_before: int | None = None

    def as_lot_view(self) -> LotView:
        """This lot as the pantry's lot pages show a lot (its write-off form)."""
        return LotView(
            lot_id=self.lot_id,
            ingredient_id=0,
            ingredient=f"{self.recipe} (prepared)",
            unit=self.unit,
            received_on=self.made_on,
            initial_quantity=self.quantity,
            quantity_remaining=self.quantity_remaining,
            cost=self.cost,
            value_remaining=self.value_remaining,
            best_before=self.best_before,
            days_to_best_before=self.days_to_best_before,
            location=None,
            product=f"made by bake {self.bake_id}" if self.bake_id else None,
            purchase_id=None,
            notes="",
        )


def list_prepared_stock(
    session: Session,
    *,
    on_hand_only: bool = True,
    lot_id: int | None = None,
    today: date | None = None,
) -> list[PreparedLotView]:
    """Prepared stock (or one lot of it), by recipe, earliest best-before first: one
    statement."""
    stmt = (
        select(Lot, Recipe)
        .join(Recipe, Recipe.id == Lot.recipe_id)
        .order_by(Recipe.name, Lot.best_before, Lot.received_on, Lot.id)
    )
    if on_hand_only:
        stmt = stmt.where(Lot.quantity_remaining > 0)
    if lot_id is not None:
        stmt = stmt.where(Lot.id == lot_id)
    day = today or date.today()
    return [
        PreparedLotView(
            lot.id,
            recipe.id,
            recipe.name,
            stock_unit(yield_of(recipe)),
            lot.received_on,
            lot.best_before,
            lot.initial_quantity,
            lot.quantity_remaining,
            lot.value_remaining,
            lot.production_record_id,
            lot.cost,
            (lot.best_before - day).days if lot.best_before is not None else None,
        )
        for lot, recipe in session.execute(stmt).all()
    ]


def shortfall_batches(
    needs: Sequence[SubRecipeNeed], lots: dict[int, list[LotBalance]]
) -> dict[int, int]:
    """Whole batches of each sub-recipe to make so the prepared stock covers ``needs``."""
    missing: dict[int, int] = {}
    for need in needs:
        held = sum((lot.quantity_remaining for lot in lots.get(need.recipe_id, ())), ZERO)
        if held < need.quantity:
            missing[need.recipe_id] = need.batches_for(need.quantity - held)
    return missing


def plan_sub_recipes(
    catalog: PlanningCatalog,
    events: Sequence[EventToBake],
    on_hand: Mapping[int, Decimal],
) -> dict[int, dict[int, SubPlan]]:
    """What each event (earliest first) still has to make of each sub-recipe, with the
    prepared stock ``on_hand`` (stock units) allocated once across them
    (docs/product.md §6.12). No statements."""
    if not catalog.sub_recipes:
        return {}
    batches = {
        recipe_id: batch_share_of_stock(quantity, catalog.yields.get(recipe_id))
        for recipe_id, quantity in on_hand.items()
    }
    return still_to_make(catalog.nodes, events, batches)
