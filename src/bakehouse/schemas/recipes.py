"""Read models of recipes: their lines and items, and what a recipe costs."""

from __future__ import annotations

from bakehouse.models import Recipe
from bakehouse.schemas.base import Exact, ReadModel


class RecipeLineRead(ReadModel):
    ingredient_id: int
    ingredient: str
    quantity: Exact
    unit: str
    note: str


class ItemRead(ReadModel):
    id: int
    recipe_id: int
    name: str
    slug: str
    items_per_batch: int
    notes: str


class RecipeRead(ReadModel):
    id: int
    name: str
    slug: str
    instructions: str
    notes: str
    lines: list[RecipeLineRead]
    items: list[ItemRead]

    @classmethod
    def of(cls, recipe: Recipe) -> RecipeRead:
        lines = [
            RecipeLineRead(
                ingredient_id=line.ingredient_id,
                ingredient=line.ingredient.name,
                quantity=line.quantity,
                unit=line.unit,
                note=line.note,
            )
            for line in recipe.lines
        ]
        items = [ItemRead.model_validate(item) for item in recipe.items]
        return cls(
            id=recipe.id,
            name=recipe.name,
            slug=recipe.slug,
            instructions=recipe.instructions,
            notes=recipe.notes,
            lines=lines,
            items=items,
        )


class EstimateRead(ReadModel):
    """A cost at current prices (a recipe's batch or item, a package);
    ``unpriced_ingredients`` were never bought and are left out of ``total``."""

    total: Exact
    unpriced_ingredient_ids: list[int]
    unpriced_ingredients: list[str]
    is_complete: bool


class RecipeCostLineRead(ReadModel):
    ingredient_id: int
    ingredient: str
    quantity: Exact
    unit: str
    canonical_quantity: Exact
    canonical_unit: str
    unit_price: Exact | None
    cost: Exact | None
    unpriced: bool


class ItemCostRead(ReadModel):
    item_id: int
    item: str
    items_per_batch: int
    cost: EstimateRead


class ShortageRead(ReadModel):
    ingredient_id: int
    ingredient: str
    unit: str
    needed: Exact
    available: Exact
    missing: Exact


class PantryCostRead(ReadModel):
    """One batch drawn FIFO from the pantry now, or what is missing for it."""

    cost: Exact | None
    shortages: list[ShortageRead]
    is_available: bool


class RecipeCostRead(ReadModel):
    recipe_id: int
    recipe: str
    lines: list[RecipeCostLineRead]
    per_batch: EstimateRead
    per_item: list[ItemCostRead]
    from_pantry: PantryCostRead
