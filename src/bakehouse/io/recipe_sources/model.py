"""What every recipe source reads into: one neutral, typed recipe, text only.

Readers keep ingredient lines as the raw text the source shows ("2 1/4 cups flour, sifted"):
splitting them into quantity, unit and ingredient is the recipe-entry parser's job. Every
text field is plain text: markup from a page is removed (script and style content dropped,
entities unescaped) before it gets here, so nothing in these objects is trusted HTML.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class SourceFormat(StrEnum):
    """The kind of source a recipe was read from."""

    HTML_JSON_LD = "html-json-ld"  # a page's schema.org Recipe in a JSON-LD block
    HTML_MICRODATA = "html-microdata"  # a page's schema.org Recipe in microdata
    JSON_LD = "json-ld"  # a JSON file holding schema.org Recipe(s)
    MEALIE = "mealie"
    TANDOOR = "tandoor"
    PAPRIKA = "paprika"
    TEXT = "text"


@dataclass(frozen=True)
class RecipeYield:
    """How much one batch makes: the text as written, and the count when it is one.

    ``count`` and ``noun`` are set only when the yield is a whole count of things
    ("24 cookies", "Makes 2 loaves", "12"); "1 9x13 pan", "about 2 dozen" or "6-8
    servings" keep only their text, so the baker is asked for the items per batch.
    """

    text: str
    count: int | None = None
    noun: str | None = None


@dataclass(frozen=True)
class ImportedSection:
    """A run of ingredient lines, under a heading ("For the glaze") or none (``None``)."""

    name: str | None
    lines: tuple[str, ...]


@dataclass(frozen=True)
class ImportedTime:
    """A time as the source wrote it, and in whole minutes when that can be read exactly."""

    text: str
    minutes: int | None = None


@dataclass(frozen=True)
class RecipeSource:
    """Where a recipe came from."""

    format: SourceFormat
    #: What was read: a file name (with the path inside an archive) or the fetched URL.
    location: str
    #: The recipe's own web address: the page, or the address an app export credits.
    url: str | None = None
    #: The app that wrote the export ("Mealie", "Tandoor", "Paprika"); None for pages.
    app: str | None = None
    #: The app's version, when the export's shape tells it (e.g. "2.0 or later").
    app_version: str | None = None


@dataclass(frozen=True)
class ImportedRecipe:
    """One recipe as read from a source, before any matching or saving."""

    name: str
    source: RecipeSource
    sections: tuple[ImportedSection, ...] = ()
    description: str = ""
    recipe_yield: RecipeYield | None = None
    instructions: str = ""
    notes: str = ""
    prep_time: ImportedTime | None = None
    cook_time: ImportedTime | None = None
    total_time: ImportedTime | None = None

    @property
    def lines(self) -> tuple[str, ...]:
        """Every ingredient line in order, across sections."""
        return tuple(line for section in self.sections for line in section.lines)


@dataclass(frozen=True)
class SkippedPart:
    """A part of a source that was not read as a recipe, and why (shown in the review)."""

    location: str
    reason: str


@dataclass(frozen=True)
class SourceReading:
    """The recipes read from one source, and the parts skipped on the way."""

    recipes: tuple[ImportedRecipe, ...]
    skipped: tuple[SkippedPart, ...] = ()
