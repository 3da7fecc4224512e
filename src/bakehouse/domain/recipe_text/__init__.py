"""Recipe text as bakers write it: ingredient lines read, and matched to the catalog.

``parse`` reads "2 1/4 cups all-purpose flour, sifted" into quantity, unit, name and note;
``match`` finds the catalog ingredient a name means — exactly, or as suggestions for the
baker to confirm (docs/product.md §6.9). Pure: no database, no network.
"""

from __future__ import annotations

from bakehouse.domain.recipe_text.match import (
    Accepted,
    CatalogEntry,
    IngredientMatcher,
    MatchResult,
    NeedsConfirmation,
    StarterIngredient,
    StarterSuggestion,
    Suggestion,
    Unmatched,
    match_ingredient,
    starter_ingredients,
)
from bakehouse.domain.recipe_text.parse import (
    IngredientLine,
    LineProblem,
    ProblemKind,
    SectionHeading,
    parse_ingredient_line,
    parse_ingredient_list,
)
from bakehouse.domain.recipe_text.words import match_key

__all__ = [
    "Accepted",
    "CatalogEntry",
    "IngredientLine",
    "IngredientMatcher",
    "LineProblem",
    "MatchResult",
    "NeedsConfirmation",
    "ProblemKind",
    "SectionHeading",
    "StarterIngredient",
    "StarterSuggestion",
    "Suggestion",
    "Unmatched",
    "match_ingredient",
    "match_key",
    "parse_ingredient_line",
    "parse_ingredient_list",
    "starter_ingredients",
]
