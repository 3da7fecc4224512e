"""Request bodies of the pantry API: purchases, opening stock, adjustments, stock-takes.

What the API answers is in :mod:`bakehouse.schemas.pantry`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from pydantic import Field

from bakehouse.domain.inputs import MAX_CHOSEN, QUANTITY, TextLimit
from bakehouse.domain.kinds import AdjustmentReason
from bakehouse.web.api.schemas_fields import (
    InputModel,
    Money,
    Notes,
    Quantity,
    RecordId,
    ShortText,
    SignedQuantity,
    UnitName,
    exact,
    number_schema,
)

Place = ShortText
Day = Annotated[date, Field(ge=date(1900, 1, 1), le=date(2999, 12, 31))]


class PurchaseCreate(InputModel):
    """Whole (or part) packages of a product bought for a total price: one new lot."""

    product_id: RecordId
    purchased_on: Day
    packages: Quantity
    total_price: Money
    supplier: Place | None = None
    best_before: Day | None = None
    location: Place | None = None
    notes: Notes = ""


class OpeningStockCreate(InputModel):
    """Stock already in the pantry, in any unit the ingredient converts from, with a cost."""

    ingredient_id: RecordId
    quantity: Quantity
    unit: UnitName
    cost: Money
    received_on: Day
    best_before: Day | None = None
    location: Place | None = None
    notes: Notes = ""


class AdjustmentCreate(InputModel):
    """Remove (negative) or add (positive) stock of one lot; never below zero."""

    lot_id: RecordId
    quantity: SignedQuantity
    unit: UnitName | None = Field(default=None, description="defaults to the lot's unit")
    reason: AdjustmentReason
    note: Notes = ""


#: A count of zero or more (a stock-take may find none left).
CountedQuantity = Annotated[
    Decimal,
    exact(QUANTITY),
    Field(ge=Decimal(0)),
    number_schema(QUANTITY, 'a decimal number, e.g. "1.5" or "2 1/4"', ge=Decimal(0)),
]


class StockCountCreate(InputModel):
    """What is on hand of one ingredient now, in any unit it converts from."""

    ingredient_id: RecordId
    quantity: CountedQuantity
    unit: UnitName | None = Field(default=None, description="defaults to the ingredient's unit")


class StockTakeCreate(InputModel):
    """A count sheet: what is on hand of each ingredient now, with a reason
    (docs/product.md §6.14). All lines or none."""

    reason: Annotated[str, Field(min_length=1, max_length=TextLimit.NAME)]
    counted_on: Day | None = Field(default=None, description="defaults to today")
    counts: Annotated[list[StockCountCreate], Field(min_length=1, max_length=MAX_CHOSEN)]
