"""Words agree with their numbers and subjects (docs/product.md §6.19)."""

from __future__ import annotations

import pytest

from bakehouse.domain.wording import a_or_an, agrees, count_of, joined, names_a_group


@pytest.mark.parametrize(
    ("number", "noun", "expected"),
    [(1, "problem", "1 problem"), (0, "problem", "0 problems"), (2, "batch", "2 batches"),
     (1, "batch", "1 batch"), (1200, "item", "1,200 items"), (3, "minute", "3 minutes")],
)  # fmt: skip
def test_counts_agree_with_their_number(number: int, noun: str, expected: str) -> None:
    assert count_of(number, noun) == expected


@pytest.mark.parametrize(
    ("word", "expected"),
    [("event", "an event"), ("owner", "an owner"), ("ingredient", "an ingredient"),
     ("recipe", "a recipe"), ("baker", "a baker"), ("viewer", "a viewer"), ("user", "a user"),
     ("umbrella", "an umbrella")],
)  # fmt: skip
def test_the_article_follows_the_sound(word: str, expected: str) -> None:
    assert a_or_an(word) == expected


@pytest.mark.parametrize(
    ("name", "group"),
    [("Tom", False), ("The Patels", True), ("the Smiths", True), ("Tom and Ann", True),
     ("Ann & Raj", True), ("The Boss", False), ("Aunt Bess", False), ("Andrea", False),
     ("The Family", False)],
)  # fmt: skip
def test_households_and_couples_are_several_people(name: str, group: bool) -> None:
    assert names_a_group(name) is group


def test_verbs_agree_with_who_does_them() -> None:
    assert agrees(["Tom"], "gets", "get") == "gets"
    assert agrees(["Tom", "Ann"], "gets", "get") == "get"
    assert agrees(["The Patels"], "avoids", "avoid") == "avoid"


def test_names_are_listed_as_a_person_would() -> None:
    assert joined([]) == ""
    assert joined(["Tom"]) == "Tom"
    assert joined(["Tom", "Ann"]) == "Tom and Ann"
    assert joined(["Tom", "Ann", "Raj"]) == "Tom, Ann and Raj"
