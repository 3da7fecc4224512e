"""Stable natural keys for names: "Brown Sugar (light)" → "brown-sugar-light"."""

from __future__ import annotations

import re
import unicodedata

from bakehouse.errors import InvalidInput

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(name: str, *, field: str = "name") -> str:
    """Lower-case ASCII words joined by hyphens; refuses a name with no letters or digits."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_WORD.sub("-", ascii_text.lower()).strip("-")
    if not slug:
        raise InvalidInput(f"{name!r} needs at least one letter or digit", field=field)
    return slug[:200]


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters(text: str, *, field: str) -> str:
    """``text`` unchanged, or :class:`InvalidInput` if it holds invisible control characters
    (a NUL byte cannot even be stored by PostgreSQL); tabs and line breaks are fine."""
    if _CONTROL.search(text):
        raise InvalidInput(f"{field} contains control characters; retype it", field=field)
    return text


def clean_name(name: str, *, field: str = "name", max_length: int = 200) -> str:
    """A trimmed, non-empty name of at most ``max_length`` characters."""
    text = " ".join(refuse_control_characters(name, field=field).split())
    if not text:
        raise InvalidInput(f"{field} must not be empty", field=field)
    if len(text) > max_length:
        raise InvalidInput(f"{field} must be at most {max_length} characters", field=field)
    return text
