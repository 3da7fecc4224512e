"""A recipe scaled to N batches, for reading and printing (docs/product.md §6.18)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bakehouse.domain.inputs import MAX_BATCHES
from bakehouse.domain.recipe_card import kitchen_amount, scale
from bakehouse.errors import NotFound
from bakehouse.models import Recipe, RecipeLine
from bakehouse.services.core.checks import count_input

__all__ = ["CardItem", "CardLine", "RecipeCard", "recipe_card"]


@dataclass(frozen=True)
class CardLine:
    """One line for ``batches`` batches: its amount (exact, and as written on a card)."""

    name: str
    quantity: Decimal
    amount: str
    unit: str
    note: str
    is_recipe: bool


@dataclass(frozen=True)
class CardItem:
    name: str
    count: int


@dataclass(frozen=True)
class RecipeCard:
    recipe_id: int
    name: str
    batches: int
    lines: tuple[CardLine, ...]
    makes: tuple[CardItem, ...]
    yield_quantity: Decimal | None
    yield_unit: str | None
    instructions: str
    notes: str


def recipe_card(session: Session, recipe_id: int, batches: int = 1) -> RecipeCard:
    """The recipe's lines, items and yield times ``batches`` (1 to 100,000): five
    statements whatever its size (the recipe, its lines, their ingredients, their
    sub-recipes, its items)."""
    batches = count_input(batches, field="batches", maximum=MAX_BATCHES)
    recipe = session.scalar(
        select(Recipe)
        .where(Recipe.id == recipe_id)
        .options(
            selectinload(Recipe.lines).options(
                selectinload(RecipeLine.ingredient), selectinload(RecipeLine.sub_recipe)
            ),
            selectinload(Recipe.items),
        )
    )
    if recipe is None:
        raise NotFound("recipe", recipe_id)
    lines = []
    for line in recipe.lines:
        used = line.sub_recipe if line.sub_recipe is not None else line.ingredient
        assert used is not None  # a line uses an ingredient or a recipe (a CHECK)
        quantity = scale(line.quantity, batches)
        lines.append(
            CardLine(
                used.name,
                quantity,
                kitchen_amount(quantity, line.unit, batches=batches),
                line.unit,
                line.note,
                line.sub_recipe is not None,
            )
        )
    return RecipeCard(
        recipe.id,
        recipe.name,
        batches,
        tuple(lines),
        tuple(CardItem(item.name, item.items_per_batch * batches) for item in recipe.items),
        None if recipe.yield_quantity is None else scale(recipe.yield_quantity, batches),
        recipe.yield_unit,
        recipe.instructions,
        recipe.notes,
    )
