"""Read models of recipes: their lines and items, and what a recipe costs."""

from __future__ import annotations

from bakehouse.domain.recipe_text import Accepted, NeedsConfirmation, SectionHeading
from bakehouse.models import Recipe
from bakehouse.schemas.base import Exact, ReadModel
from bakehouse.services.recipes.paste import PasteReview, ReviewedLine


class RecipeLineRead(ReadModel):
    """An ingredient line, or a sub-recipe line (``sub_recipe_id``, ``sub_recipe``; unit
    ``batch`` for "N batches of"; docs/product.md §6.12)."""

    ingredient_id: int | None
    ingredient: str | None
    quantity: Exact
    unit: str
    note: str
    sub_recipe_id: int | None = None
    sub_recipe: str | None = None


class ItemRead(ReadModel):
    id: int
    recipe_id: int
    name: str
    slug: str
    items_per_batch: int
    notes: str
    #: What one baked piece weighs, in grams; null when not weighed (docs/product.md §6.8).
    baked_weight_g: Exact | None = None


class RecipeRead(ReadModel):
    id: int
    name: str
    slug: str
    instructions: str
    notes: str
    lines: list[RecipeLineRead]
    items: list[ItemRead]
    #: What one batch makes, when it is used as a sub-recipe (docs/product.md §6.12).
    yield_quantity: Exact | None = None
    yield_unit: str | None = None
    yield_density: Exact | None = None
    shelf_life_days: int | None = None

    @classmethod
    def of(cls, recipe: Recipe) -> RecipeRead:
        lines = [
            RecipeLineRead(
                ingredient_id=line.ingredient_id,
                ingredient=line.ingredient.name if line.ingredient is not None else None,
                quantity=line.quantity,
                unit=line.unit,
                note=line.note,
                sub_recipe_id=line.sub_recipe_id,
                sub_recipe=line.sub_recipe.name if line.sub_recipe is not None else None,
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
            yield_quantity=recipe.yield_quantity,
            yield_unit=recipe.yield_unit,
            yield_density=recipe.yield_density,
            shelf_life_days=recipe.shelf_life_days,
        )


class EstimateRead(ReadModel):
    """A cost at current prices (a recipe's batch or item, a package);
    ``unpriced_ingredients`` were never bought and are left out of ``total``."""

    total: Exact
    unpriced_ingredient_ids: list[int]
    unpriced_ingredients: list[str]
    is_complete: bool
    #: Ingredients priced from a list price: the total is an estimate (docs/product.md §6.17).
    estimated_ingredient_ids: list[int] = []
    is_estimate: bool = False


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


class SubRecipeCostLineRead(ReadModel):
    """A sub-recipe line: its share of one batch of the sub-recipe and what that costs."""

    sub_recipe_id: int
    sub_recipe: str
    quantity: Exact
    unit: str
    share_of_batch: Exact
    stock_quantity: Exact
    stock_unit: str
    cost: EstimateRead


class RecipeCostRead(ReadModel):
    """A batch's cost with sub-recipes rolled up (docs/product.md §6.12)."""

    recipe_id: int
    recipe: str
    lines: list[RecipeCostLineRead]
    per_batch: EstimateRead
    per_item: list[ItemCostRead]
    from_pantry: PantryCostRead
    sub_lines: list[SubRecipeCostLineRead] = []
    used_in: list[str] = []


class SuggestionRead(ReadModel):
    ingredient_id: int
    name: str
    score: int


class StarterSuggestionRead(ReadModel):
    """A starter-catalog entry to create a new ingredient like; ``allergens`` only when it
    is exactly that entry (null otherwise: the baker's to state)."""

    name: str
    exact: bool
    measure: str
    density: Exact | None
    grams_per_each: Exact | None
    category: str
    allergens: list[str] | None


class PastedLineRead(ReadModel):
    """One pasted line as read and matched: ``status`` is exact or alias (accepted,
    ``ingredient_id`` set), confirm (``suggestions`` to choose from) or new; ``problem``
    says what to fix before it can be saved (docs/product.md §6.9)."""

    line: int
    text: str
    heading: str | None = None
    quantity: Exact | None = None
    unit: str | None = None
    ingredient: str = ""
    note: str = ""
    problem: dict[str, str] | None = None
    status: str | None = None
    ingredient_id: int | None = None
    suggestions: list[SuggestionRead] = []
    starter: StarterSuggestionRead | None = None


class PasteReviewRead(ReadModel):
    lines: list[PastedLineRead]

    @classmethod
    def of(cls, review: PasteReview) -> PasteReviewRead:
        return cls(lines=[_pasted_line(item) for item in review.lines])


def _pasted_line(item: ReviewedLine | SectionHeading) -> PastedLineRead:
    if not isinstance(item, ReviewedLine):
        return PastedLineRead(line=item.number, text=item.text, heading=item.title)
    line, match = item.line, item.match
    problem = None
    if line.problem is not None:
        problem = {"field": line.problem.field, "message": line.problem.message}
    row = PastedLineRead(
        line=line.number, text=line.text, quantity=line.quantity, unit=line.unit,
        ingredient=line.ingredient, note=line.note, problem=problem,
    )  # fmt: skip
    if isinstance(match, Accepted):
        row.status, row.ingredient_id = match.how, match.ingredient_id
        return row
    row.status = "confirm" if isinstance(match, NeedsConfirmation) else "new"
    suggestions = match.suggestions if isinstance(match, NeedsConfirmation) else ()
    row.suggestions = [SuggestionRead.model_validate(s) for s in suggestions]
    starter = match.starter_suggestion
    row.starter = None if starter is None else StarterSuggestionRead.model_validate(starter)
    return row


class RecipeCardLineRead(ReadModel):
    name: str
    quantity: Exact
    amount: str
    unit: str
    note: str
    is_recipe: bool


class RecipeCardItemRead(ReadModel):
    name: str
    count: int


class RecipeCardRead(ReadModel):
    """A recipe for ``batches`` batches: exact quantities, and ``amount`` as written on a
    card ("2 ¼"; docs/product.md §6.18)."""

    recipe_id: int
    name: str
    batches: int
    lines: list[RecipeCardLineRead]
    makes: list[RecipeCardItemRead]
    yield_quantity: Exact | None
    yield_unit: str | None
    instructions: str
    notes: str
