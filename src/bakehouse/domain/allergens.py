"""The 14 major allergens (EU FIC Annex II / UK FSA), as a fixed vocabulary."""

from __future__ import annotations

from collections.abc import Iterable

from bakehouse.errors import InvalidInput

ALLERGENS: dict[str, str] = {
    "gluten": "Cereals containing gluten",
    "crustaceans": "Crustaceans",
    "eggs": "Eggs",
    "fish": "Fish",
    "peanuts": "Peanuts",
    "soy": "Soybeans",
    "milk": "Milk",
    "tree_nuts": "Tree nuts",
    "celery": "Celery",
    "mustard": "Mustard",
    "sesame": "Sesame",
    "sulphites": "Sulphur dioxide and sulphites",
    "lupin": "Lupin",
    "molluscs": "Molluscs",
}

_ALIASES = {
    "egg": "eggs",
    "peanut": "peanuts",
    "soya": "soy",
    "soybeans": "soy",
    "dairy": "milk",
    "tree nuts": "tree_nuts",
    "tree-nuts": "tree_nuts",
    "nuts": "tree_nuts",
    "wheat": "gluten",
    "sulfites": "sulphites",
    "sulphur dioxide": "sulphites",
    "mollusks": "molluscs",
}


def normalize_allergens(values: Iterable[str], *, field: str = "allergens") -> list[str]:
    """Return the allergen codes sorted and de-duplicated; unknown names are refused."""
    codes: set[str] = set()
    for raw in values:
        key = raw.strip().lower()
        if not key:
            continue
        code = _ALIASES.get(key, key.replace(" ", "_"))
        if code not in ALLERGENS:
            raise InvalidInput(
                f"unknown allergen {raw!r}; use one of: {', '.join(ALLERGENS)}", field=field
            )
        codes.add(code)
    return sorted(codes)


def allergen_label(code: str) -> str:
    return ALLERGENS.get(code, code)
