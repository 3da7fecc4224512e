"""schema.org ``Recipe`` objects (from JSON-LD or microdata) into :class:`ImportedRecipe`.

JSON-LD puts recipes anywhere: a top-level object or array, a ``@graph``, a page's
``mainEntity``, an ``ItemList``; a node may be referred to by its ``@id`` only. The walk
finds every node typed ``Recipe`` (also with a ``schema:`` prefix or the full IRI) once.
Instructions may be one text, a list of texts, ``HowToStep``\\ s or ``HowToSection``\\ s
of steps; they become one text, a section's name on its own line before its steps.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from bakehouse.io.recipe_sources.fields import (
    parse_duration,
    parse_yield,
    plain_line,
    plain_text,
    sections_from_lines,
)
from bakehouse.io.recipe_sources.model import (
    ImportedRecipe,
    RecipeSource,
    RecipeYield,
    SourceFormat,
)

_SCHEMA_PREFIXES = ("http://schema.org/", "https://schema.org/", "schema:")
#: Steps and sections nest a few levels; anything deeper is not a recipe's instructions.
_MAX_STEP_DEPTH = 6


def type_names(node: Mapping[str, Any]) -> set[str]:
    """The node's schema.org type names, without prefixes ("Recipe", "HowToStep")."""
    raw = node.get("@type", node.get("type"))
    values = raw if isinstance(raw, list) else [raw]
    names = set()
    for value in values:
        if isinstance(value, str):
            name = value.strip()
            for prefix in _SCHEMA_PREFIXES:
                if name.startswith(prefix):
                    name = name[len(prefix) :]
            names.add(name)
    return names


def is_recipe(node: Mapping[str, Any]) -> bool:
    return "Recipe" in type_names(node)


def find_recipe_nodes(document: Any) -> list[dict[str, Any]]:
    """Every ``Recipe`` node in a parsed JSON-LD document, in document order, once each."""
    index = _id_index(document)
    found: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    seen_objects: set[int] = set()
    for node in _walk(document):
        if not is_recipe(node) or id(node) in seen_objects:
            continue
        seen_objects.add(id(node))
        node_id = node.get("@id")
        if isinstance(node_id, str):
            if node_id in seen_ids:
                continue
            seen_ids.add(node_id)
        found.append(_resolved(node, index))
    return found


def _walk(value: Any) -> Iterator[dict[str, Any]]:
    # Iterative, so a deep document cannot exhaust the stack (its depth is capped anyway).
    pending: list[Any] = [value]
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            yield current
            pending.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            pending.extend(reversed(current))


def _id_index(document: Any) -> dict[str, dict[str, Any]]:
    index: dict[str, dict[str, Any]] = {}
    for node in _walk(document):
        node_id = node.get("@id")
        if isinstance(node_id, str) and len(node) > 1:
            index.setdefault(node_id, node)
    return index


def _resolved(node: dict[str, Any], index: Mapping[str, dict[str, Any]]) -> dict[str, Any]:
    """The recipe with ``{"@id": ...}`` references among its values replaced (one level)."""

    def resolve(value: Any, depth: int) -> Any:
        if depth > _MAX_STEP_DEPTH:
            return value
        if isinstance(value, dict):
            ref = value.get("@id")
            if len(value) == 1 and isinstance(ref, str) and ref in index:
                return resolve(index[ref], depth + 1)
            return {k: resolve(v, depth + 1) for k, v in value.items()}
        if isinstance(value, list):
            return [resolve(v, depth + 1) for v in value]
        return value

    return {key: resolve(value, 0) for key, value in node.items()}


def recipe_from_node(
    node: Mapping[str, Any], *, format: SourceFormat, location: str, page_url: str | None
) -> ImportedRecipe | str:
    """The recipe the node describes, or why it is not one (a reason for the review)."""
    name = plain_line(_first(node.get("name")) or _first(node.get("headline")))
    if not name:
        return "a schema.org Recipe without a name"
    ingredients = _as_list(node.get("recipeIngredient", node.get("ingredients")))
    sections = sections_from_lines(_first(item) if isinstance(item, dict) else item
                                   for item in ingredients)  # fmt: skip
    instructions = instructions_text(node.get("recipeInstructions"))
    if not sections and not instructions:
        return f'the schema.org Recipe "{name}" has neither ingredients nor instructions'
    own_url = plain_line(_first(node.get("url")))
    return ImportedRecipe(
        name=name,
        source=RecipeSource(
            format=format,
            location=location,
            url=own_url if own_url.startswith(("http://", "https://")) else page_url,
        ),
        sections=sections,
        description=plain_text(_first(node.get("description"))),
        recipe_yield=_yield(node.get("recipeYield", node.get("yield"))),
        instructions=instructions,
        prep_time=parse_duration(_first(node.get("prepTime"))),
        cook_time=parse_duration(_first(node.get("cookTime"))),
        total_time=parse_duration(_first(node.get("totalTime"))),
    )


def instructions_text(value: Any) -> str:
    """``recipeInstructions`` in any of its shapes as one plain text."""
    text, _ = _instruction_block(value, 0)
    return text.strip()


def _instruction_block(value: Any, depth: int) -> tuple[str, bool]:
    """The text of steps or a section, and whether it is a section (it has a heading)."""
    if depth > _MAX_STEP_DEPTH or value is None:
        return "", False
    if isinstance(value, str):
        return plain_text(value), False
    if isinstance(value, list):
        blocks = [_instruction_block(item, depth + 1) for item in value]
        blocks = [(text, section) for text, section in blocks if text]
        joiner = "\n\n" if any(section for _, section in blocks) else "\n"
        return joiner.join(text for text, _ in blocks), False
    if isinstance(value, dict):
        kinds = type_names(value)
        children = value.get("itemListElement")
        if children is not None and ("HowToSection" in kinds or "ItemList" in kinds or not kinds):
            heading = plain_line(value.get("name"))
            body, _ = _instruction_block(_as_list(children), depth + 1)
            return (f"{heading}\n{body}".strip(), True) if heading else (body, False)
        text = plain_text(_first(value.get("text")))
        return text or plain_text(_first(value.get("name"))), False
    return "", False


def _yield(value: Any) -> RecipeYield | None:
    """The most telling of several yields: a count with a noun, else a count, else text."""
    candidates = [parsed for item in _as_list(value) if (parsed := parse_yield(item))]
    if not candidates:
        return None
    return max(candidates, key=lambda y: (y.count is not None, y.noun is not None))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    """The first non-empty item of a list, the ``@value`` of a value object, or the value."""
    if isinstance(value, list):
        return next((item for item in map(_first, value) if item not in (None, "")), None)
    if isinstance(value, dict):
        if "@value" in value:
            return value["@value"]
        return value.get("text", value.get("name"))
    return value
