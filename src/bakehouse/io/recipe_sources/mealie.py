"""Mealie's recipe export: the recipe JSON, alone or in a zip.

Mealie (1.x and 2.x; later versions with the same keys) exports a recipe as its JSON
(``GET /api/recipes/{slug}/exports`` with the "raw" JSON template, camelCase keys), as a
zip of ``{slug}.json`` and its image, or many at once from the data management page as
``recipes/{slug}/{slug}.json`` with image folders (snake_case keys). Both spellings of
every key are read.

An ingredient carries its text in ``display`` (what Mealie shows: quantity, unit, food and
note), else ``note`` when parsing was off, else its parts; a ``title`` on an ingredient
starts a section that the ingredient belongs to. Instruction steps may carry a ``title``
too. Mealie 2 keeps the yield as a number (``recipeYieldQuantity``) and a word
(``recipeYield``: "cookies"); Mealie 1 as one text ("24 cookies").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakehouse.io.recipe_sources.fields import (
    SectionBuilder,
    format_number,
    parse_duration,
    parse_yield,
    plain_line,
    plain_text,
)
from bakehouse.io.recipe_sources.model import (
    ImportedRecipe,
    RecipeSource,
    RecipeYield,
    SourceFormat,
)

APP = "Mealie"


def _get(data: dict[str, Any], camel: str, snake: str) -> Any:
    return data[camel] if camel in data else data.get(snake)


def looks_like_mealie(data: object) -> bool:
    """Whether a parsed JSON document is a Mealie recipe."""
    return (
        isinstance(data, dict)
        and "@type" not in data
        and "slug" in data
        and ("recipeIngredient" in data or "recipe_ingredient" in data)
    )


def read_mealie(data: dict[str, Any], location: str) -> ImportedRecipe | str:
    """The recipe in a Mealie recipe JSON, or why it cannot be read."""
    name = plain_line(data.get("name"))
    if not name:
        return "a Mealie recipe without a name"
    builder = SectionBuilder()
    ingredients = _get(data, "recipeIngredient", "recipe_ingredient")
    for ingredient in ingredients if isinstance(ingredients, list) else []:
        if isinstance(ingredient, str):  # exports from before Mealie 1.0
            builder.text_line(ingredient)
            continue
        if not isinstance(ingredient, dict):
            continue
        if plain_line(ingredient.get("title")):
            builder.heading(ingredient["title"])
        builder.line(_ingredient_text(ingredient))
    org_url = plain_line(_get(data, "orgURL", "org_url"))
    modern = any(
        key in data
        for key in ("recipeServings", "recipe_servings", "recipeYieldQuantity",
                    "recipe_yield_quantity", "householdId", "household_id")
    )  # fmt: skip
    return ImportedRecipe(
        name=name,
        source=RecipeSource(
            format=SourceFormat.MEALIE,
            location=location,
            url=org_url if org_url.startswith(("http://", "https://")) else None,
            app=APP,
            app_version="2.0 or later" if modern else None,
        ),
        sections=builder.build(),
        description=plain_text(data.get("description")),
        recipe_yield=_yield(data),
        instructions=_instructions(_get(data, "recipeInstructions", "recipe_instructions")),
        notes=_notes(data.get("notes")),
        prep_time=parse_duration(_get(data, "prepTime", "prep_time")),
        cook_time=parse_duration(
            _get(data, "cookTime", "cook_time") or _get(data, "performTime", "perform_time")
        ),
        total_time=parse_duration(_get(data, "totalTime", "total_time")),
    )


def _ingredient_text(ingredient: dict[str, Any]) -> str:
    display = plain_line(ingredient.get("display"))
    if display:
        return display
    note = plain_line(ingredient.get("note"))
    parts: list[str] = []
    quantity = _number(ingredient.get("quantity"))
    if quantity is not None and quantity > 0:
        parts.append(format_number(quantity))
    plural = quantity is not None and quantity > 1
    for key in ("unit", "food"):
        thing = ingredient.get(key)
        if isinstance(thing, dict):
            plural_name = plain_line(_get(thing, "pluralName", "plural_name")) if plural else ""
            parts.append(plural_name or plain_line(thing.get("name")))
    text = " ".join(part for part in parts if part)
    if not text:
        return note or plain_line(_get(ingredient, "originalText", "original_text"))
    return f"{text}, {note}" if note else text


def _number(value: Any) -> Decimal | None:
    if isinstance(value, int | Decimal) and not isinstance(value, bool):
        return Decimal(value)
    return None


def _yield(data: dict[str, Any]) -> RecipeYield | None:
    text = plain_line(_get(data, "recipeYield", "recipe_yield"))
    quantity = _number(_get(data, "recipeYieldQuantity", "recipe_yield_quantity"))
    if quantity is not None and quantity > 0:
        number = format_number(quantity)
        return parse_yield(f"{number} {text}".strip() if not text[:1].isdigit() else text)
    if text:
        return parse_yield(text)
    servings = _number(_get(data, "recipeServings", "recipe_servings"))
    if servings is not None and servings > 0:
        return parse_yield(f"{format_number(servings)} servings")
    return None


def _instructions(steps: Any) -> str:
    blocks: list[list[str]] = [[]]
    for step in steps if isinstance(steps, list) else []:
        if isinstance(step, str):
            text, title = plain_text(step), ""
        elif isinstance(step, dict):
            text, title = plain_text(step.get("text")), plain_line(step.get("title"))
        else:
            continue
        if title:
            blocks.append([title])
        if text:
            blocks[-1].append(text)
    return "\n\n".join("\n".join(block) for block in blocks if block)


def _notes(notes: Any) -> str:
    parts = []
    for note in notes if isinstance(notes, list) else []:
        if isinstance(note, dict):
            title, text = plain_line(note.get("title")), plain_text(note.get("text"))
            parts.append(f"{title}\n{text}".strip() if title else text)
    return "\n\n".join(part for part in parts if part)
