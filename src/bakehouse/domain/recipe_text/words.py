"""The key two ingredient names share when they are the same name written differently.

"All-purpose flour", "all purpose  flour" and "ALL-PURPOSE FLOURS" have one key,
``"all purpose flour"``: case, accents, punctuation, runs of spaces and each word's plural
are ignored — and nothing else. Two names with different words ("peanut butter" and
"butter") never share a key; how close they are is the matcher's business, and a close
name is only ever a suggestion (docs/product.md §6.9).
"""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = "'\u2018\u2019\u02bc`"  # "confectioners'" and "confectioners’" are one word
_NOT_A_WORD = re.compile(r"[^0-9a-z%]+")
# Words whose last "s" is not a plural ending: "glass", "hummus", "citrus", "asparagus".
_SINGULAR_ENDINGS = ("ss", "us", "is")


def match_key(text: str) -> str:
    """``text`` reduced to what decides whether two names are the same name.

    Lower-case ASCII (accents dropped: "crème" → "creme"), "&" read as "and", apostrophes
    dropped, any other punctuation a space, each word singular ("eggs" → "egg", "cherries"
    → "cherry", "peaches" → "peach", "tomatoes" → "tomato"). Text with no ASCII letter or
    digit keeps its case-folded words, so it can still match itself.
    """
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("&", " and ")
    for apostrophe in _APOSTROPHES:
        folded = folded.replace(apostrophe, "")
    words = _NOT_A_WORD.sub(" ", folded).split()
    if not words:
        return " ".join(text.casefold().split())
    return " ".join(singular(word) for word in words)


def singular(word: str) -> str:
    """A lower-case English word without its plural ending, the same way for every word.

    Only consistency matters (both sides of a comparison go through it), so "cookies" and
    "cookie" both become "cooky", and an odd plural ("leaves") only makes a match a
    suggestion instead of an exact one — never the other way round.
    """
    if not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 3:
        return word[:-3] + "y"
    if word.endswith("ie"):
        return word[:-2] + "y"
    if len(word) <= 3:
        return word  # "gas", "yes"
    if word.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return word[:-2]
    if word.endswith(_SINGULAR_ENDINGS):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word
