"""Read models of planning: what an event needs, and the shopping list."""

from __future__ import annotations

from datetime import date

from bakehouse.schemas.base import Exact, ReadModel


class ItemNeedRead(ReadModel):
    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


class ItemUnitsRead(ReadModel):
    item_id: int
    item: str
    units: int


class RecipeNeedRead(ReadModel):
    recipe_id: int
    recipe: str
    items: list[ItemUnitsRead]
    batches: int


class IngredientNeedRead(ReadModel):
    """``quantity`` in the ingredient's canonical ``unit`` (g, ml or each)."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact


class EventNeedsRead(ReadModel):
    event_id: int
    event: str
    event_date: date
    items: list[ItemNeedRead]
    recipes: list[RecipeNeedRead]
    ingredients: list[IngredientNeedRead]


class ShoppingLineRead(ReadModel):
    """One ingredient: needed, on hand, short, and whole packages to buy.

    ``cost_note`` says why ``estimated_cost`` is null: "no product" or "no price".
    """

    ingredient_id: int
    ingredient: str
    unit: str
    needed: Exact
    on_hand: Exact
    shortfall: Exact
    product_id: int | None
    product: str | None
    package_size: Exact | None
    package_price: Exact | None
    packages_to_buy: int | None
    estimated_cost: Exact | None
    cost_note: str | None
    leftover_after_plan: Exact
    #: Priced from a list price, not a purchase: an estimate (docs/product.md §6.17).
    price_is_estimate: bool = False
    #: The ingredient's category: the aisle it is grouped under.
    category: str = "other"


class ExpiredLineRead(ReadModel):
    """Stock past its best-before by the event's date: not on hand; use or discard
    (docs/product.md §6.14)."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Exact
    since: date


class ShoppingListRead(ReadModel):
    scope: str
    event_ids: list[int]
    lines: list[ShoppingLineRead]
    estimated_total: Exact
    unpriced: list[str]
    unbuyable: list[str]
    is_complete: bool
    expired: list[ExpiredLineRead] = []
    #: The day stock must be good on to count as on hand (the first event's date).
    good_on: date | None = None
    #: Ingredients to buy priced from a list price: the bill is an estimate.
    estimated: list[str] = []
    #: The key the list's ticks are kept under: event:N, season:N or upcoming.
    scope_key: str = "upcoming"
