"""Import recipes: a file, a web address or a typed recipe, reviewed on one page, saved at once.

``GET /recipes/import`` asks for the source; ``POST /recipes/import/review`` reads it (a
URL is fetched now, only from public addresses) and draws one page listing every recipe,
every line with its match and what saving will create, the sub-recipes offered and the
items per batch, with the fix-ups inline and a summary of every line not placed and why;
``POST /recipes/import`` saves the whole page in one transaction, or nothing
(docs/product.md §6.22). What was read travels with the review as text-only JSON, so the
save neither re-reads the file nor fetches the page again. Works without JavaScript.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from pydantic import TypeAdapter, ValidationError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from bakehouse.config import Settings
from bakehouse.domain.allergens import ALLERGENS
from bakehouse.domain.inputs import MAX_IMPORT_FORM_FIELDS, id_or_none
from bakehouse.domain.recipe_text import Accepted, NeedsConfirmation
from bakehouse.errors import BakehouseError, InvalidInput, ValidationFailed
from bakehouse.io.recipe_sources import SourceReading, read_recipe_bytes
from bakehouse.services import catalog
from bakehouse.services.recipes import importing
from bakehouse.services.recipes.importing import LinePlan, RecipeDecision
from bakehouse.services.recipes.paste import PastedLineInput
from bakehouse.web.deps import DB, Database, render
from bakehouse.web.forms import GENERAL, Redraw, run_form
from bakehouse.web.pages.form_fields import PositiveCount
from bakehouse.web.pages.recipe_paste import MEASURES, NEW, SKIP, PasteRow, plain

router = APIRouter(include_in_schema=False)

TEMPLATE = "pages/recipe_import.html"
READING = TypeAdapter(SourceReading)
_COUNT = TypeAdapter(PositiveCount)
_LINE_INPUT = re.compile(r"^r-(\d+)-line-(\d+)-(\w+)$")
_RECIPE_INPUT = re.compile(r"^r-(\d+)-(\w+)$")
_PROBLEM = re.compile(r"^recipes\[(\d+)\](?:\.lines\[(\d+)\](?:\.(\w+))?|\.(\w+))?")
_LINE_FIELDS = {"ingredient": "choice", "new_name": "new_name", "new_measure": "new_measure",
                "new_density": "new_density", "quantity": "quantity", "unit": "unit",
                "note": "note", "new_allergens": "new_allergens"}  # fmt: skip


@router.get("/recipes/import")
def import_page(request: Request) -> Response:
    return render(request, TEMPLATE, {"section": "recipes", "reviewed": False, "errors": {}})


@router.post("/recipes/import/review")
async def review_import(request: Request, db: DB) -> Response:
    """Read the file, page or text and draw the review; nothing is saved."""
    form = await request.form()
    upload = form.get("file")
    url = str(form.get("url") or "").strip()
    text = str(form.get("text") or "")
    settings: Settings = request.app.state.settings
    try:
        if isinstance(upload, UploadFile) and upload.filename:
            data, name = await upload.read(), upload.filename
            reading = await run_in_threadpool(read_recipe_bytes, data, name=name)
        elif not url and text.strip():
            reading = importing.read_typed_recipe(text)
        elif url:
            reading = await run_in_threadpool(
                importing.read_source_url, url, allow_loopback=settings.recipe_fetch_allow_loopback
            )
        else:
            raise InvalidInput("choose a file, give a web address or type a recipe", field="source")
    except BakehouseError as error:
        page = {"section": "recipes", "reviewed": False, "url": url, "text": text}
        errors = {"source": error.message}
        return render(request, TEMPLATE, page | {"errors": errors}, 422)
    return await run_in_threadpool(_draw, request, db, reading)


def _draw(request: Request, db: Database, reading: SourceReading) -> Response:
    with db.transaction() as session:
        page = _context(reading, {})(session)
        return render(request, TEMPLATE, page | {"errors": {}})


async def read_review_form(request: Request) -> dict[str, Any]:
    """The review page's inputs: like every form's, with room for a whole export's lines."""
    form = await request.form(max_fields=MAX_IMPORT_FORM_FIELDS)
    return {key: value for key, value in form.items() if isinstance(value, str)}


ReviewForm = Annotated[dict[str, Any], Depends(read_review_form)]


@router.post("/recipes/import")
def save_import(request: Request, db: DB, form: ReviewForm) -> Response:
    """Save every recipe kept, with the fix-ups on the page, in one transaction."""
    try:
        reading = READING.validate_json(str(form.get("reading") or ""))
    except ValidationError:
        raise InvalidInput(
            "the review could not be read back; import the recipes again", field="reading"
        ) from None
    submitted = _submitted(form)
    errors: dict[str, str] = {}
    decisions: dict[int, RecipeDecision] = {}
    for index, values in submitted.items():
        decisions[index] = _decision(index, values, errors)
    accept = form.get("accept_unplaced") == "yes"

    def action(session: Session, chosen: dict[int, RecipeDecision]) -> str:
        review = importing.review_import(session, reading)
        result = importing.save_import(session, review, chosen, accept_unplaced=accept)
        main = result.recipes[-1]
        if len(result.recipes) == 1 or len(reading.recipes) == 1:
            return f"/recipes/{main.id}?done=imported"
        return "/recipes?done=imported"

    redraw = Redraw(TEMPLATE, _context(reading, submitted, accept), messages=_messages)
    return run_form(request, db, None if errors else decisions, errors, action, redraw)


def _submitted(form: Mapping[str, Any]) -> dict[int, dict[str, Any]]:
    """The page's inputs by recipe: its own (``name``…) and its lines' (``lines`` by index)."""
    recipes: dict[int, dict[str, Any]] = {}
    for key, value in form.items():
        line = _LINE_INPUT.match(key)
        if line:
            recipe = recipes.setdefault(int(line.group(1)), {"lines": {}})
            recipe["lines"].setdefault(int(line.group(2)), {})[line.group(3)] = value
            continue
        own = _RECIPE_INPUT.match(key)
        if own:
            recipes.setdefault(int(own.group(1)), {"lines": {}})[own.group(2)] = value
    return recipes


def _decision(index: int, values: Mapping[str, Any], errors: dict[str, str]) -> RecipeDecision:
    prefix = f"r-{index}-"
    per_batch = None
    typed = str(values.get("items_per_batch") or "").strip()
    if typed:
        try:
            per_batch = _COUNT.validate_python(typed)
        except ValidationError as error:
            message = error.errors()[0]["msg"].removeprefix("Value error, ")
            errors[prefix + "items_per_batch"] = message
    lines: dict[int, PastedLineInput | None] = {}
    for number, row in values["lines"].items():
        choice = str(row.get("choice") or "")
        if choice == SKIP:
            lines[number] = None
            continue
        if choice != NEW and id_or_none(choice) is None:
            continue  # not chosen: the review's plan decides (unplaced unless accepted)
        cleaned = {k: (None if v == "" else v) for k, v in row.items()}
        try:
            lines[number] = PasteRow.model_validate(cleaned).as_input()
        except ValidationError as error:
            for problem in error.errors():
                name = str(problem["loc"][0]) if problem["loc"] else "choice"
                message = problem["msg"].removeprefix("Value error, ")
                errors.setdefault(f"{prefix}line-{number}-{name}", message)
    return RecipeDecision(
        include=values.get("include") == "yes",
        name=str(values.get("name") or "").strip() or None,
        items_per_batch=per_batch,
        sub_recipes=values.get("sub_recipes") == "yes",
        lines=lines,
    )


def _messages(error: BakehouseError) -> dict[str, str]:
    """A save's problems by the input they concern (``recipes[2].lines[4]`` → its row)."""
    problems = (
        [(p.location, p.message) for p in error.problems]
        if isinstance(error, ValidationFailed)
        else [(error.field or "", error.message)]
    )
    messages: dict[str, str] = {}
    for where, message in problems:
        found = _PROBLEM.match(where)
        if found is None:
            messages.setdefault(GENERAL, message)
            continue
        recipe, line, line_field, own = found.groups()
        if line is not None:
            name = _LINE_FIELDS.get(line_field or "ingredient", "choice")
            messages.setdefault(f"r-{recipe}-line-{line}-{name}", message)
        elif own in ("name", "items_per_batch"):
            messages.setdefault(f"r-{recipe}-{own}", message)
        else:
            messages.setdefault(f"r-{recipe}-name", message)
    return messages


def _row(recipe: int, plan: LinePlan, submitted: Mapping[str, Any]) -> dict[str, Any]:
    """A line's starting values, from what it read and matched, then what was typed."""
    line, match = plan.line, plan.match
    starter = None if isinstance(match, Accepted) else match.starter_suggestion
    status: str
    if isinstance(match, Accepted) and plan.action == "use":
        choice, status = str(match.ingredient_id), match.how
    elif plan.action == "create":
        choice, status = NEW, "create"
    elif isinstance(match, NeedsConfirmation):
        choice, status = "", "confirm"
    else:
        choice, status = "", "new"
    row = {
        "prefix": f"r-{recipe}-line-{plan.index}-",
        "index": plan.index,
        "text": line.text,
        "status": status,
        "action": plan.action,
        "reason": plan.reason,
        "match": match,
        "suggested": [s.ingredient_id for s in getattr(match, "suggestions", ())],
        "starter": starter,
        "choice": choice,
        "quantity": plain(line.quantity),
        "unit": plan.unit,
        "note": line.note,
        "new_name": (line.ingredient[:1].upper() + line.ingredient[1:]) if line.ingredient else "",
        "new_measure": starter.measure.value if starter else ("count" if line.is_count else "mass"),
        "new_density": plain(starter.density) if starter else "",
        "new_grams_per_each": plain(starter.grams_per_each) if starter else "",
        "new_category": starter.category if starter else "other",
        "new_allergens": ", ".join(starter.allergens or ()) if starter else "",
    }
    if starter is not None and starter.exact:
        row["new_name"] = starter.name
    return row | {k: v for k, v in submitted.items() if k in row}


def _context(
    reading: SourceReading,
    submitted: Mapping[int, Mapping[str, Any]],
    accept: bool = False,
) -> Any:
    def context(session: Session) -> dict[str, Any]:
        review = importing.review_import(session, reading)
        recipes = []
        for plan in review.recipes:
            typed = submitted.get(plan.index, {})
            lines = typed.get("lines", {})
            sections = [
                {
                    "name": section.name,
                    "sub_recipe_name": section.sub_recipe_name,
                    "rows": [_row(plan.index, p, lines.get(p.index, {})) for p in section.lines],
                }
                for section in plan.sections
            ]
            recipes.append(
                {
                    "plan": plan,
                    "sections": sections,
                    "include": typed.get("include") == "yes" if typed else True,
                    "name": typed.get("name", plan.name),
                    "items_per_batch": typed.get("items_per_batch", plan.items_per_batch or ""),
                    "sub_recipes": typed.get("sub_recipes") == "yes" if typed else True,
                    "unplaced": [u for u in review.unplaced if u.recipe == plan.index],
                }
            )
        return {
            "section": "recipes",
            "reviewed": True,
            "review": review,
            "recipes": recipes,
            "reading_json": READING.dump_json(reading).decode(),
            "ingredients": catalog.list_ingredients(session),
            "measures": MEASURES,
            "allergen_names": ALLERGENS,
            "accept": accept,
        }

    return context
