"""Paprika's export: a ``.paprikarecipes`` zip of gzipped JSON, one member per recipe.

Paprika 3 (and Paprika 2, whose export has the same shape) writes each recipe as a
``{name}.paprikarecipe`` member: gzip-compressed JSON with ``name``, ``ingredients`` and
``directions`` as texts with one line per ingredient or step, ``servings`` as text,
``prep_time``/``cook_time``/``total_time`` as text, ``notes``, ``description``,
``source_url`` and the photo inline (``photo_data``, base64; never decoded here). A single
exported recipe is one such gzipped JSON file. Headings inside the ingredients are lines
ending with a colon ("For the glaze:"), as people type them in Paprika.
"""

from __future__ import annotations

from typing import Any

from bakehouse.io.recipe_sources.fields import (
    parse_duration,
    parse_yield,
    plain_line,
    plain_text,
    sections_from_lines,
)
from bakehouse.io.recipe_sources.model import ImportedRecipe, RecipeSource, SourceFormat

APP = "Paprika"


def looks_like_paprika(data: object) -> bool:
    """Whether a parsed JSON document is a Paprika recipe."""
    return (
        isinstance(data, dict)
        and isinstance(data.get("ingredients"), str)
        and "directions" in data
        and any(key in data for key in ("uid", "hash", "photo_hash", "source_url"))
    )


def read_paprika(data: dict[str, Any], location: str) -> ImportedRecipe | str:
    """The recipe in a Paprika recipe JSON, or why it cannot be read."""
    name = plain_line(data.get("name"))
    if not name:
        return "a Paprika recipe without a name"
    source_url = plain_line(data.get("source_url"))
    return ImportedRecipe(
        name=name,
        source=RecipeSource(
            format=SourceFormat.PAPRIKA,
            location=location,
            url=source_url if source_url.startswith(("http://", "https://")) else None,
            app=APP,
        ),
        sections=sections_from_lines(plain_text(data.get("ingredients")).split("\n")),
        description=plain_text(data.get("description")),
        recipe_yield=parse_yield(data.get("servings")),
        instructions=plain_text(data.get("directions")),
        notes=plain_text(data.get("notes")),
        prep_time=parse_duration(data.get("prep_time")),
        cook_time=parse_duration(data.get("cook_time")),
        total_time=parse_duration(data.get("total_time")),
    )
