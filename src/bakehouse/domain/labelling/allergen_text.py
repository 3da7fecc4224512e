"""Allergens in a label's words: the US "Contains:" line and EU/UK emphasis (docs/product.md §6.8).

*US*: one line naming the major food allergens of US law in a fixed order (milk, eggs, wheat,
soy, peanuts, sesame, then the specific tree nuts, fish and shellfish), e.g. "Contains: milk,
eggs, wheat, almonds". *EU/UK*: each allergen is emphasised where the ingredient list names it
("**wheat** flour", "soy lecithin"); when the list does not name it, it is added in brackets
after the ingredient ("butter (**milk**)").
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from bakehouse.domain.allergens import (
    ALLERGENS,
    US_MAJOR_ALLERGENS,
    US_WHEAT_NAMES,
    allergen_label,
)
from bakehouse.domain.labelling.contents import Allergen, IngredientFacts
from bakehouse.domain.labelling.runs import Run, merge_runs


class LabelStyle(StrEnum):
    """How allergens are shown (the label style setting, docs/product.md §6.8)."""

    US = "us"
    EU = "eu"  # EU and UK


# Words that name an allergen in an ingredient's own text, besides its specific name.
_TERMS: dict[str, tuple[str, ...]] = {
    "gluten": ("gluten", "wheat", "rye", "barley", "oat", "spelt", "kamut"),
    "crustaceans": ("crustacean",),
    "eggs": ("egg",),
    "fish": ("fish",),
    "peanuts": ("peanut", "groundnut"),
    "soy": ("soy", "soya", "soybean"),
    "milk": ("milk",),
    "tree_nuts": (),
    "celery": ("celery", "celeriac"),
    "mustard": ("mustard",),
    "sesame": ("sesame",),
    "sulphites": ("sulphite", "sulfite", "sulphur dioxide", "sulfur dioxide"),
    "lupin": ("lupin", "lupine"),
    "molluscs": ("mollusc", "mollusk"),
}

# What is added in brackets when the ingredient's text does not name the allergen.
_ADDED: dict[str, str] = {
    "gluten": "gluten",
    "crustaceans": "crustaceans",
    "eggs": "egg",
    "fish": "fish",
    "peanuts": "peanuts",
    "soy": "soy",
    "milk": "milk",
    "tree_nuts": "nuts",
    "celery": "celery",
    "mustard": "mustard",
    "sesame": "sesame",
    "sulphites": "sulphites",
    "lupin": "lupin",
    "molluscs": "molluscs",
}

# US line words for an allergen whose specific name is missing.
_US_UNNAMED = {
    "gluten": "gluten",
    "tree_nuts": "tree nuts",
    "fish": "fish",
    "crustaceans": "shellfish",
}
_US_SPECIFIC = frozenset({"tree_nuts", "fish", "crustaceans"})


@dataclass(frozen=True)
class AllergenLine:
    runs: tuple[Run, ...]
    warnings: tuple[str, ...]


def ingredient_runs(
    ingredient: IngredientFacts, *, emphasise: Collection[str], avoids: Collection[str]
) -> tuple[Run, ...]:
    """The ingredient as the statement prints it, sub-ingredients in brackets, with the
    allergens whose codes are in ``emphasise`` made strong (and ``avoids`` marked avoided)."""
    codes = [a for a in ingredient.allergens if a.code in emphasise]
    pattern = _pattern(codes)
    found: set[str] = set()
    runs = _mark(ingredient.name, pattern, codes, avoids, found)
    bracket: list[list[Run]] = [
        _mark(sub, pattern, codes, avoids, found) for sub in ingredient.sub_ingredients
    ]
    # allergens neither the name nor a sub-ingredient names are added inside the brackets
    bracket.extend(
        [_allergen_run(word, code, avoids)] for word, code in _missing_words(codes, found)
    )
    if bracket:
        runs.append(Run(" ("))
        for index, entry in enumerate(bracket):
            if index:
                runs.append(Run(", "))
            runs.extend(entry)
        runs.append(Run(")"))
    return merge_runs(runs)


def us_contains_line(
    ingredients: Iterable[IngredientFacts], *, avoids: Collection[str]
) -> AllergenLine | None:
    """The "Contains:" line, or None when no US major allergen is in the contents."""
    allergens = [(ing, a) for ing in ingredients for a in ing.allergens]
    words: list[tuple[str, str]] = []
    warnings: list[str] = []
    for word, code in US_MAJOR_ALLERGENS:
        carried = [(ing, a) for ing, a in allergens if a.code == code]
        if not carried:
            continue
        if code == "gluten":
            words.extend(_us_gluten(carried, warnings))
        elif code in _US_SPECIFIC:
            names = sorted({a.name for _, a in carried if a.name})
            unnamed = sorted({ing.name for ing, a in carried if not a.name})
            words.extend((name, code) for name in names)
            if unnamed:
                words.append((_US_UNNAMED[code], code))
                warnings.append(_name_it(code, unnamed))
        else:
            words.append((word, code))
    if not words:
        return None
    runs = [Run("Contains: ")]
    for index, (word, code) in enumerate(words):
        if index:
            runs.append(Run(", "))
        runs.append(Run(word, strong=code in avoids, avoided=code in avoids))
    return AllergenLine(merge_runs(runs), tuple(warnings))


def allergen_codes(ingredients: Iterable[IngredientFacts]) -> frozenset[str]:
    return frozenset(a.code for ing in ingredients for a in ing.allergens)


def allergen_words(ingredients: Iterable[IngredientFacts], codes: Collection[str]) -> list[str]:
    """The allergens of ``codes`` among the ingredients, by specific name where one is set
    ("tree nuts (almonds)"), in the vocabulary's order."""
    ingredients = list(ingredients)
    words = []
    for code in sorted(codes, key=_vocabulary_order):
        names = sorted(
            {a.name for ing in ingredients for a in ing.allergens if a.code == code and a.name}
        )
        label = allergen_label(code).lower()
        words.append(f"{label} ({', '.join(names)})" if names else label)
    return words


def _us_gluten(
    carried: list[tuple[IngredientFacts, Allergen]], warnings: list[str]
) -> list[tuple[str, str]]:
    wheat = any(a.name in US_WHEAT_NAMES for _, a in carried)
    unnamed = sorted({ing.name for ing, a in carried if not a.name})
    words = [("wheat", "gluten")] if wheat else []
    if unnamed:
        if not wheat:
            words.append(("gluten", "gluten"))
        warnings.append(_name_it("gluten", unnamed))
    return words


def _name_it(code: str, ingredients: list[str]) -> str:
    what = {"gluten": "the cereal", "tree_nuts": "the tree nut", "fish": "the fish"}.get(
        code, "the shellfish"
    )
    return f"name {what} in {', '.join(ingredients)} for the Contains line"


def _pattern(allergens: list[Allergen]) -> re.Pattern[str] | None:
    terms: set[str] = set()
    for allergen in allergens:
        terms.update(_TERMS.get(allergen.code, ()))
        if allergen.name:
            terms.add(_stem(allergen.name))
    if not terms:
        return None
    alternatives = "|".join(
        r"\s+".join(re.escape(word) for word in term.split())
        for term in sorted(terms, key=len, reverse=True)
    )
    return re.compile(rf"(?<!\w)(?:{alternatives})(?:e?s)?(?!\w)", re.IGNORECASE)


def _stem(name: str) -> str:
    return name[:-1] if len(name) > 3 and name.endswith("s") and not name.endswith("ss") else name


def _mark(
    text: str,
    pattern: re.Pattern[str] | None,
    allergens: list[Allergen],
    avoids: Collection[str],
    found: set[str],
) -> list[Run]:
    if pattern is None:
        return [Run(text)]
    runs: list[Run] = []
    position = 0
    for match in pattern.finditer(text):
        codes = _codes_named_by(match.group(0), allergens)
        found.update(codes)
        avoided = bool(codes & set(avoids))
        runs.extend((Run(text[position : match.start()]), Run(match.group(0), True, avoided)))
        position = match.end()
    runs.append(Run(text[position:]))
    return runs


def _codes_named_by(word: str, allergens: list[Allergen]) -> set[str]:
    codes = set()
    for allergen in allergens:
        single = _pattern([allergen])
        if single is not None and single.fullmatch(word):
            codes.add(allergen.code)
    return codes


def _missing_words(allergens: list[Allergen], found: set[str]) -> list[tuple[str, str]]:
    missing: list[tuple[str, str]] = []
    for allergen in allergens:
        if allergen.code in found:
            continue
        word = allergen.name or _ADDED[allergen.code]
        if (word, allergen.code) not in missing:
            missing.append((word, allergen.code))
    return missing


def _allergen_run(word: str, code: str, avoids: Collection[str]) -> Run:
    return Run(word, strong=True, avoided=code in avoids)


_ORDER = {code: index for index, code in enumerate(ALLERGENS)}


def _vocabulary_order(code: str) -> tuple[int, str]:
    return (_ORDER.get(code, len(_ORDER)), code)
