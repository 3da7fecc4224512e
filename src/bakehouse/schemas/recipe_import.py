"""What an import review and an import's result look like to the API and ``--json``
(docs/product.md §6.22)."""

from __future__ import annotations

from bakehouse.domain.recipe_text import Accepted, NeedsConfirmation
from bakehouse.schemas.base import Exact, ReadModel
from bakehouse.schemas.recipes import StarterSuggestionRead, SuggestionRead
from bakehouse.services.recipes.importing import (
    ImportResult,
    ImportReview,
    LinePlan,
    RecipePlan,
    Unplaced,
)


class ImportLineRead(ReadModel):
    """One ingredient line: as written, as read, its match and what saving does with it
    (``use`` a catalog ingredient, ``create`` one from the starter catalog, or
    ``unplaced``: ``reason`` says what to fix)."""

    index: int
    text: str
    quantity: Exact | None = None
    unit: str = ""
    ingredient: str = ""
    note: str = ""
    action: str
    reason: str = ""
    status: str
    ingredient_id: int | None = None
    ingredient_name: str | None = None
    suggestions: list[SuggestionRead] = []
    starter: StarterSuggestionRead | None = None


class ImportSectionRead(ReadModel):
    name: str | None
    #: The sub-recipe this section becomes ("N batches of"), when offered.
    sub_recipe_name: str | None
    lines: list[ImportLineRead]


class ImportRecipeRead(ReadModel):
    index: int
    name: str
    name_taken: bool
    yield_text: str
    items_per_batch: int | None
    source_url: str | None
    source_format: str
    source_app: str | None
    source_app_version: str | None
    instructions: str
    notes: str
    sections: list[ImportSectionRead]


class UnplacedRead(ReadModel):
    recipe: int
    recipe_name: str
    field: str
    text: str
    reason: str


class SkippedRead(ReadModel):
    location: str
    reason: str


class ImportReviewRead(ReadModel):
    """Every recipe read, and everything the import cannot place as it stands, with why."""

    recipes: list[ImportRecipeRead]
    unplaced: list[UnplacedRead]
    skipped: list[SkippedRead]

    @classmethod
    def of(cls, review: ImportReview) -> ImportReviewRead:
        return cls(
            recipes=[_recipe(plan) for plan in review.recipes],
            unplaced=[_unplaced(item) for item in review.unplaced],
            skipped=[SkippedRead(location=p.location, reason=p.reason) for p in review.skipped],
        )


class SavedRecipeRead(ReadModel):
    id: int
    name: str
    slug: str
    lines: int


class SavedItemRead(ReadModel):
    id: int
    name: str
    recipe_id: int
    items_per_batch: int


class ImportResultRead(ReadModel):
    """What an import saved: recipes (sub-recipes first), items, new ingredients, and the
    lines and yields left out because the baker accepted leaving them out."""

    recipes: list[SavedRecipeRead]
    items: list[SavedItemRead]
    ingredients_created: int
    left_out: list[UnplacedRead]

    @classmethod
    def of(cls, result: ImportResult) -> ImportResultRead:
        return cls(
            recipes=[
                SavedRecipeRead(id=r.id, name=r.name, slug=r.slug, lines=len(r.lines))
                for r in result.recipes
            ],
            items=[
                SavedItemRead(
                    id=i.id, name=i.name, recipe_id=i.recipe_id, items_per_batch=i.items_per_batch
                )
                for i in result.items
            ],
            ingredients_created=result.ingredients_created,
            left_out=[_unplaced(item) for item in result.left_out],
        )


def _unplaced(item: Unplaced) -> UnplacedRead:
    return UnplacedRead(
        recipe=item.recipe,
        recipe_name=item.recipe_name,
        field=item.field,
        text=item.text,
        reason=item.reason,
    )


def _recipe(plan: RecipePlan) -> ImportRecipeRead:
    source = plan.source.source
    return ImportRecipeRead(
        index=plan.index,
        name=plan.name,
        name_taken=plan.name_taken,
        yield_text=plan.yield_text,
        items_per_batch=plan.items_per_batch,
        source_url=source.url,
        source_format=source.format.value,
        source_app=source.app,
        source_app_version=source.app_version,
        instructions=plan.instructions,
        notes=plan.notes,
        sections=[
            ImportSectionRead(
                name=section.name,
                sub_recipe_name=section.sub_recipe_name,
                lines=[_line(line) for line in section.lines],
            )
            for section in plan.sections
        ],
    )


def _line(plan: LinePlan) -> ImportLineRead:
    line, match = plan.line, plan.match
    row = ImportLineRead(
        index=plan.index, text=line.text, quantity=line.quantity, unit=plan.unit,
        ingredient=line.ingredient, note=line.note, action=plan.action, reason=plan.reason,
        status="new",
    )  # fmt: skip
    if isinstance(match, Accepted):
        row.status, row.ingredient_id, row.ingredient_name = (
            match.how,
            match.ingredient_id,
            match.name,
        )
        return row
    if isinstance(match, NeedsConfirmation):
        row.status = "confirm"
        row.suggestions = [SuggestionRead.model_validate(s) for s in match.suggestions]
    starter = match.starter_suggestion
    row.starter = None if starter is None else StarterSuggestionRead.model_validate(starter)
    return row
