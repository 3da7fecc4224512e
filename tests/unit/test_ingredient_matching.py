"""Matching is exact or it is a question: properties over random names (issue 21).

A name is accepted only when it is a catalog name or alias written differently in case,
spacing, punctuation or plurals; a name one letter or one word away never is.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bakehouse.domain.recipe_text import (
    Accepted,
    IngredientMatcher,
    match_key,
    parse_ingredient_line,
)
from bakehouse.domain.recipe_text.words import singular
from tests.unit.test_recipe_lines import KITCHEN, STARTER

pytestmark = pytest.mark.usefixtures("loopback_only")

MATCHER = IngredientMatcher(KITCHEN, STARTER)
WRITTEN = [text for entry in KITCHEN for text in (entry.name, *entry.aliases)]
KEYS_OF = {entry.id: {match_key(t) for t in (entry.name, *entry.aliases)} for entry in KITCHEN}
ALL_KEYS = set().union(*KEYS_OF.values())
#: Words that turn one food into another: "peanut butter", "cocoa butter", "baking soda".
FOOD_WORDS = ["peanut", "cocoa", "salted", "unsalted", "baking", "soda", "powder", "butter",
              "dark", "brown", "almond", "sweet"]  # fmt: skip


def test_every_kitchen_key_names_one_ingredient() -> None:
    owners = Counter(key for keys in KEYS_OF.values() for key in keys)
    assert max(owners.values()) == 1


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """A catalog name or alias with one letter or one word changed."""
    words = draw(st.sampled_from(WRITTEN)).split()
    i = draw(st.integers(0, len(words) - 1))
    word = words[i]
    j = draw(st.integers(0, len(word)))
    letter = draw(st.sampled_from("abcdeilmnorstuy"))
    change = draw(st.sampled_from(["delete", "insert", "replace", "drop", "add", "swap"]))
    if change == "delete" and len(word) > 1:
        words[i] = word[: min(j, len(word) - 1)] + word[min(j, len(word) - 1) + 1 :]
    elif change == "insert":
        words[i] = word[:j] + letter + word[j:]
    elif change == "replace" and j < len(word):
        words[i] = word[:j] + letter + word[j + 1 :]
    elif change == "drop" and len(words) > 1:
        del words[i]
    elif change == "swap" and len(words) > 1:
        words[i], words[i - 1] = words[i - 1], words[i]
    else:
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(FOOD_WORDS)))
    return " ".join(words)


@given(near_misses())
def test_a_near_miss_is_never_accepted_unless_it_is_a_name_or_alias(text: str) -> None:
    result = MATCHER.match(text)

    if isinstance(result, Accepted):
        assert match_key(text) in KEYS_OF[result.ingredient_id]
    else:
        assert match_key(text) not in ALL_KEYS


@given(st.text(max_size=60))
def test_any_text_is_accepted_only_as_a_name_or_alias(text: str) -> None:
    result = MATCHER.match(text)

    assert not isinstance(result, Accepted) or match_key(text) in KEYS_OF[result.ingredient_id]


@given(near_misses(), st.sampled_from(["1 cup ", "2 1/4 cups chopped ", "3 large ", ""]))
def test_a_line_is_accepted_only_for_its_name_as_written_or_without_preparation(
    text: str, before: str
) -> None:
    line = parse_ingredient_line(f"{before}{text}")
    result = MATCHER.match_line(line)

    if isinstance(result, Accepted):
        names = {match_key(line.ingredient_as_written), match_key(line.ingredient)}
        assert names & KEYS_OF[result.ingredient_id]


@st.composite
def rewritten(draw: st.DrawFn) -> tuple[int, str]:
    """A kitchen name or alias in other case, spacing, hyphens or number: the same name."""
    entry = draw(st.sampled_from(KITCHEN))
    text = draw(st.sampled_from([entry.name, *entry.aliases]))
    words = [
        singular(word.lower()) if draw(st.booleans()) else word
        for word in text.replace("-", " ").split()
    ]
    joints = [draw(st.sampled_from([" ", "  ", "-", " \u00a0"])) for _ in words[1:]]
    joined = words[0] + "".join(j + w for j, w in zip(joints, words[1:], strict=True))
    case = draw(st.sampled_from([str, str.upper, str.lower, str.title]))
    return entry.id, f"{draw(st.sampled_from(['', ' ']))}{case(joined)}"


@given(rewritten())
def test_the_same_name_written_differently_is_accepted(case: tuple[int, str]) -> None:
    ingredient_id, text = case

    result = MATCHER.match(text)

    assert isinstance(result, Accepted)
    assert result.ingredient_id == ingredient_id


@pytest.mark.parametrize(
    ("a", "b"),
    [("Eggs", "egg"), ("All-purpose flour", "all purpose  flour"), ("Cherries", "cherry"),
     ("Peaches", "peach"), ("Tomatoes", "tomato"), ("Cookies", "cookie"), ("Molasses", "molasses"),
     ("Confectioners' sugar", "confectioners’ sugar"), ("Crème fraîche", "creme fraiche"),
     ("Salt & pepper", "salt and pepper"), ("Hummus", "HUMMUS")],
)  # fmt: skip
def test_names_that_differ_only_in_writing_share_a_key(a: str, b: str) -> None:
    assert match_key(a) == match_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Peanut butter", "butter"), ("Baking soda", "baking powder"), ("Cocoa butter", "cocoa"),
     ("Salted butter", "unsalted butter"), ("Egg whites", "eggs"), ("Whole milk", "milk"),
     ("Ground almonds", "almonds"), ("Sliced almonds", "almonds")],
)  # fmt: skip
def test_names_that_differ_in_a_word_never_share_a_key(a: str, b: str) -> None:
    assert match_key(a) != match_key(b)


def test_a_name_without_ascii_letters_still_matches_itself() -> None:
    assert match_key("抹茶") == "抹茶"
    assert match_key("  ") == ""
