"""The text rules every door applies: no control characters, and a length per kind of field.

PostgreSQL cannot store a NUL byte at all, and other control characters (a BEL, an escape)
are invisible in a name and break CSV files and terminals; lone surrogates (``"\\ud800"`` in
JSON) are not text and cannot be encoded. Tabs and line breaks are ordinary text; in a
one-line field (a name) every run of whitespace becomes one space.
"""

from __future__ import annotations

import re

from bakehouse.domain.inputs.problem import InputProblem

# C0 controls but tab, line feed and carriage return; DEL; the C1 controls; surrogates.
_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def refuse_control_characters(text: str) -> str:
    """``text`` unchanged; raises :class:`InputProblem` if it holds control characters."""
    found = _NOT_TEXT.search(text)
    if found:
        point = ord(found.group())
        what = (
            "a character that is not text" if point >= 0xD800 else "an invisible control character"
        )
        raise InputProblem(f"contains {what} (U+{point:04X}); retype it")
    return text


def _as_text(value: object) -> str:
    if not isinstance(value, str):
        raise InputProblem("must be text")
    return refuse_control_characters(value)


def clean_text(value: object, *, max_length: int) -> str:
    """Free text (notes, an address) trimmed at the ends; ``None`` is empty."""
    if value is None:
        return ""
    text = _as_text(value).strip()
    if len(text) > max_length:
        raise InputProblem(f"must be at most {max_length:,} characters")
    return text


def clean_line(value: object, *, max_length: int, required: bool = True) -> str:
    """One line of text (a name, a reason): whitespace runs become one space, trimmed.

    Raises :class:`InputProblem` when empty (if ``required``), too long or not text.
    """
    if value is None and not required:
        return ""
    text = " ".join(_as_text(value).split())
    if required and not text:
        raise InputProblem("must not be empty")
    if len(text) > max_length:
        raise InputProblem(f"must be at most {max_length:,} characters")
    return text
