"""How much of a recipe source Bakehouse reads before it refuses: every layer is capped.

A file or page is read only up to its cap; a zip member's declared size, compression ratio
and actual size are checked before and while it is decompressed; a gzip stream is inflated
in bounded steps; the decompressed bytes of all layers share one budget.
"""

from __future__ import annotations

from dataclasses import dataclass

from bakehouse.domain.inputs import MAX_IMPORT_RECIPES

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """The caps applied while reading one source (defaults suit a 40-recipe export)."""

    #: An archive as given (a zip file), compressed.
    max_archive_bytes: int = 128 * MIB
    #: One document: a page, a JSON or text file, a decompressed zip member or gzip stream.
    max_document_bytes: int = 16 * MIB
    #: Everything decompressed from one source, all layers together.
    max_total_bytes: int = 128 * MIB
    #: Entries in one zip (images and folders count).
    max_members: int = 2_000
    #: Decompressed ÷ compressed size of a member larger than ``ratio_floor_bytes``.
    max_ratio: int = 100
    ratio_floor_bytes: int = 1 * MIB
    #: Zips inside zips: an export of per-recipe zips is 2 levels deep.
    max_archive_depth: int = 2
    #: Recipes in one source.
    max_recipes: int = MAX_IMPORT_RECIPES
    #: Nesting of a JSON document (a JSON-LD block, an export).
    max_json_depth: int = 32


DEFAULT_LIMITS = ReadLimits()
