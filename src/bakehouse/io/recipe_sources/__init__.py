"""Reading recipes from other places: web pages, app exports and plain text.

The readers turn a source into neutral :class:`ImportedRecipe` objects (raw ingredient
lines in sections, plain text everywhere); matching lines to the catalog and saving happen
later, in the import service. Every layer of a source is capped (:class:`ReadLimits`), and
a URL is fetched only on request and only from public addresses (:mod:`.fetch`).
"""

from __future__ import annotations

from bakehouse.io.recipe_sources.detect import (
    read_recipe_bytes,
    read_recipe_file,
    read_recipe_url,
)
from bakehouse.io.recipe_sources.errors import (
    FetchFailed,
    FetchRefused,
    NotARecipe,
    SourceTooLarge,
    TooManyRecipes,
    UnsafeArchive,
)
from bakehouse.io.recipe_sources.fetch import FetchedPage, FetchPolicy, fetch_page
from bakehouse.io.recipe_sources.limits import DEFAULT_LIMITS, ReadLimits
from bakehouse.io.recipe_sources.model import (
    ImportedRecipe,
    ImportedSection,
    ImportedTime,
    RecipeSource,
    RecipeYield,
    SkippedPart,
    SourceFormat,
    SourceReading,
)

__all__ = [
    "DEFAULT_LIMITS",
    "FetchFailed",
    "FetchPolicy",
    "FetchRefused",
    "FetchedPage",
    "ImportedRecipe",
    "ImportedSection",
    "ImportedTime",
    "NotARecipe",
    "ReadLimits",
    "RecipeSource",
    "RecipeYield",
    "SkippedPart",
    "SourceFormat",
    "SourceReading",
    "SourceTooLarge",
    "TooManyRecipes",
    "UnsafeArchive",
    "fetch_page",
    "read_recipe_bytes",
    "read_recipe_file",
    "read_recipe_url",
]
