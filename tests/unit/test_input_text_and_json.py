"""The text rule and the JSON reader every door shares (domain.inputs)."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bakehouse.domain.inputs import (
    MAX_JSON_DEPTH,
    InputProblem,
    JsonNumber,
    clean_line,
    clean_text,
    read_json,
    refuse_control_characters,
)
from bakehouse.errors import ValidationFailed


@pytest.mark.parametrize(
    ("text", "code"),
    [("Su\x00gar", "U+0000"), ("Ann\x07", "U+0007"), ("\x1b[31mred", "U+001B"),
     ("del\x7f", "U+007F"), ("c1\x85", "U+0085"), ("lone \ud800", "U+D800")],
)  # fmt: skip
def test_control_characters_and_lone_surrogates_are_refused_by_name(text: str, code: str) -> None:
    with pytest.raises(InputProblem, match=re.escape(code)):
        refuse_control_characters(text)


def test_tabs_line_breaks_and_any_language_are_ordinary_text() -> None:
    text = "two lines\r\nand\ta tab: crème brûlée, 月餅, ½ cup 🍪"
    assert refuse_control_characters(text) == text


def test_a_line_collapses_whitespace_and_free_text_keeps_it() -> None:
    assert clean_line("  Aunt \t May \n", max_length=20) == "Aunt May"
    assert clean_text("  line one\nline two  ", max_length=20) == "line one\nline two"
    with pytest.raises(InputProblem, match="must not be empty"):
        clean_line(" \t ", max_length=20)
    with pytest.raises(InputProblem, match="at most 3 characters"):
        clean_text("abcd", max_length=3)
    with pytest.raises(InputProblem, match="must be text"):
        clean_line(42, max_length=3)


def _problems(text: str) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as refused:
        read_json(text)
    return {p.location: p.message for p in refused.value.problems}


def test_a_key_given_twice_is_refused_with_its_path() -> None:
    text = '{"lines": [{"quantity": "1", "unit": "g", "quantity": "2"}], "name": "a", "name": "b"}'

    assert _problems(text) == {
        "$": 'has the key "name" more than once',
        "$.lines[0]": 'has the key "quantity" more than once',
    }


def test_nesting_five_thousand_deep_is_refused_before_parsing() -> None:
    assert _problems("[" * 5000 + "]" * 5000) == {
        "$": f"nests lists and objects more than {MAX_JSON_DEPTH} levels deep"
    }
    assert _problems('{"a": ' * 5000 + "1" + "}" * 5000)["$"].startswith("nests")


def test_brackets_inside_strings_do_not_count_as_nesting() -> None:
    assert read_json('{"notes": "' + "[{" * 100 + '"}') == {"notes": "[{" * 100}


@pytest.mark.parametrize(
    ("text", "says"),
    [("[NaN]", "NaN is not a JSON value"), ("[Infinity]", "Infinity"),
     ("[1" + "0" * 5000 + "]", "digits"), ("{,}", "is not valid JSON"),
     (b"\xff\xfe{}", "is not UTF-8 text")],
)  # fmt: skip
def test_what_is_not_json_is_refused_in_one_located_line(text: str | bytes, says: str) -> None:
    with pytest.raises(ValidationFailed) as refused:
        read_json(text)
    assert refused.value.problems[0].location == "$"
    assert says in refused.value.problems[0].message


def test_json_numbers_keep_the_digits_they_were_written_with() -> None:
    data = read_json('{"price": 1e-7, "quantity": 0.1, "count": 3}')

    assert isinstance(data["price"], JsonNumber)
    assert data["price"].literal == "1e-7"
    assert data["quantity"] == Decimal("0.1")
    assert data["quantity"].literal == "0.1"
    assert data["count"] == 3
    assert isinstance(data["count"], int)
    assert read_json("[2.5]", numbers="decimal") == [Decimal("2.5")]
