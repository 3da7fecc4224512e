"""Turning what sources hold into the model's plain fields: text, sections, yields, times.

Shared by every reader so a page, an app export and a text file give the same answers:
markup becomes text (script and style content dropped, entities unescaped, up to three
rounds for markup that was escaped twice), control characters become spaces, an ingredient
line ending in a colon ("For the glaze:") is a section heading, a yield is a count only
when it is a whole number of things.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

import html_text

from bakehouse.domain.inputs import MAX_COUNT
from bakehouse.io.recipe_sources.model import ImportedSection, ImportedTime, RecipeYield

# C0 controls but tab and line breaks, DEL, C1 controls, lone surrogates.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_ENTITY = re.compile(r"&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BLOCK_TAG = re.compile(r"<\s*/?\s*(p|br|li|ol|ul|div|h[1-6]|tr|table|section)\b", re.IGNORECASE)
_BLANK_RUNS = re.compile(r"\n{3,}")
_QUANTITY_START = re.compile(r"^[\d¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞]")
#: The longest line taken as a section heading ("For the brown butter glaze:").
MAX_HEADING = 80


def plain_text(value: object, *, multiline: bool = True) -> str:
    """``value`` as plain text: markup removed, entities unescaped, whitespace tidied.

    A one-line field (``multiline=False``: a name, an ingredient line) has every run of
    whitespace made one space; a multi-line field keeps its line breaks and paragraphs.
    Numbers become their digits; anything else that is not text becomes "".
    """
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        text = str(value)
    elif isinstance(value, Decimal):
        text = format_number(value)
    elif isinstance(value, float):
        text = _float_text(value)
    elif isinstance(value, str):
        text = value
    else:
        return ""
    text = _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))
    for _ in range(3):  # markup escaped twice ("&amp;lt;b&amp;gt;") takes three rounds
        if _TAG.search(text):
            text = _markup_to_text(text, multiline=multiline)
        elif _ENTITY.search(text):
            text = _CONTROL.sub(" ", html.unescape(text))
        else:
            break
    return _tidy(text, multiline=multiline)


def plain_line(value: object) -> str:
    """``value`` as one line of plain text (see :func:`plain_text`)."""
    return plain_text(value, multiline=False)


def _markup_to_text(text: str, *, multiline: bool) -> str:
    if multiline and not _BLOCK_TAG.search(text):
        # Text with a stray tag but written with line breaks: keep the breaks.
        text = text.replace("\n", "<br>")
    return _CONTROL.sub(" ", html_text.extract_text(text, guess_layout=multiline))


def _tidy(text: str, *, multiline: bool) -> str:
    text = text.replace("\xa0", " ")
    if not multiline:
        return " ".join(text.split())
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _float_text(value: float) -> str:
    try:
        number = Decimal(repr(value))
    except InvalidOperation:  # nan, inf
        return ""
    return format_number(number)


def format_number(number: Decimal) -> str:
    """A decimal as a person writes it: "250", "0.5" (no exponent, no trailing zeros)."""
    if not number.is_finite():
        return ""
    text = format(number.normalize(), "f")
    return text


def is_heading(line: str) -> bool:
    """Whether an ingredient line is a section heading: "For the glaze:", "Dough:"."""
    return (
        line.endswith(":")
        and len(line) <= MAX_HEADING
        and len(line) > 1
        and not _QUANTITY_START.match(line)
    )


class SectionBuilder:
    """Collects ingredient lines into sections, in order, dropping empty ones."""

    def __init__(self) -> None:
        self._sections: list[ImportedSection] = []
        self._name: str | None = None
        self._lines: list[str] = []

    def heading(self, name: str) -> None:
        """Start a new section (an empty name starts an unnamed one)."""
        self._close()
        self._name = plain_line(name).rstrip(":").strip() or None

    def line(self, text: str) -> None:
        """Add one raw ingredient line (blank lines are ignored)."""
        cleaned = plain_line(text)
        if cleaned:
            self._lines.append(cleaned)

    def text_line(self, text: str) -> None:
        """Add a line that may be a heading ("For the glaze:") by :func:`is_heading`."""
        cleaned = plain_line(text)
        if is_heading(cleaned):
            self.heading(cleaned)
        else:
            self.line(cleaned)

    def _close(self) -> None:
        if self._lines:
            last = self._sections[-1] if self._sections else None
            if last is not None and last.name == self._name:  # "same heading again": one
                self._sections[-1] = ImportedSection(self._name, last.lines + tuple(self._lines))
            else:
                self._sections.append(ImportedSection(self._name, tuple(self._lines)))
        self._lines = []

    def build(self) -> tuple[ImportedSection, ...]:
        """The sections collected so far."""
        self._close()
        return tuple(self._sections)


def sections_from_lines(lines: Iterable[object]) -> tuple[ImportedSection, ...]:
    """Free ingredient lines (a page's recipeIngredient, a text block) into sections."""
    builder = SectionBuilder()
    for line in lines:
        for part in plain_text(line).split("\n"):
            builder.text_line(part)
    return builder.build()


_YIELD = re.compile(
    r"(?:(?P<verb>makes|yields?|serves|servings)\s*:?\s*)?(?P<count>[0-9]{1,7})"
    r"(?:\s+(?P<noun>.+?))?\.?",
    re.IGNORECASE,
)
_NOT_A_NOUN = re.compile(r"^(to|or|and|-|–|—|x|×|/)(\s|$)|^[-–—/x×]?\d", re.IGNORECASE)


def parse_yield(value: object) -> RecipeYield | None:
    """The yield from its text or number; ``None`` when there is none.

    A whole count of things sets ``count`` and ``noun`` ("24 cookies", "Makes 2 loaves",
    "2 dozen cookies" is 24 cookies, "Serves 8" is 8 servings); a range, a fraction, a
    decimal or an "about" keeps only the text.
    """
    text = plain_line(value)
    if not text:
        return None
    match = _YIELD.fullmatch(text)
    if match is None:
        return RecipeYield(text)
    count = int(match["count"])
    noun = (match["noun"] or "").strip() or None
    if noun and _NOT_A_NOUN.search(noun):
        return RecipeYield(text)
    if noun and noun.lower().split()[0] == "dozen":
        count *= 12
        noun = noun[len("dozen") :].strip() or None
    verb = (match["verb"] or "").lower()
    if noun is None and verb in ("serves", "servings"):
        noun = "servings"
    if not 0 < count <= MAX_COUNT:
        return RecipeYield(text)
    return RecipeYield(text, count, noun)


_ISO_DURATION = re.compile(
    r"P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+(?:\.\d+)?)H)?(?:(?P<minutes>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<seconds>\d+(?:\.\d+)?)S)?)?",
    re.IGNORECASE,
)
_TEXT_DURATION = re.compile(
    r"(?:(?P<hours>\d+)\s*(?:h|hr|hrs|hour|hours)\.?)?\s*(?:,|and)?\s*"
    r"(?:(?P<minutes>\d+)\s*(?:m|min|mins|minute|minutes)\.?)?",
    re.IGNORECASE,
)
_MAX_MINUTES = 60 * 24 * 366


def parse_duration(value: object) -> ImportedTime | None:
    """A time from an ISO 8601 duration ("PT1H30M") or text ("1 hour 30 minutes").

    ``minutes`` is set when the time is a whole number of minutes read exactly; other
    text ("overnight") is kept as it is. ``None`` when there is no text at all.
    """
    text = plain_line(value)
    if not text:
        return None
    return ImportedTime(text, _minutes(text))


def _minutes(text: str) -> int | None:
    iso = _ISO_DURATION.fullmatch(text)
    if iso and text.upper() not in ("P", "PT"):
        parts = {k: Decimal(v) for k, v in iso.groupdict().items() if v is not None}
        total = (
            parts.get("weeks", Decimal(0)) * 7 * 24 * 60
            + parts.get("days", Decimal(0)) * 24 * 60
            + parts.get("hours", Decimal(0)) * 60
            + parts.get("minutes", Decimal(0))
            + parts.get("seconds", Decimal(0)) / 60
        )
        return _whole_minutes(total)
    words = _TEXT_DURATION.fullmatch(text)
    if words and (words["hours"] or words["minutes"]):
        hours = int(words["hours"] or 0)
        minutes = int(words["minutes"] or 0)
        return _whole_minutes(Decimal(hours * 60 + minutes))
    return None


def _whole_minutes(total: Decimal) -> int | None:
    if total != total.to_integral_value() or not 0 <= total <= _MAX_MINUTES:
        return None
    return int(total)


def minutes_time(minutes: object) -> ImportedTime | None:
    """A time given as a number of minutes (Tandoor's working and waiting time)."""
    if isinstance(minutes, bool) or not isinstance(minutes, int | Decimal):
        return None
    if minutes <= 0:
        return None
    whole = _whole_minutes(Decimal(minutes))
    return ImportedTime(f"{format_number(Decimal(minutes))} minutes", whole)
