"""Read models of shopping from the list: ticks, aisles, what was bought
(docs/product.md §6.17)."""

from __future__ import annotations

from pydantic import Field

from bakehouse.schemas.base import Exact, ReadModel
from bakehouse.schemas.pantry import PurchaseRead


class TickRead(ReadModel):
    ingredient_id: int
    shortfall: Exact = Field(description="what the line asked for when it was ticked")
    ticked_by: str
    changed: bool = Field(description="the line asks for another quantity since")


class TicksRead(ReadModel):
    scope_key: str
    ticks: list[TickRead]


class TickResult(ReadModel):
    scope_key: str
    ingredient_id: int
    ticked: bool


class BoughtRead(ReadModel):
    scope_key: str
    purchases: list[PurchaseRead]


class AislesRead(ReadModel):
    aisles: list[str]
