"""Recipe pages: the list with cost per batch, and one recipe with its lines editor,
costs (per batch, per item, what is unpriced, from the pantry now) and items.

Bundles and packages (:mod:`bakehouse.web.pages.packaging`) are served by this router too.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import Field, field_validator
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import (
    MAX_BATCHES,
    InputProblem,
    id_or_none,
    read_typed_count,
)
from bakehouse.domain.locale import current
from bakehouse.services import catalog
from bakehouse.services.core.archive import archive, unarchive
from bakehouse.services.recipes import card as recipe_cards
from bakehouse.services.recipes import costing as recipe_costing
from bakehouse.services.recipes import recipes
from bakehouse.services.recipes.costing import RecipeCostLine, SubRecipeCostLine
from bakehouse.services.recipes.recipes import RecipeLineInput, YieldInput
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.listings import RECIPES
from bakehouse.web.pages import packaging, recipe_import, recipe_paste
from bakehouse.web.pages.form_fields import (
    EmptyForm,
    FormModel,
    OptionalDensity,
    OptionalQuantity,
    PositiveCount,
    Quantity,
    Text,
    flash_for,
)
from bakehouse.web.pages.line_rows import (
    arrange,
    form_rows,
    parse_rows,
    save_rows,
    with_spares,
)

router = APIRouter(include_in_schema=False)
router.include_router(packaging.router)
router.include_router(recipe_paste.router)
router.include_router(recipe_import.router)

LIST = "pages/recipes.html"
RECIPE = "pages/recipe.html"
EDIT = "pages/recipe_edit.html"
ITEM = "pages/recipe_item.html"
CARD = "pages/recipe_card.html"
UNITS = ["g", "kg", "oz", "lb", "ml", "l", "tsp", "tbsp", "fl oz", "cup", "pint", "quart",
         "gallon", "each", "dozen", "batch"]  # fmt: skip
#: A sub-recipe in the lines editor's one drop-down: ``recipe-<id>`` (ingredients are ids).
SUB_RECIPE = "recipe-"
LINE_FIELDS = ("ingredient", "quantity", "unit")
LINE_RENAMES = {"ingredient_id": "ingredient"}


class RecipeForm(FormModel):
    name: Text
    instructions: Text = ""
    notes: Text = ""
    #: What one batch makes, when other recipes use it (docs/product.md §6.12).
    yield_quantity: OptionalQuantity = None
    yield_unit: Text = ""
    yield_density: OptionalDensity = None
    shelf_life_days: Text = ""

    def fields(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "instructions": self.instructions,
            "notes": self.notes,
            "batch_yield": YieldInput(
                self.yield_quantity, self.yield_unit, self.yield_density, self.shelf_life_days
            ),
        }


class ItemForm(FormModel):
    name: Text
    items_per_batch: PositiveCount
    notes: Text = ""
    baked_weight_g: OptionalQuantity = None


class LineRow(FormModel):
    """An ingredient (its id) or a sub-recipe (``recipe-<id>``) from the one drop-down."""

    ingredient: str
    quantity: Quantity
    unit: str = Field(default="", validate_default=True)
    note: Text = ""

    @field_validator("ingredient", mode="before")
    @classmethod
    def _chosen(cls, value: Any) -> Any:
        text = str(value) if value is not None else ""
        if id_or_none(text.removeprefix(SUB_RECIPE)) is None:
            raise ValueError("choose an ingredient or a recipe")
        return text

    @field_validator("unit", mode="before")
    @classmethod
    def _given(cls, value: Any) -> Any:
        if value is None or not str(value).strip():
            raise ValueError("enter a unit, like g or cup")
        return value

    def as_input(self) -> RecipeLineInput:
        if self.ingredient.startswith(SUB_RECIPE):
            sub_id = int(self.ingredient.removeprefix(SUB_RECIPE))
            return RecipeLineInput(None, self.quantity, self.unit, self.note, sub_id)
        return RecipeLineInput(int(self.ingredient), self.quantity, self.unit, self.note)


def plain(value: Decimal) -> str:
    """A quantity as typed back into a box: 2, 0.5 (no thousands separators)."""
    return format(value.normalize(), "f")


def _share_text(cost: RecipeCostLine | SubRecipeCostLine) -> str:
    """A sub-recipe line's share of a batch as a fraction: "1/8 of a batch"."""
    if not isinstance(cost, SubRecipeCostLine):
        return ""
    share = Fraction(cost.share_of_batch).limit_denominator(1000)
    if share < 1:
        return f"{share} of a batch"
    return "1 batch" if share == 1 else f"{share} batches"


def _list_context(
    session: Session, query: Mapping[str, str] | None = None, archived: bool = False
) -> dict[str, Any]:
    costs = recipe_costing.get_recipe_costs(session, include_archived=archived)
    archived_ids = recipes.archived_recipe_ids(session) if archived else set()
    return {
        "section": "recipes",
        "listed": RECIPES.apply(costs, RECIPES.query_from(query or {})),
        "show_archived": archived,
        "archived_ids": archived_ids,
    }


def _recipe_context(recipe_id: int) -> Any:
    def context(session: Session) -> dict[str, Any]:
        cost = recipe_costing.get_recipe_cost(session, recipe_id)
        recipe = recipes.get_recipe(session, recipe_id)
        ingredient_costs, sub_costs = iter(cost.lines), iter(cost.sub_lines)
        rows = []
        row_cost: RecipeCostLine | SubRecipeCostLine
        for line in recipe.lines:
            if line.sub_recipe_id is not None:
                chosen, row_cost = f"{SUB_RECIPE}{line.sub_recipe_id}", next(sub_costs)
            else:
                chosen, row_cost = str(line.ingredient_id), next(ingredient_costs)
            rows.append({"ingredient": chosen, "quantity": plain(line.quantity),
                         "unit": line.unit, "note": line.note, "cost": row_cost,
                         "share": _share_text(row_cost)})  # fmt: skip
        others = [r for r in recipes.list_recipe_choices(session) if r[0] != recipe_id]
        return {
            "section": "recipes", "recipe": recipe, "cost": cost, "units": UNITS,
            "ingredients": catalog.list_ingredients(session), "line_rows": with_spares(rows),
            "sub_recipes": others, "sub_prefix": SUB_RECIPE,
            "has_lines": bool(cost.lines or cost.sub_lines),
        }  # fmt: skip

    return context


def _edit_context(recipe_id: int) -> Any:
    def context(session: Session) -> dict[str, Any]:
        recipe = recipes.get_recipe(session, recipe_id)
        defaults = {name: getattr(recipe, name) for name in RecipeForm.model_fields}
        for name in ("yield_quantity", "yield_density"):
            defaults[name] = plain(defaults[name]) if defaults[name] is not None else ""
        defaults["yield_unit"] = defaults["yield_unit"] or ""
        if defaults["shelf_life_days"] is None:
            defaults["shelf_life_days"] = ""
        return {"section": "recipes", "recipe": recipe, "defaults": defaults, "units": UNITS}

    return context


def _item_context(item_id: int) -> Any:
    def context(session: Session) -> dict[str, Any]:
        item = recipes.get_item(session, item_id)
        defaults = {name: getattr(item, name) for name in ItemForm.model_fields}
        weight = defaults["baked_weight_g"]
        defaults["baked_weight_g"] = "" if weight is None else format(weight.normalize(), "f")
        return {"section": "recipes", "item": item, "defaults": defaults}

    return context


@router.get("/recipes")
def recipes_page(
    request: Request, db: DB, done: str | None = None, archived: bool = False
) -> Response:
    """Recipes with their costs, found, sorted and paged as asked (docs/product.md §6.19);
    the ones in use, or with ``?archived=true`` the archived ones too (§6.20)."""
    with db.transaction() as session:
        context = _list_context(session, request.query_params, archived)
        context |= {"flash": flash_for(done)}
        return render(request, LIST, context | {"errors": {}, "values": {}})


@router.post("/recipes")
def create_recipe(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: RecipeForm) -> str:
        recipe = recipes.create_recipe(session, **data.fields())
        return f"/recipes/{recipe.id}?done=created"

    return submit_form(request, db, form, RecipeForm, action, LIST, _list_context)


@router.get("/recipes/{recipe_id}")
def recipe_page(request: Request, recipe_id: PathId, db: DB, done: str | None = None) -> Response:
    with db.transaction() as session:
        context = _recipe_context(recipe_id)(session) | {"flash": flash_for(done)}
        return render(request, RECIPE, context | {"errors": {}, "values": {}})


@router.post("/recipes/{recipe_id}/lines")
def save_recipe_lines(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """Replace the recipe's lines with the rows kept; a bad row is shown next to it."""

    def action(session: Session, rows: list[LineRow]) -> str:
        recipes.set_recipe_lines(session, recipe_id, [row.as_input() for row in rows])
        return f"/recipes/{recipe_id}?done=saved#lines"

    parsed = parse_rows(form, LineRow, LINE_FIELDS, LINE_RENAMES)
    context = _recipe_context(recipe_id)
    return save_rows(request, db, parsed, action, LINE_RENAMES, RECIPE, context, form_rows(form))


@router.post("/recipes/{recipe_id}/lines/rows")
def arrange_recipe_rows(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """The lines editor again with more blank rows, or a row moved; nothing is saved
    (the editor's buttons without JavaScript, docs/product.md §6.18)."""
    rows = arrange(form_rows(form), str(form.get("move") or ""), more=bool(form.get("more")))
    with db.transaction() as session:
        context = _recipe_context(recipe_id)(session) | {"line_rows": rows, "editing": True}
        return render(request, RECIPE, context | {"errors": {}, "values": {}})


@router.get("/recipes/{recipe_id}/card")
def recipe_card_page(
    request: Request, recipe_id: PathId, db: DB, batches: str | None = None
) -> Response:
    """The recipe for N batches, to read or print (docs/product.md §6.18)."""
    typed = "1" if batches is None or not batches.strip() else batches
    errors: dict[str, str] = {}
    try:
        count = read_typed_count(typed, maximum=MAX_BATCHES, locale=current().number_locale)
    except InputProblem as problem:
        errors["batches"] = f"batches {problem.problem}"
        count = 1
    with db.transaction() as session:
        card = recipe_cards.recipe_card(session, recipe_id, count)
        page = {"section": "recipes", "card": card, "batches": typed, "errors": errors}
        return render(request, CARD, page, 422 if errors else 200)


@router.get("/recipes/{recipe_id}/edit")
def edit_recipe_page(request: Request, recipe_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        context = _edit_context(recipe_id)(session)
        return render(request, EDIT, context | {"errors": {}, "values": {}})


@router.post("/recipes/{recipe_id}/edit")
def update_recipe(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: RecipeForm) -> str:
        recipes.update_recipe(session, recipe_id, **data.fields())
        return f"/recipes/{recipe_id}?done=saved"

    return submit_form(request, db, form, RecipeForm, action, EDIT, _edit_context(recipe_id))


@router.post("/recipes/{recipe_id}/delete")
def delete_recipe(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        recipes.delete_recipe(session, recipe_id)
        return "/recipes?done=deleted"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _edit_context(recipe_id))


@router.post("/recipes/{recipe_id}/archive")
def archive_recipe(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """Hide a recipe from lists and pickers, its history kept (docs/product.md §6.20)."""

    def action(session: Session, _: EmptyForm) -> str:
        archive(session, "recipe", recipe_id)
        return f"/recipes/{recipe_id}?done=archived"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _edit_context(recipe_id))


@router.post("/recipes/{recipe_id}/unarchive")
def unarchive_recipe(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """Bring an archived recipe back to lists and pickers."""

    def action(session: Session, _: EmptyForm) -> str:
        unarchive(session, "recipe", recipe_id)
        return f"/recipes/{recipe_id}?done=unarchived"

    return submit_form(request, db, form, EmptyForm, action, EDIT, _edit_context(recipe_id))


@router.post("/recipes/{recipe_id}/items")
def create_item(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ItemForm) -> str:
        recipes.create_item(session, recipe_id=recipe_id, **data.model_dump())
        return f"/recipes/{recipe_id}?done=created#items"

    return submit_form(request, db, form, ItemForm, action, RECIPE, _recipe_context(recipe_id))


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        context = _item_context(item_id)(session)
        return render(request, ITEM, context | {"errors": {}, "values": {}})


@router.post("/items/{item_id}")
def update_item(request: Request, item_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: ItemForm) -> str:
        item = recipes.update_item(session, item_id, **data.model_dump())
        return f"/recipes/{item.recipe_id}?done=saved#items"

    return submit_form(request, db, form, ItemForm, action, ITEM, _item_context(item_id))


@router.post("/items/{item_id}/delete")
def delete_item(request: Request, item_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        recipe_id = recipes.get_item(session, item_id).recipe_id
        recipes.delete_item(session, item_id)
        return f"/recipes/{recipe_id}?done=deleted#items"

    return submit_form(request, db, form, EmptyForm, action, ITEM, _item_context(item_id))
