"""JSON API for the pantry: purchases, opening stock, adjustments, stock-takes, lots and
on-hand."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bakehouse.domain.inputs import MAX_ID
from bakehouse.schemas.pantry import (
    LotRead,
    MovementRead,
    OnHandRead,
    PreparedLotRead,
    PurchaseRead,
    StockTakeRead,
    StockValueRead,
)
from bakehouse.services import pantry
from bakehouse.services.pantry import prepared
from bakehouse.services.pantry.counted import Count, take_stock
from bakehouse.web.api.schemas_pantry import (
    AdjustmentCreate,
    OpeningStockCreate,
    PurchaseCreate,
    StockTakeCreate,
)
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.listings import LOTS, LotsQuery
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["pantry"], route_class=StrictJsonRoute)

IngredientFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="one ingredient")]
IncludeEmpty = Annotated[bool, Query(description="also list what has run out")]


@router.post("/purchases", response_model=PurchaseRead, status_code=201)
def record_purchase(body: PurchaseCreate, db: DB) -> PurchaseRead:
    """Record a purchase; it creates one lot in the ingredient's unit, costing the price."""
    with db.transaction() as session:
        return PurchaseRead.of(pantry.record_purchase(session, **body.model_dump()))


@router.post("/opening-stock", response_model=LotRead, status_code=201)
def add_opening_stock(body: OpeningStockCreate, db: DB) -> LotRead:
    """Enter stock already in the pantry as a lot with a cost."""
    with db.transaction() as session:
        return LotRead.of_lot(pantry.add_opening_stock(session, **body.model_dump()))


@router.post("/adjustments", response_model=MovementRead, status_code=201)
def adjust_stock(body: AdjustmentCreate, db: DB) -> MovementRead:
    """Spoilage, a correction or a gift: one movement on one lot, never below zero."""
    with db.transaction() as session:
        return MovementRead.model_validate(pantry.adjust_stock(session, **body.model_dump()))


@router.post("/stock-takes", response_model=StockTakeRead, status_code=201)
def record_stock_take(body: StockTakeCreate, db: DB) -> StockTakeRead:
    """A count sheet: "I now have X" of each ingredient, with a reason, all or nothing.

    A shortfall is taken from the ingredient's lots in draw order (as the next bakes
    would take them) as ``stock_take`` adjustments; a surplus becomes a found-stock lot
    priced by the latest purchase (else unpriced), never a price itself
    (docs/product.md §6.14). Quantities in the exact grammar, in ``unit`` (default: the
    ingredient's unit).
    """
    counts = [Count(c.ingredient_id, c.quantity, c.unit) for c in body.counts]
    with db.transaction() as session:
        taken = take_stock(session, counts, reason=body.reason, counted_on=body.counted_on)
        return StockTakeRead.model_validate(taken)


@router.get("/lots", response_model=Page[LotRead])
def list_lots(
    db: DB,
    query: LotsQuery,
    ingredient_id: IngredientFilter = None,
    include_empty: IncludeEmpty = False,
) -> dict[str, object]:
    """Lots by ingredient, each ingredient's in FIFO order (the next to be used first), or
    by received day, best-before or value left; ``q`` finds words in the ingredient,
    product or notes."""
    with db.transaction() as session:
        lots = pantry.list_lots(session, ingredient_id=ingredient_id, include_empty=include_empty)
        rows = [LotRead.model_validate(lot) for lot in lots]
    return LOTS.apply(rows, query).api_page()


@router.get("/on-hand", response_model=Page[OnHandRead])
def list_on_hand(db: DB, paging: Paging, include_empty: IncludeEmpty = False) -> dict[str, object]:
    """Stock and its value per ingredient."""
    with db.transaction() as session:
        stock = pantry.get_on_hand(session, include_empty=include_empty)
        rows = [OnHandRead.model_validate(row) for row in stock]
    return paginate(rows, paging)


@router.get("/pantry/prepared", response_model=Page[PreparedLotRead])
def list_prepared_stock(
    db: DB, paging: Paging, include_empty: IncludeEmpty = False
) -> dict[str, object]:
    """Prepared stock of sub-recipes (frosting, dough), by recipe, earliest best-before
    first: the order bakes draw it in. Write it off with ``POST /api/adjustments``."""
    with db.transaction() as session:
        lots = prepared.list_prepared_stock(session, on_hand_only=not include_empty)
        rows = [PreparedLotRead.model_validate(lot) for lot in lots]
    return paginate(rows, paging)


@router.get("/pantry/value", response_model=StockValueRead)
def get_stock_value(db: DB) -> StockValueRead:
    with db.transaction() as session:
        return StockValueRead(value=pantry.stock_value(session))
