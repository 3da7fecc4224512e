"""A recipe typed as plain text: a title line, ingredient lines, then instructions.

The shape people type and paste::

    Brown Butter Cookies
    Makes 24 cookies

    Ingredients
    2 1/4 cups all-purpose flour
    For the glaze:
    1 cup powdered sugar

    Instructions
    Brown the butter. ...

The first line is the name. "Ingredients", "Instructions" (or "Directions", "Method",
"Steps") and "Notes" headings, with or without a colon or a Markdown ``#``, mark the parts.
Without headings, the first paragraph in which most lines start with a quantity is the
ingredient list, and the paragraphs after it are the instructions. Lines before the list
may give the yield ("Makes 24 cookies", "Serves 8") and times ("Prep time: 15 minutes");
the others are the description. Bullets ("-", "*", "•") before ingredient lines are
dropped; a line ending with a colon is a section heading.
"""

from __future__ import annotations

import re

from bakehouse.io.recipe_sources.fields import (
    SectionBuilder,
    is_heading,
    parse_duration,
    parse_yield,
    plain_line,
    plain_text,
)
from bakehouse.io.recipe_sources.model import (
    ImportedRecipe,
    ImportedTime,
    RecipeSource,
    RecipeYield,
    SourceFormat,
)

_PART = re.compile(r"^#*\s*(?P<word>[a-z' ]+?)\s*:?\s*$", re.IGNORECASE)
_PARTS = {
    "ingredients": "ingredients",
    "ingredient list": "ingredients",
    "you will need": "ingredients",
    "you'll need": "ingredients",
    "instructions": "instructions",
    "directions": "instructions",
    "method": "instructions",
    "steps": "instructions",
    "preparation": "instructions",
    "notes": "notes",
    "note": "notes",
    "tips": "notes",
}
_BULLET = re.compile(r"^\s*(?:[-*•·▪◦]|\[ ?\])\s+")
_QUANTITY = re.compile(r"^[\d¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
_YIELD_LINE = re.compile(r"^(makes|yields?|serves|servings)\b", re.IGNORECASE)
_TIME_LINE = re.compile(
    r"^(?P<kind>prep|preparation|cook|cooking|bake|baking|total)(?:\s*time)?\s*:\s*(?P<text>.+)$",
    re.IGNORECASE,
)


def read_text(text: str, location: str) -> ImportedRecipe | str:
    """The recipe typed in ``text``, or why it is not one (a reason for the message)."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines:
        return "the text is empty"
    name = plain_line(lines[0].lstrip("#"))
    if not name or _part(name):
        return "the first line should be the recipe's name"
    parts = _by_headings(lines[1:]) or _by_paragraphs(lines[1:])
    if parts is None:
        return (
            'no ingredient list was found: put an "Ingredients" line before it, or one '
            "ingredient per line (each starting with its quantity) after the name"
        )
    preamble, ingredients, instructions, notes = parts
    description, recipe_yield, times = _preamble(preamble)
    builder = SectionBuilder()
    for line in ingredients:
        builder.text_line(_BULLET.sub("", line))
    sections = builder.build()
    if not sections:
        return "the ingredient list is empty"
    return ImportedRecipe(
        name=name,
        source=RecipeSource(format=SourceFormat.TEXT, location=location),
        sections=sections,
        description=description,
        recipe_yield=recipe_yield,
        instructions=_paragraphs(instructions),
        notes=_paragraphs(notes),
        prep_time=times.get("prep"),
        cook_time=times.get("cook"),
        total_time=times.get("total"),
    )


Parts = tuple[list[str], list[str], list[str], list[str]]


def _part(line: str) -> str | None:
    match = _PART.match(line.strip())
    return _PARTS.get(" ".join(match["word"].lower().split())) if match else None


def _by_headings(lines: list[str]) -> Parts | None:
    found: dict[str, list[str]] = {
        "preamble": [],
        "ingredients": [],
        "instructions": [],
        "notes": [],
    }
    current = "preamble"
    for line in lines:
        part = _part(line) if line.strip() else None
        if part is not None:
            current = part
        else:
            found[current].append(line)
    if not any(line.strip() for line in found["ingredients"]):
        return None
    return found["preamble"], found["ingredients"], found["instructions"], found["notes"]


def _by_paragraphs(lines: list[str]) -> Parts | None:
    paragraphs: list[list[str]] = []
    for line in lines:
        if line.strip():
            if not paragraphs or not paragraphs[-1]:
                paragraphs.append([])
            paragraphs[-1].append(line)
        elif paragraphs and paragraphs[-1]:
            paragraphs.append([])
    paragraphs = [p for p in paragraphs if p]
    start = next((i for i, p in enumerate(paragraphs) if _ingredient_like(p)), None)
    if start is None:
        return None
    end = start + 1
    # A list broken by a blank line before a heading ("For the glaze:") goes on.
    while end < len(paragraphs) and _continues_list(paragraphs[end]):
        end += 1
    preamble = [line for p in paragraphs[:start] for line in [*p, ""]]
    ingredients = [line for p in paragraphs[start:end] for line in p]
    instructions = [line for p in paragraphs[end:] for line in [*p, ""]]
    return preamble, ingredients, instructions, []


def _ingredient_like(paragraph: list[str]) -> bool:
    lines = [_BULLET.sub("", line).strip() for line in paragraph]
    items = [line for line in lines if not is_heading(line)]
    counted = sum(1 for line in items if _QUANTITY.match(line))
    return counted > 0 and counted * 2 >= len(items)


def _continues_list(paragraph: list[str]) -> bool:
    return is_heading(_BULLET.sub("", paragraph[0]).strip()) and _ingredient_like(paragraph)


def _preamble(lines: list[str]) -> tuple[str, RecipeYield | None, dict[str, ImportedTime]]:
    kept: list[str] = []
    recipe_yield: RecipeYield | None = None
    times: dict[str, ImportedTime] = {}
    for line in lines:
        stripped = line.strip()
        time = _TIME_LINE.match(stripped)
        if recipe_yield is None and _YIELD_LINE.match(stripped):
            recipe_yield = parse_yield(stripped)
        elif time:
            kind = time["kind"].lower()
            key = "prep" if kind.startswith("prep") else "total" if kind == "total" else "cook"
            parsed = parse_duration(time["text"])
            if parsed is not None:
                times.setdefault(key, parsed)
        else:
            kept.append(line)
    return _paragraphs(kept), recipe_yield, times


def _paragraphs(lines: list[str]) -> str:
    """Lines as text: one line break within a paragraph, a blank line between them."""
    return plain_text("\n".join(lines))
