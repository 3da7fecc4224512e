"""Paste an ingredient list into a recipe: read, reviewed line by line, saved in one go.

``GET /recipes/{id}/paste`` is the paste box; ``POST …/paste/review`` reads the paste and
draws one row per line with what it matched (nothing is saved); ``POST …/paste`` saves the
reviewed rows — new ingredients created and lines added in one transaction, or nothing
(docs/product.md §6.9, §6.18). Each row's inputs are named ``line-<n>-<field>``, ``n`` the
line's place among the paste's ingredient lines, so the paste (sent again as a hidden
field) and the rows always line up. Works without JavaScript.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError, field_validator
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.inputs import id_or_none
from bakehouse.domain.locale import current
from bakehouse.domain.recipe_text import Accepted, NeedsConfirmation
from bakehouse.errors import BakehouseError
from bakehouse.services import catalog
from bakehouse.services.recipes import paste, recipes
from bakehouse.services.recipes.paste import NewIngredientInput, PastedLineInput
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import GENERAL, FormData, Redraw, errors_from, run_form
from bakehouse.web.pages.form_fields import FormModel, OptionalDensity, Quantity, Text
from bakehouse.web.pages.line_rows import form_rows, row_errors

router = APIRouter(include_in_schema=False)

PASTE = "pages/recipe_paste.html"
NEW, SKIP = "new", "skip"
RENAMES = {"ingredient_id": "choice", "ingredient": "choice"}
MEASURES = ("mass", "volume", "count")
EXAMPLE = "2 1/4 cups all-purpose flour, sifted\n1 cup (2 sticks) butter, softened\n2 large eggs"


class PasteRow(FormModel):
    """One reviewed line: the ingredient chosen (an id, or ``new``) and its amount; a new
    ingredient's name, measure, density, grams per each, category and allergens."""

    choice: str
    quantity: Quantity
    unit: Text = ""
    note: Text = ""
    new_name: Text = ""
    new_measure: Text = ""
    new_density: OptionalDensity = None
    new_grams_per_each: OptionalDensity = None
    new_category: Text = ""
    new_allergens: Text = ""

    @field_validator("choice", mode="before")
    @classmethod
    def _chosen(cls, value: Any) -> Any:
        text = "" if value is None else str(value)
        if text != NEW and id_or_none(text) is None:
            raise ValueError("confirm which ingredient this is, or create a new one")
        return text

    @field_validator("unit", mode="after")
    @classmethod
    def _unit(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("enter a unit, like g, cup or each")
        return value

    def as_input(self) -> PastedLineInput:
        if self.choice != NEW:
            return PastedLineInput(self.quantity, self.unit, self.note, int(self.choice))
        allergens = tuple(a.strip() for a in self.new_allergens.split(",") if a.strip())
        new = NewIngredientInput(
            self.new_name,
            self.new_measure,
            self.new_density,
            self.new_grams_per_each,
            self.new_category or "other",
            allergens,
        )
        return PastedLineInput(self.quantity, self.unit, self.note, new_ingredient=new)


def plain(value: Decimal | None) -> str:
    return "" if value is None else format(value.normalize(), "f")


def _first_upper(name: str) -> str:
    return name[:1].upper() + name[1:]


def _row(index: int, reviewed: paste.ReviewedLine) -> dict[str, Any]:
    """A review row's starting values, from what the line read and matched."""
    line, match = reviewed.line, reviewed.match
    starter = None if isinstance(match, Accepted) else match.starter_suggestion
    status: str
    if isinstance(match, Accepted):
        choice, status = str(match.ingredient_id), match.how
    elif isinstance(match, NeedsConfirmation):
        choice, status = "", "confirm"
    else:
        choice, status = NEW, "new"
    count_line = line.quantity is not None and line.unit is None
    return {
        "index": index,
        "text": line.text,
        "status": status,
        "match": match,
        "problem": line.problem,
        "suggested": [s.ingredient_id for s in getattr(match, "suggestions", ())],
        "starter": starter,
        "choice": choice,
        "quantity": plain(line.quantity),
        "unit": "each" if count_line else (line.unit or ""),
        "note": line.note,
        "new_name": _first_upper(line.ingredient),
        "new_measure": starter.measure.value if starter else ("count" if count_line else "mass"),
        "new_density": plain(starter.density) if starter else "",
        "new_grams_per_each": plain(starter.grams_per_each) if starter else "",
        "new_category": starter.category if starter else "other",
        "new_allergens": ", ".join(starter.allergens or ()) if starter else "",
    }


def _context(
    recipe_id: int, text: str, submitted: Mapping[int, Mapping[str, Any]] | None = None
) -> Any:
    def context(session: Session) -> dict[str, Any]:
        recipe = recipes.get_recipe(session, recipe_id)
        page: dict[str, Any] = {
            "section": "recipes", "recipe": recipe, "text": text, "example": EXAMPLE,
            "measures": MEASURES, "allergen_names": ALLERGENS, "items": [], "reviewed": False,
        }  # fmt: skip
        if not text.strip():
            return page
        try:
            review = paste.review_pasted_lines(session, text, locale=current().number_locale)
        except BakehouseError as error:
            return page | {"text_error": error.message}
        items: list[dict[str, Any]] = []
        index = 0
        for item in review.lines:
            if isinstance(item, paste.ReviewedLine):
                row = _row(index, item)
                overlay = (submitted or {}).get(index, {})
                row |= {k: v for k, v in overlay.items() if k not in ("index", "text")}
                items.append({"row": row})
                index += 1
            else:
                items.append({"heading": item.title})
        ingredients = catalog.list_ingredients(session)
        return page | {"items": items, "reviewed": True, "ingredients": ingredients}

    return context


@router.get("/recipes/{recipe_id}/paste")
def paste_page(request: Request, recipe_id: PathId, db: DB) -> Response:
    with db.transaction() as session:
        page = _context(recipe_id, "")(session)
        return render(request, PASTE, page | {"errors": {}})


@router.post("/recipes/{recipe_id}/paste/review")
def review_paste(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """Read the paste and draw the review; nothing is saved."""
    text = str(form.get("text") or "")
    with db.transaction() as session:
        page = _context(recipe_id, text)(session)
        errors = {"text": page["text_error"]} if "text_error" in page else {}
        if not text.strip():
            errors = {"text": "paste at least one ingredient line"}
        return render(request, PASTE, page | {"errors": errors}, 422 if errors else 200)


@router.post("/recipes/{recipe_id}/paste")
def save_paste(request: Request, recipe_id: PathId, db: DB, form: FormData) -> Response:
    """Create the new ingredients and add the reviewed lines, in one transaction."""
    text = str(form.get("text") or "")
    submitted = {int(row["index"]): row for row in form_rows(form)}
    rows: list[PastedLineInput] = []
    positions: list[int] = []
    errors: dict[str, str] = {}
    for index, row in submitted.items():
        if row.get("choice") == SKIP:
            continue
        values = {k: (None if v == "" else v) for k, v in row.items()}
        try:
            rows.append(PasteRow.model_validate(values).as_input())
            positions.append(index)
        except ValidationError as error:
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "choice"
                message = problem["msg"].removeprefix("Value error, ")
                errors.setdefault(f"line-{index}-{name}", message)

    def messages(error: BakehouseError) -> dict[str, str]:
        if error.field == "text":
            return errors_from(error)
        return row_errors(error, positions, RENAMES)

    def action(session: Session, lines: list[PastedLineInput]) -> str:
        paste.add_pasted_lines(session, recipe_id, lines)
        return f"/recipes/{recipe_id}?done=saved#lines"

    redraw = Redraw(PASTE, _context(recipe_id, text, submitted), messages=messages)
    if not errors and not rows:
        errors[GENERAL] = "every line is skipped; keep at least one, or go back to the recipe"
    return run_form(request, db, None if errors else rows, errors, action, redraw)
