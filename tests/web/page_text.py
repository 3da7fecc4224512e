"""Read a page as a person would: its text without tags, whitespace collapsed."""

from __future__ import annotations

import html
import re

_SCRIPT = re.compile(r"<(script|style|title)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def page_text(markup: str) -> str:
    without_tags = _TAG.sub(" ", _SCRIPT.sub(" ", markup))
    return " ".join(html.unescape(without_tags).split())


def section(markup: str, element_id: str) -> str:
    """The text of the element with ``id`` up to the end of its section (or the page)."""
    start = markup.find(f'id="{element_id}"')
    assert start >= 0, f"no element with id {element_id!r}"
    end = markup.find("</section>", start)
    return page_text(markup[start : end if end >= 0 else None])
