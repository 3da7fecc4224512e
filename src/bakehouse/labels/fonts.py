"""The one typeface labels and slips print in: Source Sans Pro (SIL OFL 1.1), installed with pip
(``font-source-sans-pro``), embedded in every PDF. Its Latin Extended coverage prints names
like "Łucja Dvořák"; nothing is read from the system or downloaded at run time."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

REGULAR = "BakehouseSans"
BOLD = "BakehouseSans-Bold"
FAMILY = "Source Sans Pro"

#: Where a line's glyphs reach above the baseline and below it, in ems: accented capitals
#: ("Ř", "Ł") rise above the font's nominal 0.75.
ASCENT = 0.95
DESCENT = 0.25

_FILES = {REGULAR: "SourceSansPro-Regular.ttf", BOLD: "SourceSansPro-Bold.ttf"}


def font_path(name: str) -> Path:
    """The TrueType file behind ``REGULAR`` or ``BOLD``, inside the installed font package."""
    return Path(str(files("font_source_sans_pro") / "files" / _FILES[name]))


@cache
def register_fonts() -> None:
    """Register both weights with reportlab once per process (bold for ``<b>`` in slips)."""
    for name in _FILES:
        pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)


def text_width(text: str, *, bold: bool, size: float) -> float:
    register_fonts()
    return pdfmetrics.stringWidth(text, BOLD if bold else REGULAR, size)
