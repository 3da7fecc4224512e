"""A web page's schema.org ``Recipe``\\ s, from its JSON-LD blocks and its microdata.

Every JSON-LD block is read on its own, so a broken block (bad JSON, nested too deeply)
is reported and skipped while the page's other blocks are still read. Microdata is read
with ``extruct``; a microdata recipe with the same name as a JSON-LD one on the page is the
same recipe marked up twice and is skipped. Text comes out plain (see ``fields``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import lxml.etree
import lxml.html
from extruct.w3cmicrodata import MicrodataExtractor

from bakehouse.domain.inputs.json_text import deeper_than
from bakehouse.io.recipe_sources.archives import inside
from bakehouse.io.recipe_sources.errors import NotARecipe, SourceTooLarge
from bakehouse.io.recipe_sources.limits import ReadLimits
from bakehouse.io.recipe_sources.model import ImportedRecipe, SkippedPart, SourceFormat
from bakehouse.io.recipe_sources.schema_org import (
    find_recipe_nodes,
    is_recipe,
    recipe_from_node,
)

# Lines some sites wrap a block in: "<!--", "//<![CDATA[", "//]]>", "-->".
_WRAPPER_LINE = re.compile(r"\s*(//.*|<!--|-->|<!\[CDATA\[|\]\]>)?\s*")
_WRAPPER_EDGES = re.compile(r"^(<!--|<!\[CDATA\[)|(-->|\]\]>)$")


#: A recipe page marks up tens of microdata items, nested a few deep.
MAX_MICRODATA_ITEMS = 2_000
MAX_NESTING = 12


@dataclass(frozen=True)
class PageRecipes:
    recipes: tuple[ImportedRecipe, ...]
    skipped: tuple[SkippedPart, ...]


def looks_like_html(data: bytes) -> bool:
    """Whether a document starts like HTML (after a byte-order mark and blank space)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith(b"<") or any(
        marker in head for marker in (b"<html", b"<!doctype", b"<head", b"<script", b"<body")
    )


def read_page(
    data: bytes,
    *,
    location: str,
    limits: ReadLimits,
    page_url: str | None = None,
    encoding: str | None = None,
) -> PageRecipes:
    """Every schema.org Recipe on the page, and the parts skipped with their reasons."""
    if len(data) > limits.max_document_bytes:
        raise SourceTooLarge(location, "the page", limits.max_document_bytes)
    tree = _parse(data, location, encoding)
    page_url = page_url or _canonical_url(tree)
    recipes: list[ImportedRecipe] = []
    skipped: list[SkippedPart] = []
    for number, script in enumerate(_json_ld_scripts(tree), start=1):
        where = inside(location, f"JSON-LD block {number}")
        document = _json_ld(script.text or "", limits)
        if isinstance(document, str):
            skipped.append(SkippedPart(where, document))
            continue
        for node in find_recipe_nodes(document):
            _add(recipes, skipped, node, SourceFormat.HTML_JSON_LD, where, page_url, location)
    names = {recipe.name.casefold() for recipe in recipes}
    for number, node in enumerate(_microdata_recipes(tree, page_url, skipped, location), 1):
        where = inside(location, f"microdata recipe {number}")
        name = node.get("name")
        if isinstance(name, str) and " ".join(name.split()).casefold() in names:
            skipped.append(SkippedPart(where, "the same recipe as the page's JSON-LD"))
            continue
        _add(recipes, skipped, node, SourceFormat.HTML_MICRODATA, where, page_url, location)
    return PageRecipes(tuple(recipes), tuple(skipped))


def _add(
    recipes: list[ImportedRecipe],
    skipped: list[SkippedPart],
    node: dict[str, Any],
    format: SourceFormat,
    where: str,
    page_url: str | None,
    location: str,
) -> None:
    recipe = recipe_from_node(node, format=format, location=location, page_url=page_url)
    if isinstance(recipe, str):
        skipped.append(SkippedPart(where, recipe))
    else:
        recipes.append(recipe)


def _parse(data: bytes, location: str, encoding: str | None) -> lxml.html.HtmlElement:
    try:
        parser = lxml.html.HTMLParser(encoding=encoding, no_network=True)
    except LookupError:  # an encoding name lxml does not know: let it guess from the page
        parser = lxml.html.HTMLParser(no_network=True)
    try:
        return lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as error:
        raise NotARecipe(location, [f"it is not a readable HTML page ({error})"]) from None


def _canonical_url(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.xpath("//link[@rel][@href]"):
        if "canonical" in link.get("rel", "").lower().split():
            href = link.get("href", "").strip()
            if href.startswith(("http://", "https://")):
                return str(href)
    return None


def _json_ld_scripts(tree: lxml.html.HtmlElement) -> list[lxml.html.HtmlElement]:
    return [
        script
        for script in tree.xpath("//script[@type]")
        if script.get("type", "").split(";")[0].strip().lower() == "application/ld+json"
    ]


def _json_ld(text: str, limits: ReadLimits) -> Any:
    """The parsed block, or the reason it cannot be read (a string)."""
    lines = text.split("\n")
    while lines and _WRAPPER_LINE.fullmatch(lines[0]):
        lines.pop(0)
    while lines and _WRAPPER_LINE.fullmatch(lines[-1]):
        lines.pop()
    text = _WRAPPER_EDGES.sub("", "\n".join(lines).strip()).strip()
    if not text:
        return "it is empty"
    if deeper_than(text, limits.max_json_depth):
        return f"it nests lists and objects more than {limits.max_json_depth} levels deep"
    try:
        return json.loads(text, parse_float=Decimal, strict=False)
    except json.JSONDecodeError as error:
        return f"it is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    except (ValueError, RecursionError) as error:
        return f"it is not valid JSON: {error}"


def _microdata_recipes(
    tree: lxml.html.HtmlElement, page_url: str | None, skipped: list[SkippedPart], location: str
) -> list[dict[str, Any]]:
    scopes = len(tree.xpath("//*[@itemscope]"))
    if not scopes:
        return []
    where = inside(location, "microdata")
    # extruct walks nested items recursively and every item's properties: bound both.
    if scopes > MAX_MICRODATA_ITEMS:
        skipped.append(SkippedPart(where, f"it has more than {MAX_MICRODATA_ITEMS:,} items"))
        return []
    if tree.xpath(f"boolean(//*[@itemscope][count(ancestor::*[@itemscope]) >= {MAX_NESTING}])"):
        skipped.append(SkippedPart(where, f"it nests items more than {MAX_NESTING} deep"))
        return []
    try:
        items = MicrodataExtractor(nested=True).extract_items(tree, page_url)
    except (ValueError, RecursionError, lxml.etree.Error) as error:
        skipped.append(SkippedPart(where, f"it cannot be read ({error})"))
        return []
    nodes = [_as_node(item) for item in items]
    found: list[dict[str, Any]] = []
    pending: list[Any] = list(reversed(nodes))
    while pending:
        current = pending.pop()
        if isinstance(current, dict):
            if is_recipe(current):
                found.append(current)
                continue
            pending.extend(reversed(list(current.values())))
        elif isinstance(current, list):
            pending.extend(reversed(current))
    return found


def _as_node(value: Any) -> Any:
    """An extruct microdata item in JSON-LD's shape: ``{"@type": ..., property: value}``."""
    if isinstance(value, list):
        return [_as_node(item) for item in value]
    if isinstance(value, dict) and ("properties" in value or "type" in value):
        node: dict[str, Any] = {"@type": value.get("type", "")}
        for key, item in (value.get("properties") or {}).items():
            node[key] = _as_node(item)
        if "value" in value and "properties" not in value:
            node["name"] = value["value"]
        return node
    return value
