"""The field rules every reader shares: plain text, headings, yields and times."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.io.recipe_sources import ImportedTime, RecipeYield
from bakehouse.io.recipe_sources.fields import (
    is_heading,
    parse_duration,
    parse_yield,
    plain_line,
    plain_text,
)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("24 cookies", RecipeYield("24 cookies", 24, "cookies")),
        ("Makes 2 loaves.", RecipeYield("Makes 2 loaves.", 2, "loaves")),
        ("Yield: 36 pieces", RecipeYield("Yield: 36 pieces", 36, "pieces")),
        ("yields 12", RecipeYield("yields 12", 12, None)),
        ("Serves 8", RecipeYield("Serves 8", 8, "servings")),
        ("Servings: 6", RecipeYield("Servings: 6", 6, "servings")),
        ("2 dozen cookies", RecipeYield("2 dozen cookies", 24, "cookies")),
        ("1 (9-inch) pie", RecipeYield("1 (9-inch) pie", 1, "(9-inch) pie")),
        (12, RecipeYield("12", 12, None)),
        ("1 9x13 pan", RecipeYield("1 9x13 pan")),
        ("24-30 cookies", RecipeYield("24-30 cookies")),
        ("24 to 30 cookies", RecipeYield("24 to 30 cookies")),
        ("about 3 dozen", RecipeYield("about 3 dozen")),
        ("1 1/2 dozen", RecipeYield("1 1/2 dozen")),
        ("2.5 loaves", RecipeYield("2.5 loaves")),
        ("0 cookies", RecipeYield("0 cookies")),
        ("10000000 cookies", RecipeYield("10000000 cookies")),
        ("a big tin", RecipeYield("a big tin")),
        ("<b>64</b> caramels", RecipeYield("64 caramels", 64, "caramels")),
        ("", None),
        (None, None),
    ],
)
def test_a_yield_is_a_count_only_when_it_is_a_whole_number_of_things(
    written: object, expected: RecipeYield | None
) -> None:
    assert parse_yield(written) == expected


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("PT20M", 20),
        ("PT1H30M", 90),
        ("P0DT1H0M", 60),
        ("P1DT2H", 1560),
        ("PT1H30M0S", 90),
        ("PT90S", None),  # a minute and a half: not whole minutes
        ("PT0.5H", 30),
        ("1 hour 30 minutes", 90),
        ("1 hr 10 mins", 70),
        ("45 min", 45),
        ("2h", 120),
        ("overnight", None),
        ("P", None),
    ],
)
def test_times_are_read_as_whole_minutes_when_exact(written: str, minutes: int | None) -> None:
    assert parse_duration(written) == ImportedTime(written, minutes)


@pytest.mark.parametrize(
    ("line", "heading"),
    [
        ("For the glaze:", True),
        ("DOUGH:", True),
        ("1 cup sugar:", False),
        ("½ cup milk:", False),
        (":", False),
        ("For the glaze", False),
        ("x" * 81 + ":", False),
    ],
)
def test_a_heading_is_a_short_line_ending_in_a_colon(line: str, heading: bool) -> None:
    assert is_heading(line) is heading


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("Plain & simple", "Plain & simple"),
        ("Salt &amp; pepper", "Salt & pepper"),
        ("&amp;lt;i&amp;gt;twice&amp;lt;/i&amp;gt; escaped", "twice escaped"),
        ("2 < 3 cups", "2 < 3 cups"),
        ("<p>One</p><p>Two</p>", "One\n\nTwo"),
        ("Step one.\nStep <b>two</b>.", "Step one.\nStep two."),
        ("<script>steal()</script>Kept", "Kept"),
        ("Bell\x07 and\x00 nul", "Bell and nul"),
        ("no\u00a0break", "no break"),
        (Decimal("0.50"), "0.5"),
        (True, ""),
        ({"a": 1}, ""),
    ],
)
def test_plain_text_removes_markup_and_control_characters(value: object, text: str) -> None:
    assert plain_text(value) == text


@given(st.text())
def test_plain_text_never_returns_control_characters_or_a_tag(value: str) -> None:
    text = plain_text(value)
    line = plain_line(value)

    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "\n" not in line
    assert "<script" not in text.lower() or "<script" in value.lower()
