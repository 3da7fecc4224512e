"""Text and where it sits on each page of a PDF, read back with pypdf."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pypdf import PageObject, PdfReader


@dataclass(frozen=True)
class Fragment:
    text: str
    x: float  # points from the page's left edge
    y: float  # baseline, points from the page's bottom edge
    size: float
    font: str  # the font's PostScript name, subset prefix and all


def pages_text(pdf: bytes) -> list[list[Fragment]]:
    """Per page, each shown string with its start position, font size and font."""
    return [_page_text(page) for page in PdfReader(io.BytesIO(pdf)).pages]


def _page_text(page: PageObject) -> list[Fragment]:
    fragments: list[Fragment] = []

    def visit(text: str, cm: Sequence[float], tm: Sequence[float], font: Any, size: float) -> None:
        if text.strip():
            # the text matrix placed in page space by the current transformation
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            name = str(font.get("/BaseFont", "")) if font else ""
            fragments.append(Fragment(text.strip(), x, y, size, name))

    page.extract_text(visitor_text=visit)
    return fragments


def squeezed(text: str) -> str:
    """Text without any white space: line breaks fall where the layout chose."""
    return "".join(text.split())
