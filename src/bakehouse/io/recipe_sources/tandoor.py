"""Tandoor's recipe export ("Default" format): a zip of per-recipe zips of ``recipe.json``.

Tandoor (1.x and 2.x) exports ``export.zip`` holding one ``{name}.zip`` per recipe, each
with ``recipe.json`` and ``image.*``. Its ingredients are stored in parts (amount, unit,
food, note) inside steps; a line is rebuilt as Tandoor shows it: "250 g flour, sifted"
(no amount when ``no_amount`` is set). An ingredient with ``is_header`` is a heading, and a
step with a name and ingredients starts a section of that name. Steps' instructions
(Markdown) are kept as text. ``working_time`` is the preparation time, working plus
waiting time the total; ``servings`` with ``servings_text`` is the yield ("24 cookies").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from bakehouse.io.recipe_sources.fields import (
    SectionBuilder,
    format_number,
    minutes_time,
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

APP = "Tandoor"


def looks_like_tandoor(data: object) -> bool:
    """Whether a parsed JSON document is a Tandoor recipe export."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("steps"), list)
        and "name" in data
        and any(key in data for key in ("working_time", "waiting_time", "servings_text"))
    )


def read_tandoor(data: dict[str, Any], location: str) -> ImportedRecipe | str:
    """The recipe in a Tandoor ``recipe.json``, or why it cannot be read."""
    name = plain_line(data.get("name"))
    if not name:
        return "a Tandoor recipe without a name"
    builder = SectionBuilder()
    instructions: list[str] = []
    for step in _ordered(data.get("steps")):
        step_name = plain_line(step.get("name"))
        ingredients = _ordered(step.get("ingredients"))
        if ingredients:
            builder.heading(step_name)
        for ingredient in ingredients:
            if ingredient.get("is_header"):
                builder.heading(_header_text(ingredient))
            else:
                builder.line(_ingredient_text(ingredient))
        text = plain_text(step.get("instruction"))
        if text:
            instructions.append(f"{step_name}\n{text}" if step_name else text)
    working, waiting = data.get("working_time"), data.get("waiting_time")
    total = _sum_minutes(working, waiting)
    source_url = plain_line(data.get("source_url"))
    return ImportedRecipe(
        name=name,
        source=RecipeSource(
            format=SourceFormat.TANDOOR,
            location=location,
            url=source_url if source_url.startswith(("http://", "https://")) else None,
            app=APP,
        ),
        sections=builder.build(),
        description=plain_text(data.get("description")),
        recipe_yield=_yield(data.get("servings"), data.get("servings_text")),
        instructions="\n\n".join(instructions),
        prep_time=minutes_time(working),
        total_time=minutes_time(total) if total != working else None,
    )


def _ordered(items: Any) -> list[dict[str, Any]]:
    """Dicts of a list in their ``order`` (stable for equal or missing orders)."""
    if not isinstance(items, list):
        return []
    dicts = [item for item in items if isinstance(item, dict)]

    def order(item: dict[str, Any]) -> int:
        value = item.get("order")
        return value if isinstance(value, int) and not isinstance(value, bool) else 0

    return sorted(dicts, key=order)


def _name(thing: Any, *, plural: bool) -> str:
    if not isinstance(thing, dict):
        return ""
    if plural:
        return plain_line(thing.get("plural_name")) or plain_line(thing.get("name"))
    return plain_line(thing.get("name"))


def _ingredient_text(ingredient: dict[str, Any]) -> str:
    amount = ingredient.get("amount")
    number = _number(amount)
    parts = []
    if number is not None and number > 0 and not ingredient.get("no_amount"):
        parts.append(format_number(number))
    plural = number is not None and number > 1
    parts.append(
        _name(
            ingredient.get("unit"), plural=plural or bool(ingredient.get("always_use_plural_unit"))
        )
    )
    parts.append(
        _name(
            ingredient.get("food"), plural=plural or bool(ingredient.get("always_use_plural_food"))
        )
    )
    text = " ".join(part for part in parts if part)
    note = plain_line(ingredient.get("note"))
    if text and note:
        return f"{text}, {note}"
    return text or note or plain_line(ingredient.get("original_text"))


def _header_text(ingredient: dict[str, Any]) -> str:
    return (
        plain_line(ingredient.get("note"))
        or _name(ingredient.get("food"), plural=False)
        or plain_line(ingredient.get("original_text"))
    )


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | Decimal):
        return Decimal(value)
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return None
        return number if number.is_finite() else None
    return None


def _sum_minutes(*values: Any) -> int | None:
    numbers = [v for v in values if isinstance(v, int) and not isinstance(v, bool) and v > 0]
    return sum(numbers) if numbers else None


def _yield(servings: Any, servings_text: Any) -> RecipeYield | None:
    word = plain_line(servings_text)
    number = _number(servings)
    if number is not None and number > 0:
        return parse_yield(f"{format_number(number)} {word}".strip())
    return parse_yield(word)
