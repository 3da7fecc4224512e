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


# --- Specific names, for labels (docs/product.md §6.8) ---------------------------------
#
# Some allergens are declared by what exactly they are: the US "Contains:" line names the
# tree nut ("almonds"), the fish ("cod") and the crustacean shellfish ("shrimp"); both styles
# name the cereal behind gluten ("wheat"). An ingredient carries such a name beside its code.

#: Codes that take a specific name, with the names Bakehouse knows how to spell. Fish,
#: crustaceans and molluscs have too many species to list: any name is accepted for them.
SPECIFIC_NAMES: dict[str, tuple[str, ...]] = {
    "tree_nuts": (
        "almonds",
        "brazil nuts",
        "cashews",
        "chestnuts",
        "hazelnuts",
        "macadamia nuts",
        "pecans",
        "pine nuts",
        "pistachios",
        "walnuts",
    ),
    "gluten": ("wheat", "rye", "barley", "oats", "spelt", "kamut"),
    "fish": (),
    "crustaceans": (),
    "molluscs": (),
}

_SPECIFIC_ALIASES = {
    "almond": "almonds",
    "brazil nut": "brazil nuts",
    "cashew": "cashews",
    "chestnut": "chestnuts",
    "filbert": "hazelnuts",
    "filberts": "hazelnuts",
    "hazelnut": "hazelnuts",
    "macadamia": "macadamia nuts",
    "macadamias": "macadamia nuts",
    "macadamia nut": "macadamia nuts",
    "pecan": "pecans",
    "pine nut": "pine nuts",
    "pignoli": "pine nuts",
    "pistachio": "pistachios",
    "walnut": "walnuts",
    "oat": "oats",
}

#: The major food allergens of US law (FALCPA and the FASTER Act), in the order Bakehouse
#: prints them on a "Contains:" line; each maps to the code of the 14 that covers it. Wheat
#: is the one gluten cereal among them; celery, mustard, lupin, sulphites and molluscs are
#: not US major allergens.
US_MAJOR_ALLERGENS: tuple[tuple[str, str], ...] = (
    ("milk", "milk"),
    ("eggs", "eggs"),
    ("wheat", "gluten"),
    ("soy", "soy"),
    ("peanuts", "peanuts"),
    ("sesame", "sesame"),
    ("tree nuts", "tree_nuts"),
    ("fish", "fish"),
    ("shellfish", "crustaceans"),
)

#: Cereals that US law declares as "wheat" (spelt and kamut are wheats).
US_WHEAT_NAMES = frozenset({"wheat", "spelt", "kamut"})


def normalize_specific_name(code: str, name: str, *, field: str = "allergen_names") -> str:
    """The specific name of allergen ``code`` in its label spelling ("Almond" → "almonds").

    Raises :class:`InvalidInput` when ``code`` takes no specific name (milk, eggs…), when the
    name is blank, or when a tree nut or cereal is not one Bakehouse knows.
    """
    if code not in SPECIFIC_NAMES:
        takes = ", ".join(allergen_label(c).lower() for c in SPECIFIC_NAMES)
        raise InvalidInput(
            f"{allergen_label(code).lower()} takes no specific name; only {takes} do",
            field=field,
        )
    text = " ".join(name.split()).lower()
    if not text:
        raise InvalidInput("a specific allergen name cannot be blank", field=field)
    text = _SPECIFIC_ALIASES.get(text, text)
    known = SPECIFIC_NAMES[code]
    if known and text not in known:
        raise InvalidInput(
            f"unknown {allergen_label(code).lower()} {name!r}; use one of: {', '.join(known)}",
            field=field,
        )
    return text


def normalize_allergen_names(
    value: object, *, field: str = "allergen_names"
) -> dict[str, list[str]]:
    """Specific allergen names by code, from a mapping ({"tree nuts": ["almond"]}) or the
    text the forms and the CLI take ("tree nuts: almonds, hazelnuts; fish: cod").

    Codes are read as :func:`normalize_allergens` reads them, names as
    :func:`normalize_specific_name`; each list is sorted and de-duplicated, and a code with no
    name is left out. Raises :class:`InvalidInput` naming ``field``.
    """
    pairs: list[tuple[object, list[object]]] = []
    if value is None:
        return {}
    if isinstance(value, str):
        for part in value.split(";"):
            if not part.strip():
                continue
            code, colon, listed = part.partition(":")
            if not colon:
                raise InvalidInput(
                    f"write specific allergen names as 'tree nuts: almonds, hazelnuts; "
                    f"fish: cod', not {part.strip()!r}",
                    field=field,
                )
            pairs.append((code, list(listed.split(","))))
    elif isinstance(value, dict):
        for key, names in value.items():
            given = names.split(",") if isinstance(names, str) else names
            if not isinstance(key, str) or not isinstance(given, list | tuple):
                raise InvalidInput(
                    "specific allergen names must map an allergen to a list of names",
                    field=field,
                )
            pairs.append((key, list(given)))
    else:
        raise InvalidInput(
            "specific allergen names must map an allergen to a list of names", field=field
        )
    result: dict[str, set[str]] = {}
    for raw_code, names in pairs:
        codes = normalize_allergens([str(raw_code)], field=field)
        if not codes:
            raise InvalidInput("name the allergen before its specific names", field=field)
        for name in names:
            if not isinstance(name, str):
                raise InvalidInput("a specific allergen name must be text", field=field)
            if name.strip():
                result.setdefault(codes[0], set()).add(
                    normalize_specific_name(codes[0], name.strip(), field=field)
                )
    return {code: sorted(result[code]) for code in sorted(result)}


def format_allergen_names(names: dict[str, list[str]]) -> str:
    """The form's text for specific names: "tree nuts: almonds, hazelnuts; fish: cod"."""
    return "; ".join(
        f"{code.replace('_', ' ')}: {', '.join(values)}" for code, values in names.items() if values
    )


def split_sub_ingredients(value: object, *, field: str = "sub_ingredients") -> list[str]:
    """An ingredient's sub-ingredients, in the packet's order, from a list or one text split at
    commas outside brackets ("sugar, chocolate (cocoa mass, sugar), soy lecithin"). Each is
    trimmed, inner spaces collapsed, at most 200 characters; empty ones dropped."""
    if value is None:
        return []
    if isinstance(value, str):
        parts: list[str] = []
        current: list[str] = []
        depth = 0
        for char in value:
            depth += (char in "([") - (char in ")]")
            if char == "," and depth <= 0:
                parts.append("".join(current))
                current = []
            else:
                current.append(char)
        parts.append("".join(current))
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        parts = list(value)
    else:
        raise InvalidInput("sub-ingredients must be a list of names", field=field)
    # Imported here: domain.inputs reads ALLERGENS from this module for its limits.
    from bakehouse.domain.inputs.problem import InputProblem
    from bakehouse.domain.inputs.text import refuse_control_characters

    cleaned = [" ".join(part.split()) for part in parts]
    for part in cleaned:
        try:
            refuse_control_characters(part)
        except InputProblem as problem:
            raise InvalidInput(f"a sub-ingredient {problem}", field=field) from None
        if len(part) > 200:
            raise InvalidInput(
                f"the sub-ingredient {part[:40]!r}… is longer than 200 characters", field=field
            )
    return [part for part in cleaned if part]
