"""One way in for every source: a file, a URL or bytes, read by what they contain.

The content decides the reader, never the file name: a zip is opened (and the zips and
gzip streams inside it, within the limits), JSON is matched to the shape of a Mealie,
Tandoor or Paprika recipe or schema.org JSON-LD, HTML is read for its schema.org recipes,
and other UTF-8 text is read as a typed recipe. Parts of an archive that hold no recipe
are skipped and listed; a source with no recipe at all is :class:`NotARecipe` with the
reasons. Limits that protect the machine (sizes, ratios, paths, nesting) refuse the
whole source.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bakehouse.domain.inputs import read_json
from bakehouse.errors import InvalidInput, NotFound, ValidationFailed
from bakehouse.io.recipe_sources.archives import Budget, gunzip, is_gzip, is_zip, read_zip
from bakehouse.io.recipe_sources.errors import NotARecipe, SourceTooLarge, TooManyRecipes
from bakehouse.io.recipe_sources.fetch import DEFAULT_POLICY, FetchPolicy, fetch_page
from bakehouse.io.recipe_sources.html import looks_like_html, read_page
from bakehouse.io.recipe_sources.limits import DEFAULT_LIMITS, ReadLimits
from bakehouse.io.recipe_sources.mealie import looks_like_mealie, read_mealie
from bakehouse.io.recipe_sources.model import (
    ImportedRecipe,
    SkippedPart,
    SourceFormat,
    SourceReading,
)
from bakehouse.io.recipe_sources.paprika import looks_like_paprika, read_paprika
from bakehouse.io.recipe_sources.schema_org import find_recipe_nodes, recipe_from_node
from bakehouse.io.recipe_sources.tandoor import looks_like_tandoor, read_tandoor
from bakehouse.io.recipe_sources.text import read_text

_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"GIF8", b"RIFF", b"\x00\x00\x00")
_HEAD = 8


def read_recipe_file(path: Path, *, limits: ReadLimits = DEFAULT_LIMITS) -> SourceReading:
    """The recipes in the file at ``path`` (named by its file name in messages).

    A zip is read up to ``max_archive_bytes``, any other file up to
    ``max_document_bytes``; raises :class:`NotFound` for a missing file and the errors of
    :func:`read_recipe_bytes`.
    """
    name = path.name
    try:
        with path.open("rb") as stream:
            head = stream.read(_HEAD)
            cap = limits.max_archive_bytes if is_zip(head) else limits.max_document_bytes
            data = head + stream.read(cap + 1 - len(head))
    except FileNotFoundError:
        raise NotFound("file", name) from None
    except OSError as error:
        raise InvalidInput(f"cannot read {name}: {error.strerror or error}") from None
    if len(data) > cap:
        raise SourceTooLarge(name, "the file", cap)
    return read_recipe_bytes(data, name=name, limits=limits)


def read_recipe_url(
    url: str, *, policy: FetchPolicy = DEFAULT_POLICY, limits: ReadLimits = DEFAULT_LIMITS
) -> SourceReading:
    """The recipes on the page at ``url``, fetched safely (see :mod:`.fetch`)."""
    page = fetch_page(url, policy)
    return read_recipe_bytes(
        page.body, name=page.url, limits=limits, page_url=page.url, encoding=page.charset
    )


def read_recipe_bytes(
    data: bytes,
    *,
    name: str,
    limits: ReadLimits = DEFAULT_LIMITS,
    page_url: str | None = None,
    encoding: str | None = None,
) -> SourceReading:
    """The recipes in ``data`` (a file's or a page's bytes), named ``name`` in messages.

    Raises :class:`NotARecipe` when none is found, :class:`SourceTooLarge`,
    :class:`UnsafeArchive` and :class:`TooManyRecipes` when a limit is passed.
    """
    reader = _Reader(limits)
    cap = limits.max_archive_bytes if is_zip(data) else limits.max_document_bytes
    if len(data) > cap:
        raise SourceTooLarge(name, "the file", cap)
    reader.read(data, name, depth=0, page_url=page_url, encoding=encoding)
    if not reader.recipes:
        reasons = [f"{part.location}: {part.reason}" for part in reader.skipped]
        raise NotARecipe(name, reasons or ["it holds no recipe"])
    return SourceReading(tuple(reader.recipes), tuple(reader.skipped))


class _Reader:
    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.budget = Budget(limits)
        self.recipes: list[ImportedRecipe] = []
        self.skipped: list[SkippedPart] = []

    def read(
        self,
        data: bytes,
        location: str,
        *,
        depth: int,
        page_url: str | None = None,
        encoding: str | None = None,
        gzipped: bool = False,
    ) -> None:
        if is_zip(data):
            contents = read_zip(data, location, self.budget, depth=depth + 1)
            self.skipped.extend(contents.skipped)
            for member in contents.members:
                self._member(member.data, member.location, depth + 1)
        elif is_gzip(data):
            if gzipped:
                raise NotARecipe(location, ["it is gzip-compressed twice"])
            self.read(gunzip(data, location, self.budget), location, depth=depth, gzipped=True)
        else:
            self._document(data, location, page_url=page_url, encoding=encoding)

    def _member(self, data: bytes, location: str, depth: int) -> None:
        try:
            self.read(data, location, depth=depth)
        except NotARecipe as error:
            self.skipped.append(SkippedPart(location, "; ".join(error.reasons)))

    def _document(
        self, data: bytes, location: str, *, page_url: str | None, encoding: str | None
    ) -> None:
        if len(data) > self.limits.max_document_bytes:
            raise SourceTooLarge(location, "this document", self.limits.max_document_bytes)
        if data.startswith(_IMAGE_MAGIC) and not data.lstrip().startswith((b"{", b"[")):
            raise NotARecipe(location, ["it is an image or another binary file"])
        stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
        if stripped[:1] in (b"{", b"["):
            self._json(data, location)
        elif looks_like_html(data):
            page = read_page(
                data, location=location, limits=self.limits, page_url=page_url, encoding=encoding
            )
            if not page.recipes:
                reasons = [f"{part.location}: {part.reason}" for part in page.skipped]
                reasons.append("the page has no schema.org Recipe in JSON-LD or microdata")
                raise NotARecipe(location, reasons)
            self.skipped.extend(page.skipped)
            self._add_all(page.recipes, location)
        else:
            self._text(data, location)

    def _json(self, data: bytes, location: str) -> None:
        try:
            document = read_json(data.lstrip(b"\xef\xbb\xbf"), numbers="decimal")
        except ValidationFailed as error:
            raise NotARecipe(
                location, [f"{p.location}: {p.message}" for p in error.problems]
            ) from None
        items = document if isinstance(document, list) else [document]
        found: list[ImportedRecipe] = []
        problems: list[SkippedPart] = []
        for number, item in enumerate(items, start=1):
            where = location if len(items) == 1 else f"{location} [{number}]"
            result = _json_recipe(item, where)
            if isinstance(result, str):
                problems.append(SkippedPart(where, result))
            else:
                found.extend(result)
        if not found:
            several = len(items) > 1
            raise NotARecipe(
                location,
                [f"{p.location}: {p.reason}" if several else p.reason for p in problems]
                or ["it is an empty JSON list"],
            )
        self.skipped.extend(problems)
        self._add_all(found, location)

    def _text(self, data: bytes, location: str) -> None:
        if b"\x00" in data[:8192]:
            raise NotARecipe(location, ["it is a binary file, not text"])
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotARecipe(location, ["it is not UTF-8 text"]) from None
        result = read_text(text, location)
        if isinstance(result, str):
            raise NotARecipe(location, [result])
        self._add_all([result], location)

    def _add_all(self, recipes: Any, location: str) -> None:
        for recipe in recipes:
            if len(self.recipes) >= self.limits.max_recipes:
                raise TooManyRecipes(location, self.limits.max_recipes)
            self.recipes.append(recipe)


def _json_recipe(item: Any, location: str) -> list[ImportedRecipe] | str:
    """The recipes in one JSON value, or why there are none."""
    if not isinstance(item, dict):
        return "it is not a JSON object"
    for looks_like, read in (
        (looks_like_mealie, read_mealie),
        (looks_like_tandoor, read_tandoor),
        (looks_like_paprika, read_paprika),
    ):
        if looks_like(item):
            recipe = read(item, location)
            return [recipe] if isinstance(recipe, ImportedRecipe) else recipe
    nodes = find_recipe_nodes(item)
    if not nodes:
        return "it is not a Mealie, Tandoor or Paprika recipe, nor schema.org JSON-LD"
    recipes = []
    reasons = []
    for node in nodes:
        recipe = recipe_from_node(
            node, format=SourceFormat.JSON_LD, location=location, page_url=None
        )
        if isinstance(recipe, str):
            reasons.append(recipe)
        else:
            recipes.append(recipe)
    return recipes or "; ".join(reasons)
