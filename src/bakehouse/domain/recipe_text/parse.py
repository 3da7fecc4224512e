"""Reading ingredient lines as bakers write them: "2 1/4 cups all-purpose flour, sifted".

A line becomes an :class:`IngredientLine`: its quantity (read by the people's number
grammar, fractions included — docs/product.md §6.1), its unit (one of ours, by
``normalize_unit``; none for a count such as "2 large eggs"), the ingredient's name as
written, and a note. What the reader cannot take as it stands — no amount ("salt to
taste"), a range ("2-3 cups"), a measure Bakehouse does not convert ("1 stick butter") — is
kept with a :class:`LineProblem` for the baker to fix, never guessed. A pasted list also
gives :class:`SectionHeading` for lines such as "For the glaze:". Pure: no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from functools import lru_cache

from bakehouse.domain.inputs import (
    DEFAULT_LOCALE,
    MAX_AMOUNT,
    MAX_LINES,
    QUANTITY,
    InputProblem,
    TextLimit,
    clean_line,
    read_typed_number,
    refuse_control_characters,
)
from bakehouse.domain.inputs.limits import QUANTITY_PLACES
from bakehouse.domain.recipe_text import vocabulary as words
from bakehouse.errors import UnknownUnit
from bakehouse.units.conversion import normalize_unit

__all__ = [
    "IngredientLine",
    "LineProblem",
    "ProblemKind",
    "SectionHeading",
    "parse_ingredient_line",
    "parse_ingredient_list",
]


class ProblemKind(StrEnum):
    """Why a line cannot be saved as it stands."""

    NO_QUANTITY = "no_quantity"  # "salt to taste", "pinch of salt"
    RANGE = "range"  # "2-3 cups"
    NUMBER = "number"  # "1,5" in en_US, "0 g", "1/3000000 cup"
    UNIT = "unit"  # "1 stick butter", "2 cloves garlic": not a unit we convert
    TWO_AMOUNTS = "two_amounts"  # "1 cup plus 2 tbsp flour"
    NO_INGREDIENT = "no_ingredient"  # "2 cups"
    TOO_LONG = "too_long"  # a name over 200 characters, a note over 200


@dataclass(frozen=True)
class LineProblem:
    """What the baker must fix on one line. ``message`` starts with ``field``'s name, as
    every input problem does: "quantity looks like a range (2-3); give one number, e.g. 1.5"."""

    kind: ProblemKind
    field: str  # "quantity", "unit", "ingredient" or "note"
    message: str


@dataclass(frozen=True)
class IngredientLine:
    """One ingredient line, read.

    ``unit`` is a unit's standard spelling ("cup", "g", "tbsp"), or None: a count ("2 eggs"
    is 2 each) when there is a quantity, nothing when there is none. ``ingredient`` is the
    name to match, preparation moved to the note ("chopped walnuts" → "walnuts");
    ``ingredient_as_written`` keeps it ("chopped walnuts"), so a catalog name that includes
    the preparation ("Chopped dates") still matches exactly. ``problem`` is set when the
    line cannot be saved as it stands; ``quantity`` is then None if the amount is the
    problem.
    """

    number: int  # 1-based line number in the pasted text
    text: str  # the line as pasted, spaces collapsed
    quantity: Decimal | None
    unit: str | None
    ingredient: str
    ingredient_as_written: str
    note: str
    problem: LineProblem | None = None

    @property
    def is_count(self) -> bool:
        """A quantity of things with no unit ("2 eggs"): store it in "each"."""
        return self.quantity is not None and self.unit is None


@dataclass(frozen=True)
class SectionHeading:
    """A line that names a part of the recipe ("For the glaze:"), not an ingredient."""

    number: int
    text: str
    title: str  # "For the glaze"


@dataclass(frozen=True)
class _Pack:
    size: Decimal
    unit: str
    per_container: bool


_VULGAR = "\u00bc-\u00be\u2150-\u215e\u2189"
_NUMBER = (
    rf"(?:\d+\s+\d+\s*[/\u2044]\s*\d+|\d+\s*[/\u2044]\s*\d+|\d+\s*[{_VULGAR}]|[{_VULGAR}]"
    r"|\d+(?:[.,'\u2019]\d+)*|\.\d+)"
)
_QUANTITY = re.compile(rf"(?P<number>{_NUMBER})(?![/\u2044\d])\s*")
_WORD_NUMBER = re.compile(r"(?:an?|one)\s+(?=[A-Za-z])", re.IGNORECASE)
_RANGE_TAIL = re.compile(rf"\s*(?:[-\u2010-\u2015]|\bto\b|\bor\b)\s*{_NUMBER}\s*")
_PACK = re.compile(
    rf"\(\s*(?P<number>{_NUMBER})\s*-?\s*(?P<unit>[A-Za-z][A-Za-z. ]*?)\.?\s*"
    r"(?P<each>each)?\s*\)\s*"
)
_WORD = re.compile(r"(?P<word>[A-Za-z]+(?:[-][A-Za-z]+)?\.?)(?=[\s,(]|$)\s*")
_TWO_WORDS = re.compile(r"(?P<word>[A-Za-z]+\.?\s+[A-Za-z]+\.?)(?=[\s,(]|$)\s*")
_OF = re.compile(r"of\s+", re.IGNORECASE)
_EQUIVALENT = re.compile(r"\((?P<inside>[^()]*)\)\s*")
_PLUS = re.compile(rf"(?P<joint>(?:plus|\+|and)\s*)?{_NUMBER}\s*", re.IGNORECASE)
_PLUS_INSIDE = re.compile(rf"(?:\+|\bplus\b)\s*{_NUMBER}", re.IGNORECASE)
_TWO_AMOUNTS = (
    "quantity is written as two amounts; add them up, or give each ingredient its own line"
)
_STEP = Decimal(1).scaleb(-QUANTITY_PLACES)


def parse_ingredient_list(
    text: str, *, locale: str = DEFAULT_LOCALE
) -> list[IngredientLine | SectionHeading]:
    """Every non-blank line of a pasted ingredient list, read in order.

    Bullets and list numbers at a line's start are dropped; a line without an amount that
    ends with ":" is a :class:`SectionHeading`. Raises :class:`InputProblem` for the paste
    as a whole: a control character (naming its line), more than 10,000 characters, more
    than :data:`MAX_LINES` lines. Everything else is reported per line.
    """
    if len(text) > TextLimit.NOTES:
        raise InputProblem(f"must be at most {TextLimit.NOTES:,} characters")
    read: list[IngredientLine | SectionHeading] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        try:
            refuse_control_characters(raw)
        except InputProblem as problem:
            raise InputProblem(f"line {number} {problem.problem}") from None
        line = _without_bullet(" ".join(raw.split()))
        if not line:
            continue
        if len(read) == MAX_LINES:
            raise InputProblem(f"has more than {MAX_LINES} lines; paste at most {MAX_LINES}")
        if line.endswith(":") and not _QUANTITY.match(line):
            read.append(SectionHeading(number, line, line.rstrip(":").strip()))
        else:
            read.append(parse_ingredient_line(line, number=number, locale=locale))
    return read


def parse_ingredient_line(
    text: str, *, number: int = 1, locale: str = DEFAULT_LOCALE
) -> IngredientLine:
    """One ingredient line ("1 (8 oz) package cream cheese, softened"), read.

    Never raises for what a baker writes: what cannot be used as it stands is the line's
    :class:`LineProblem`. Raises :class:`InputProblem` only for a control character.
    """
    refuse_control_characters(text)
    line = _without_bullet(" ".join(text.split()))
    return _Reader(line, number, locale).read()


def _without_bullet(line: str) -> str:
    return words.BULLET.sub("", line, count=1).strip()


class _Reader:
    """Reads one line from left to right: amount, pack size, unit, name, notes."""

    def __init__(self, line: str, number: int, locale: str) -> None:
        self.line = line
        self.rest = line
        self.number = number
        self.locale = locale
        self.quantity: Decimal | None = None
        self.unit: str | None = None
        self.notes: list[str] = []
        self.problem: LineProblem | None = None

    def read(self) -> IngredientLine:
        has_amount = self._read_quantity()
        if has_amount:
            self._read_measure()
        else:
            self._read_amount_words()
        written, note = self._split_note(self.rest)
        name = words.PREPARATION_PREFIX.sub("", written, count=1).strip() or written
        prepared = written[: len(written) - len(name)].strip(" ,")
        self.notes = [*([prepared] if prepared else []), *self.notes, *([note] if note else [])]
        if _PLUS_INSIDE.search(written):  # "1 large egg + 1 egg yolk"
            self._refuse(ProblemKind.TWO_AMOUNTS, "quantity", _TWO_AMOUNTS)
        self._check_name(written)
        return self._line(name, written)

    # -- the amount -------------------------------------------------------------------

    def _read_quantity(self) -> bool:
        """The number at the line's start (or "a"/"an"/"one" before a unit), and a range
        after it. False when the line starts with no amount."""
        match = _QUANTITY.match(self.rest)
        if match is None:
            article = _WORD_NUMBER.match(self.rest)
            after = self.rest[article.end() :] if article else ""
            if article is None or self._unit_at(after) is None:
                return False
            self.quantity, self.rest = Decimal(1), after
            return True
        self.rest = self.rest[match.end() :]
        tail = _RANGE_TAIL.match(self.rest)
        if tail is not None:
            self.rest = self.rest[tail.end() :]
            span = f"{match.group(0)}{tail.group(0)}".strip()
            self._refuse(ProblemKind.RANGE, "quantity", _range_message(span))
            return True
        try:
            self.quantity = read_typed_number(match.group("number"), QUANTITY, self.locale)
        except InputProblem as problem:
            self._refuse(ProblemKind.NUMBER, "quantity", f"quantity {problem.problem}")
            return True
        if self.quantity == 0:
            self.quantity = None
            self._refuse(ProblemKind.NUMBER, "quantity", "quantity must be more than 0")
        return True

    def _read_amount_words(self) -> None:
        """A line with no number: "a pinch of salt" (noted "pinch"), "salt to taste"."""
        match = words.AMOUNT_WITHOUT_NUMBER.match(self.rest)
        if match is not None and self.rest[match.end() :]:
            self.notes.append(match.group("measure").lower())
            self.rest = self.rest[match.end() :]
        self._refuse(
            ProblemKind.NO_QUANTITY,
            "quantity",
            "quantity is missing; give an amount Bakehouse can weigh or count, like 1 tsp",
        )

    def _read_measure(self) -> None:
        """What follows the number: sizes, a pack size, a unit or a container, "of"."""
        pack = self._take_pack()
        self._take_words(words.AMOUNT_WORDS | words.SIZE_WORDS)
        unit = None if pack else self._unit_at(self.rest)
        if unit is not None:
            self.unit, self.rest = unit
            self._take_equivalents()
        else:
            container = self._take_words(words.CONTAINER_WORDS, note=False)
            if container and pack is None:
                pack = self._take_pack(after_container=True)
            measure = container or self._take_words(words.MEASURE_WORDS, note=False)
            if pack is not None:
                self._use_pack(pack)
            elif measure:
                self._refuse(
                    ProblemKind.UNIT,
                    "unit",
                    f"unit {measure!r} is not one Bakehouse can convert; give the amount "
                    "in g, oz, cup, tbsp, tsp or as a count",
                )
        of = _OF.match(self.rest)
        if of is not None:
            self.rest = self.rest[of.end() :]
        self._read_second_amount()

    def _read_second_amount(self) -> None:
        """ "1 cup plus 2 tbsp flour", "1 lb 2 oz flour": two amounts, for the baker to add."""
        plus = _PLUS.match(self.rest)
        if plus is None:
            return
        after = self.rest[plus.end() :]
        unit = self._unit_at(after)
        if unit is None and not plus.group("joint"):
            return  # "2 cups 2% milk": a number in the name
        self.rest = unit[1] if unit else after
        self.quantity = None
        self._refuse(ProblemKind.TWO_AMOUNTS, "quantity", _TWO_AMOUNTS)

    def _unit_at(self, text: str) -> tuple[str, str] | None:
        """The unit that ``text`` starts with (two words first: "fl oz") and the rest."""
        for pattern in (_TWO_WORDS, _WORD):
            match = pattern.match(text)
            if match is None:
                continue
            word = match.group("word")
            for spelling in dict.fromkeys((word, word.rstrip("."))):
                unit = _unit_named(spelling)
                if unit is not None:
                    return unit, text[match.end() :]
        return None

    def _take_pack(self, *, after_container: bool = False) -> _Pack | None:
        """A pack size in brackets: "(8 oz)", "(14 oz each)"."""
        match = _PACK.match(self.rest)
        if match is None:
            return None
        unit = _unit_named(match.group("unit").strip())
        if unit is None:
            return None
        try:
            size = read_typed_number(match.group("number"), QUANTITY, self.locale)
        except InputProblem:
            return None
        self.rest = self.rest[match.end() :]
        # "2 (8 oz) packages" and "2 cans (14 oz each)" give each one's size; "2 sticks
        # (1 cup)" gives what they come to.
        per_container = match.group("each") is not None or not after_container
        return _Pack(size, unit, per_container)

    def _use_pack(self, pack: _Pack) -> None:
        """A pack size gives the unit: "2 (8 oz) packages" is 16 oz; "2 sticks (1 cup)"
        is 1 cup. What was written is noted."""
        count = self.quantity
        self.unit = pack.unit
        written = self.line[: len(self.line) - len(self.rest)].strip()
        self.notes.append(written)
        if count is None:
            return
        total = pack.size * count if pack.per_container or count == 1 else pack.size
        total = total.quantize(_STEP, rounding=ROUND_HALF_EVEN)
        if total == 0 or total > MAX_AMOUNT:
            self.quantity = None
            size = "too small" if total == 0 else f"too large (at most {MAX_AMOUNT:,})"
            self._refuse(ProblemKind.NUMBER, "quantity", f"quantity of {written} is {size}")
            return
        self.quantity = Decimal(format(total.normalize(), "f"))

    def _take_equivalents(self) -> None:
        """In "1 cup (2 sticks) butter" what is in brackets after the unit is a note."""
        match = _EQUIVALENT.match(self.rest)
        if match is not None:
            self.notes.append(match.group("inside").strip())
            self.rest = self.rest[match.end() :]

    def _take_words(self, allowed: frozenset[str], *, note: bool = True) -> str:
        """Take the leading words found in ``allowed`` (noted if ``note``); their text."""
        taken: list[str] = []
        while (word := self._take_word(allowed)) is not None:
            taken.append(word)
        text = " ".join(taken)
        if note and text:
            self.notes.append(text)
        return text

    def _take_word(self, allowed: frozenset[str]) -> str | None:
        for pattern in (_TWO_WORDS, _WORD):  # "extra large" before "extra"
            match = pattern.match(self.rest)
            if match is not None and match.group("word").lower() in allowed:
                self.rest = self.rest[match.end() :]
                return match.group("word")
        return None

    # -- the name and its notes ---------------------------------------------------------

    def _split_note(self, text: str) -> tuple[str, str]:
        """The name and the note: after the first comma outside brackets, bracketed
        text and phrases such as "to taste" are notes."""
        comma = _outside_brackets(text).find(",")
        name, after = (text, "") if comma < 0 else (text[:comma], text[comma + 1 :].strip())
        notes = [inside.strip() for inside in re.findall(r"\(([^()]*)\)", name)]
        name = " ".join(re.sub(r"\([^()]*\)", " ", name).split())
        trailing = words.TRAILING_NOTE.search(name)
        if trailing is not None and trailing.start() > 0:
            notes.append(trailing.group(0).strip())
            name = name[: trailing.start()].strip()
        notes.extend([after] if after else [])
        return name.strip(" ,;"), ", ".join(note for note in notes if note)

    def _check_name(self, written: str) -> None:
        if not written:
            self._refuse(ProblemKind.NO_INGREDIENT, "ingredient", "ingredient is missing; name it")
            return
        for field, value, limit in (
            ("ingredient", written, TextLimit.NAME),
            ("note", ", ".join(self.notes), TextLimit.NOTE),
        ):
            try:
                clean_line(value, max_length=limit, required=False)
            except InputProblem as problem:
                self._refuse(ProblemKind.TOO_LONG, field, f"{field} {problem.problem}")

    def _refuse(self, kind: ProblemKind, field: str, message: str) -> None:
        if self.problem is None:  # the first problem is the one to fix first
            self.problem = LineProblem(kind, field, message)

    def _line(self, name: str, written: str) -> IngredientLine:
        return IngredientLine(
            number=self.number,
            text=self.line,
            quantity=self.quantity,
            unit=self.unit,
            ingredient=name,
            ingredient_as_written=written,
            note=", ".join(note for note in self.notes if note),
            problem=self.problem,
        )


@lru_cache(maxsize=4096)
def _unit_named(word: str) -> str | None:
    """Our unit for ``word``, or None (remembered: pint is slow to say no). Words that
    ``normalize_unit`` reads as "each" but that name the thing ("eggs") or its size
    ("large") are not units here."""
    lowered = word.lower()
    if lowered in words.SIZE_WORDS or lowered in words.CONTAINER_WORDS:
        return None
    try:
        unit = normalize_unit(word)
    except UnknownUnit:
        return None
    if unit == "each" and lowered not in words.COUNT_UNIT_WORDS:
        return None
    return unit


def _range_message(span: str) -> str:
    try:
        read_typed_number(span, QUANTITY)
    except InputProblem as problem:
        if "range" in problem.problem:
            return f"quantity {problem.problem}"
    return f"quantity looks like a range ({span}); give one number, e.g. 1.5"


def _outside_brackets(text: str) -> str:
    """``text`` with everything inside brackets blanked, so a comma in "(7 oz, 200 g)"
    does not end the name."""
    depth = 0
    kept: list[str] = []
    for character in text:
        if character == "(":
            depth += 1
        kept.append(" " if depth and character == "," else character)
        if character == ")" and depth:
            depth -= 1
    return "".join(kept)
