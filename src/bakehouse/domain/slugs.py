"""Stable natural keys for names ("Brown Sugar (light)" → "brown-sugar-light"), and the
kind of a named thing in a sentence ("an ingredient")."""

from __future__ import annotations

import re
import unicodedata

from bakehouse.domain.inputs.limits import TextLimit
from bakehouse.errors import InvalidInput

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(name: str, *, field: str = "name") -> str:
    """Lower-case ASCII words joined by hyphens; refuses a name with no letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if not slug:
        raise InvalidInput(f"{name!r} needs at least one letter or digit", field=field)
    return slug[: TextLimit.SLUG]


def a_kind(kind: str) -> str:
    """``kind`` after its article, for messages: "an ingredient", "a recipe"."""
    return f"an {kind}" if kind[:1] in ("a", "e", "i", "o", "u") else f"a {kind}"
