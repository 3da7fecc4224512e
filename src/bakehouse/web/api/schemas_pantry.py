"""Request bodies of the pantry API: purchases, opening stock and adjustments.

What the API answers is in :mod:`bakehouse.schemas.pantry`.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field

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
