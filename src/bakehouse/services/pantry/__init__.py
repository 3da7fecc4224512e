"""The pantry: lots from purchases and opening stock, adjustments, FIFO draws and the ledger.

One import path for the pantry's use cases; they live in :mod:`.stock` (purchases, opening
stock, adjustments), :mod:`.draws` (FIFO estimates and draws) and :mod:`.views` (lots, on-hand
stock, stock value). :mod:`.ledger` is the only code that writes stock movements.
"""

from __future__ import annotations

from bakehouse.domain.fifo import IngredientDraw
from bakehouse.services.pantry.draws import (
    DrawEstimate,
    StockDraw,
    draw_stock,
    estimate_draw_cost,
    stock_request,
)
from bakehouse.services.pantry.stock import add_opening_stock, adjust_stock, record_purchase
from bakehouse.services.pantry.views import LotView, OnHand, get_on_hand, list_lots, stock_value

__all__ = [
    "DrawEstimate",
    "IngredientDraw",
    "LotView",
    "OnHand",
    "StockDraw",
    "add_opening_stock",
    "adjust_stock",
    "draw_stock",
    "estimate_draw_cost",
    "get_on_hand",
    "list_lots",
    "record_purchase",
    "stock_request",
    "stock_value",
]
