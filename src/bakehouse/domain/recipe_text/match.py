"""Which catalog ingredient a name on an ingredient line means (docs/product.md §6.9).

Only a name that *is* a catalog name or one of its aliases — the same words, ignoring
case, accents, punctuation, spacing and plurals (:func:`~.words.match_key`) — is
:class:`Accepted`. Anything else, however close, is :class:`NeedsConfirmation` with ranked
suggestions, because a near name can be another food and drop an allergen: "peanut butter"
is not "butter", "baking soda" is not "baking powder", "cocoa butter" is not "cocoa". A name
with no suggestion is :class:`Unmatched`, to be created as a new ingredient; both carry a
:class:`StarterSuggestion` (how it is measured, its density) from the starter catalog.

Suggestions are ranked with RapidFuzz: the better of the token-sort ratio (same words in
another order score high) and 0.9 × the token-set ratio (one name's words inside the
other's: "flour" in "bread flour"), so no near name ever scores a clean 100 by containing
the other; among equal scores, a name with the same last word (the thing itself, in
English: "cocoa *butter*") comes first. A starter entry's density is offered for a new
ingredient from an entry with the same last word if there is one ("almond butter" is
measured like "Salted butter", not like "Almond flour"), else from the best score.
Pure: candidates in, typed results out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from rapidfuzz import fuzz, process

from bakehouse.domain.recipe_text.parse import IngredientLine
from bakehouse.domain.recipe_text.words import match_key
from bakehouse.units.conversion import Measure

__all__ = [
    "SUGGESTION_CUTOFF",
    "Accepted",
    "CatalogEntry",
    "IngredientMatcher",
    "MatchResult",
    "NeedsConfirmation",
    "StarterIngredient",
    "StarterSuggestion",
    "Suggestion",
    "Unmatched",
    "match_ingredient",
    "starter_ingredients",
]

#: The lowest score (0-100) offered as a suggestion when the names share a word.
SUGGESTION_CUTOFF = 65
#: The lowest score offered when they share none: a misspelling ("walnts", "bakng").
TYPO_CUTOFF = 85
#: The lowest score at which a starter entry's density is offered for a new ingredient.
STARTER_CUTOFF = 70
#: Suggestions offered for one line, best first.
MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class CatalogEntry:
    """An ingredient a line may name: its id, name and the aliases the baker has taught."""

    id: int
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class StarterIngredient:
    """A starter catalog entry, as far as a new ingredient needs it."""

    name: str
    measure: Measure
    density: Decimal | None
    grams_per_each: Decimal | None
    category: str
    allergens: tuple[str, ...]


@dataclass(frozen=True)
class Accepted:
    """The line names this ingredient: its name (``how="exact"``) or an alias."""

    ingredient_id: int
    how: Literal["exact", "alias"]
    name: str  # the catalog name


@dataclass(frozen=True)
class Suggestion:
    """A catalog ingredient the line may mean; ``matched`` is the name or alias that scored."""

    ingredient_id: int
    name: str
    score: int  # 0-100
    matched: str


@dataclass(frozen=True)
class StarterSuggestion:
    """What the starter catalog knows of an ingredient like the line's, for creating it.

    ``allergens`` are given only when ``exact`` (the line names this starter entry): a
    similar name is another food, so its allergens are the baker's to say, never copied.
    """

    name: str
    exact: bool
    score: int
    measure: Measure
    density: Decimal | None
    grams_per_each: Decimal | None
    category: str
    allergens: tuple[str, ...] | None


@dataclass(frozen=True)
class NeedsConfirmation:
    """Close names, best first; the baker picks one, or creates a new ingredient."""

    suggestions: tuple[Suggestion, ...]
    starter_suggestion: StarterSuggestion | None


@dataclass(frozen=True)
class Unmatched:
    """Nothing in the catalog is close: offer a new ingredient, like ``starter_suggestion``."""

    starter_suggestion: StarterSuggestion | None


MatchResult = Accepted | NeedsConfirmation | Unmatched


def starter_ingredients(entries: Iterable[Mapping[str, Any]]) -> tuple[StarterIngredient, ...]:
    """The starter catalog's entries (``services.starter_catalog.starter_entries()``),
    typed for matching."""
    return tuple(
        StarterIngredient(
            name=entry["name"],
            measure=Measure(entry["measure"]),
            density=_decimal(entry.get("density")),
            grams_per_each=_decimal(entry.get("grams_per_each")),
            category=entry.get("category", "other"),
            allergens=tuple(entry.get("allergens", ())),
        )
        for entry in entries
    )


def _decimal(value: object) -> Decimal | None:
    return None if value is None else Decimal(str(value))


class IngredientMatcher:
    """Matches names against one catalog; build it once for a whole pasted list."""

    def __init__(
        self, catalog: Iterable[CatalogEntry], starter: Iterable[StarterIngredient] = ()
    ) -> None:
        self._entries: dict[int, CatalogEntry] = {}
        self._exact: dict[str, dict[int, Literal["exact", "alias"]]] = {}
        self._choices: list[tuple[str, int, str]] = []  # (key, id, name or alias)
        for entry in catalog:
            self._entries[entry.id] = entry
            for text, how in ((entry.name, "exact"), *((a, "alias") for a in entry.aliases)):
                key = match_key(text)
                hits = self._exact.setdefault(key, {})
                if hits.get(entry.id) != "exact":
                    hits[entry.id] = "exact" if how == "exact" else "alias"
                self._choices.append((key, entry.id, text))
        self._choice_keys = [key for key, _, _ in self._choices]
        self._starter = {match_key(s.name): s for s in starter}
        self._starter_keys = list(self._starter)

    def match(self, name: str) -> MatchResult:
        """What ``name`` means in the catalog: accepted, close names to confirm, or none."""
        return self._match((name,))

    def match_line(self, line: IngredientLine) -> MatchResult:
        """What a read line names: its name as written ("chopped dates") first, then
        without the preparation moved to its note ("dates")."""
        return self._match((line.ingredient_as_written, line.ingredient))

    def _match(self, names: Sequence[str]) -> MatchResult:
        keys = [key for key in dict.fromkeys(match_key(name) for name in names) if key]
        if not keys:
            return Unmatched(None)
        for key in keys:
            hits = self._exact.get(key, {})
            if len(hits) == 1:
                ((ingredient_id, how),) = hits.items()
                return Accepted(ingredient_id, how, self._entries[ingredient_id].name)
        query = keys[-1]  # the name without preparation words scores best
        suggestions = self._suggestions(query)
        starter = self._starter_suggestion(keys)
        if suggestions:
            return NeedsConfirmation(suggestions, starter)
        return Unmatched(starter)

    def _suggestions(self, query: str) -> tuple[Suggestion, ...]:
        best: dict[int, tuple[int, bool, float, str]] = {}
        for index, score in _scored(query, self._choice_keys, SUGGESTION_CUTOFF):
            key, ingredient_id, text = self._choices[index]
            if not _close(query, key, score):
                continue
            ranked = (*_rank(query, key, score), text)
            if ingredient_id not in best or ranked[:3] > best[ingredient_id][:3]:
                best[ingredient_id] = ranked
        order = sorted(
            best.items(),
            key=lambda item: (*(-value for value in item[1][:3]), self._entries[item[0]].name),
        )
        return tuple(
            Suggestion(ingredient_id, self._entries[ingredient_id].name, score, text)
            for ingredient_id, (score, _, _, text) in order[:MAX_SUGGESTIONS]
        )

    def _starter_suggestion(self, keys: Sequence[str]) -> StarterSuggestion | None:
        for key in keys:
            if key in self._starter:
                return _suggest(self._starter[key], exact=True, score=100)
        query = keys[-1]
        scored = [(self._starter_keys[i], score) for i, score in _scored(query, self._starter_keys)]
        alike = [(key, score) for key, score in scored if _same_head(query, key)]
        close = [
            (key, score)
            for key, score in scored
            if score >= STARTER_CUTOFF and _close(query, key, score)
        ]
        if not (alike or close):
            return None
        key, score = max(alike or close, key=lambda hit: _rank(query, *hit))
        return _suggest(self._starter[key], exact=False, score=round(score))


def match_ingredient(
    name: str, catalog: Iterable[CatalogEntry], starter: Iterable[StarterIngredient] = ()
) -> MatchResult:
    """What ``name`` means in ``catalog`` (see :class:`IngredientMatcher` for many names)."""
    return IngredientMatcher(catalog, starter).match(name)


def _scored(query: str, keys: Sequence[str], cutoff: float = 0) -> list[tuple[int, float]]:
    """(index, score) of every key scoring at least ``cutoff``: the better of the
    token-sort ratio (same words in any order) and 0.9 × the token-set ratio (one name's
    words inside the other's), each computed by RapidFuzz over all keys at once."""
    scores: dict[int, float] = {}
    for scorer, weight in ((fuzz.token_sort_ratio, 1.0), (fuzz.token_set_ratio, 0.9)):
        found = process.extract(
            query, keys, scorer=scorer, score_cutoff=cutoff / weight, limit=None
        )
        for _, score, index in found:
            scores[index] = max(scores.get(index, 0.0), weight * score)
    return [(index, score) for index, score in scores.items() if score >= cutoff]


def _rank(query: str, key: str, score: float) -> tuple[int, bool, float]:
    """How a close key ranks: its score, then the same last word, then plain similarity."""
    return round(score), _same_head(query, key), fuzz.ratio(query, key)


def _close(query: str, key: str, score: float) -> bool:
    """Close enough to offer: a shared word, or a misspelling ("walnts" for "walnuts");
    "sour cream" and "bread flour" only share letters."""
    return score >= TYPO_CUTOFF or not set(query.split()).isdisjoint(key.split())


def _same_head(query: str, key: str) -> bool:
    """Whether two keys end in the same word: "almond butter" and "salted butter"."""
    return query.rsplit(" ", 1)[-1] == key.rsplit(" ", 1)[-1]


def _suggest(entry: StarterIngredient, *, exact: bool, score: int) -> StarterSuggestion:
    return StarterSuggestion(
        name=entry.name,
        exact=exact,
        score=score,
        measure=entry.measure,
        density=entry.density,
        grams_per_each=entry.grams_per_each,
        category=entry.category,
        allergens=entry.allergens if exact else None,
    )
