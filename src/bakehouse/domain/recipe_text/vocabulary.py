"""The kitchen words the line reader knows besides units (those are ``units.conversion``'s).

Each list is small on purpose: a word not listed stays part of the ingredient's name, and
a name is only ever matched exactly or offered for confirmation, so a missing word costs
the baker one confirmation, never a wrong ingredient.
"""

from __future__ import annotations

import re

#: Words ``normalize_unit`` reads as "each" that are really a count unit. Others it reads
#: as "each" ("egg", "large", "whole", "x") name the thing or its size, not a unit.
COUNT_UNIT_WORDS = frozenset({"each", "ea", "ea.", "pc", "pc.", "pcs", "piece", "pieces"})

#: Sizes written between the number and the name: "2 large eggs" is 2 eggs, noted "large".
SIZE_WORDS = frozenset(
    {"small", "medium", "large", "extra-large", "extra large", "jumbo", "whole", "big"}
)

#: Amount words before the unit that do not change it: "1 heaping cup" is 1 cup, noted.
AMOUNT_WORDS = frozenset({"heaping", "heaped", "level", "scant", "generous", "rounded"})

#: How things are sold: "1 (8 oz) package" is 8 oz; "2 sticks" alone has no size.
CONTAINER_WORDS = frozenset(
    {
        "package", "packages", "pkg", "pkg.", "pkgs", "pack", "packs", "packet", "packets",
        "can", "cans", "tin", "tins", "jar", "jars", "bag", "bags", "box", "boxes", "bar",
        "bars", "stick", "sticks", "carton", "cartons", "container", "containers", "bottle",
        "bottles", "envelope", "envelopes", "tub", "tubs", "block", "blocks",
    }
)  # fmt: skip

#: Measures Bakehouse does not convert: "1 pinch salt" asks for an amount in a real unit.
MEASURE_WORDS = frozenset(
    {
        "pinch", "pinches", "dash", "dashes", "drop", "drops", "splash", "splashes",
        "handful", "handfuls", "sprig", "sprigs", "clove", "cloves", "slice", "slices",
        "bunch", "bunches", "head", "heads", "knob", "knobs", "sheet", "sheets", "stalk",
        "stalks", "sprinkle", "smidgen", "scoop", "scoops",
    }
)  # fmt: skip

#: Preparation written before a name that does not change what the ingredient is, so the
#: line is matched without it ("1 cup chopped walnuts" is walnuts, noted "chopped"). Words
#: that do name another product — "ground", "sliced", "shredded", "dried", "toasted",
#: "fresh", "hot", "whipped" — are not here: "ground almonds" are not almonds.
PREPARATION_PREFIX = re.compile(
    r"^(?:(?:finely|coarsely|roughly|firmly|lightly|loosely|well)[\s-]+)?"
    r"(?:chopped|sifted|melted|softened|packed|diced|minced|cubed|beaten|chilled|cold|"
    r"room[\s-]temperature|mashed|crumbled|ripe|peeled)\b[\s,]*",
    re.IGNORECASE,
)

#: Phrases after a name that are notes, not part of it: "salt to taste", "flour for dusting".
TRAILING_NOTE = re.compile(
    r"\s*\b(?:(?:plus|and) (?:more|extra) )?"
    r"(?:to taste|as needed|as required|if needed|optional|divided|at room temperature|"
    r"for (?:dusting|greasing|garnish|garnishing|decorating|decoration|the pans?|serving|"
    r"sprinkling|rolling|brushing|topping))\b.*$",
    re.IGNORECASE,
)

#: "a pinch of salt", "dash of vanilla": an amount word with no number.
AMOUNT_WITHOUT_NUMBER = re.compile(
    r"^(?:an?\s+|one\s+|some\s+|few\s+|a\s+few\s+)?"
    r"(?P<measure>pinch|dash|drop|drops|splash|handful|sprinkle|smidgen|little|bit)\b"
    r"(?:\s+of\b)?\s*",
    re.IGNORECASE,
)

#: A bullet or a list number at the start of a pasted line: "- ", "• ", "3. ", "b) ".
BULLET = re.compile(r"^(?:[-*•·‣◦▪▫●○■□▢☐☑✓✔+>–—]+\s*|\d{1,3}[.)]\s+(?=\S)|[a-zA-Z][.)]\s+(?=\S))")
