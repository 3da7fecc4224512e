"""JSON API for recipes, their ingredient lines, the items they yield, and their cost.

Bundles and packages (:mod:`bakehouse.web.api.packaging`) are served by this router too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request

from bakehouse.config import Settings
from bakehouse.domain.inputs import MAX_ID
from bakehouse.io.recipe_sources import SourceReading, read_recipe_bytes
from bakehouse.schemas.recipe_import import ImportResultRead, ImportReviewRead
from bakehouse.schemas.recipes import (
    ItemRead,
    PasteReviewRead,
    RecipeCardRead,
    RecipeCostRead,
    RecipeRead,
)
from bakehouse.services.recipes import card, importing, paste, recipes
from bakehouse.services.recipes import costing as recipe_costing
from bakehouse.web.api import packaging
from bakehouse.web.api.schemas_fields import Batches, Deleted, PathId
from bakehouse.web.api.schemas_recipes import (
    ImportSave,
    ImportSourceIn,
    ItemCreate,
    ItemUpdate,
    PastedLinesAdd,
    PasteText,
    RecipeCreate,
    RecipeLinesReplace,
    RecipeUpdate,
)
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB
from bakehouse.web.listings import RECIPES, RecipesQuery
from bakehouse.web.pagination import Page, Paging, paginate

router = APIRouter(tags=["recipes"], route_class=StrictJsonRoute)
router.include_router(packaging.router)

RecipeFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="items of one recipe")]


@router.get("/recipes", response_model=Page[RecipeRead])
def list_recipes(db: DB, query: RecipesQuery) -> dict[str, object]:
    """Recipes by name (or newest first), with their lines and items; ``q`` finds words in
    the name or notes."""
    with db.transaction() as session:
        rows = [RecipeRead.of(recipe) for recipe in recipes.list_recipes(session)]
    return RECIPES.apply(rows, query).api_page()


@router.post("/recipes", response_model=RecipeRead, status_code=201)
def create_recipe(body: RecipeCreate, db: DB) -> RecipeRead:
    """Create a recipe; a line whose unit the ingredient cannot be measured in is refused."""
    with db.transaction() as session:
        recipe = recipes.create_recipe(
            session,
            name=body.name,
            instructions=body.instructions,
            notes=body.notes,
            lines=[line.as_input() for line in body.lines],
            batch_yield=body.yield_input(),
        )
        return RecipeRead.of(recipe)


@router.get("/recipes/{recipe_id}", response_model=RecipeRead)
def get_recipe(recipe_id: PathId, db: DB) -> RecipeRead:
    with db.transaction() as session:
        return RecipeRead.of(recipes.get_recipe(session, recipe_id))


@router.patch("/recipes/{recipe_id}", response_model=RecipeRead)
def update_recipe(recipe_id: PathId, body: RecipeUpdate, db: DB) -> RecipeRead:
    with db.transaction() as session:
        changes = body.model_dump(exclude_none=True, include={"name", "instructions", "notes"})
        recipe = recipes.update_recipe(
            session, recipe_id, **changes, batch_yield=body.yield_input()
        )
        return RecipeRead.of(recipe)


@router.put("/recipes/{recipe_id}/lines", response_model=RecipeRead)
def replace_recipe_lines(recipe_id: PathId, body: RecipeLinesReplace, db: DB) -> RecipeRead:
    """Replace every ingredient line (the error's ``field`` names a bad line: lines[2].unit)."""
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        return RecipeRead.of(recipes.set_recipe_lines(session, recipe_id, lines))


@router.delete("/recipes/{recipe_id}", response_model=Deleted)
def delete_recipe(recipe_id: PathId, db: DB) -> Deleted:
    """Delete a recipe and its items; refused (409) while packages or bakes use it."""
    with db.transaction() as session:
        recipes.delete_recipe(session, recipe_id)
    return Deleted(kind="recipe", id=recipe_id)


@router.get("/recipes/{recipe_id}/cost", response_model=RecipeCostRead)
def get_recipe_cost(recipe_id: PathId, db: DB) -> RecipeCostRead:
    """Cost of a batch and of each item at current prices, and from the pantry now."""
    with db.transaction() as session:
        return RecipeCostRead.model_validate(recipe_costing.get_recipe_cost(session, recipe_id))


@router.post("/recipes/import/review", response_model=ImportReviewRead)
def review_recipe_import(body: ImportSourceIn, request: Request, db: DB) -> ImportReviewRead:
    """Read recipes from a page, a URL or another app's export and match every ingredient
    line; nothing is saved. A URL is fetched now, only from public addresses
    (docs/product.md §6.22)."""
    reading = _reading(body, request)
    with db.transaction() as session:
        return ImportReviewRead.of(importing.review_import(session, reading))


@router.post("/recipes/import", response_model=ImportResultRead, status_code=201)
def save_recipe_import(body: ImportSave, request: Request, db: DB) -> ImportResultRead:
    """Read the source again and save its recipes with the fix-ups given, in one
    transaction; anything unplaced refuses the import (its ``field`` names it:
    recipes[2].lines[4]) unless ``accept_unplaced``."""
    reading = _reading(body, request)
    decisions = {recipe.index: recipe.as_decision() for recipe in body.recipes}
    with db.transaction() as session:
        review = importing.review_import(session, reading)
        saved = importing.save_import(
            session, review, decisions, accept_unplaced=body.accept_unplaced
        )
        return ImportResultRead.of(saved)


def _reading(body: ImportSourceIn, request: Request) -> SourceReading:
    settings: Settings = request.app.state.settings
    if body.url is not None:
        return importing.read_source_url(
            body.url, allow_loopback=settings.recipe_fetch_allow_loopback
        )
    return read_recipe_bytes(body.content(), name=body.file_name)


@router.post("/recipes/{recipe_id}/paste/review", response_model=PasteReviewRead)
def review_pasted_lines(recipe_id: PathId, body: PasteText, db: DB) -> PasteReviewRead:
    """Read a pasted ingredient list and match each name; nothing is saved. Only an exact
    name is accepted: a close one comes back as ``confirm`` (docs/product.md §6.9)."""
    with db.transaction() as session:
        recipes.get_recipe(session, recipe_id)
        return PasteReviewRead.of(paste.review_pasted_lines(session, body.text))


@router.post("/recipes/{recipe_id}/paste", response_model=RecipeRead)
def add_pasted_lines(recipe_id: PathId, body: PastedLinesAdd, db: DB) -> RecipeRead:
    """Add reviewed lines after the recipe's own, creating their new ingredients: all in one
    transaction (the error's ``field`` names a line: lines[1].new_name)."""
    with db.transaction() as session:
        lines = [line.as_input() for line in body.lines]
        return RecipeRead.of(paste.add_pasted_lines(session, recipe_id, lines))


@router.get("/recipes/{recipe_id}/card", response_model=RecipeCardRead)
def get_recipe_card(recipe_id: PathId, db: DB, batches: Batches = 1) -> RecipeCardRead:
    """The recipe for ``batches`` whole batches (docs/product.md §6.18)."""
    with db.transaction() as session:
        return RecipeCardRead.model_validate(card.recipe_card(session, recipe_id, batches))


@router.get("/items", response_model=Page[ItemRead])
def list_items(db: DB, paging: Paging, recipe_id: RecipeFilter = None) -> dict[str, object]:
    """Items by name (of one recipe, or all)."""
    with db.transaction() as session:
        found = recipes.list_items(session, recipe_id=recipe_id)
        rows = [ItemRead.model_validate(item) for item in found]
    return paginate(rows, paging)


@router.post("/items", response_model=ItemRead, status_code=201)
def create_item(body: ItemCreate, db: DB) -> ItemRead:
    """Add an item a recipe yields, with how many one batch makes."""
    with db.transaction() as session:
        return ItemRead.model_validate(recipes.create_item(session, **body.model_dump()))


@router.get("/items/{item_id}", response_model=ItemRead)
def get_item(item_id: PathId, db: DB) -> ItemRead:
    with db.transaction() as session:
        return ItemRead.model_validate(recipes.get_item(session, item_id))


@router.patch("/items/{item_id}", response_model=ItemRead)
def update_item(item_id: PathId, body: ItemUpdate, db: DB) -> ItemRead:
    with db.transaction() as session:
        # null clears the baked weight; the other fields are left as they are when null
        changes = body.model_dump(exclude_unset=True)
        return ItemRead.model_validate(recipes.update_item(session, item_id, **changes))


@router.delete("/items/{item_id}", response_model=Deleted)
def delete_item(item_id: PathId, db: DB) -> Deleted:
    """Delete an item; refused (409) while a bundle or package holds it."""
    with db.transaction() as session:
        recipes.delete_item(session, item_id)
    return Deleted(kind="item", id=item_id)
