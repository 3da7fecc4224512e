"""Words that follow their numbers and their subjects (docs/product.md §6.19).

Pure. Every message that counts something or says what someone does goes through here, so
"1 problem" and "3 problems", "an event" and "a recipe", "Tom already gets" and "Tom and
Ann already get", "The Patels avoid" are right wherever they are written.
"""

from __future__ import annotations

from collections.abc import Sequence

#: Nouns whose plural is not the noun and an "s".
_PLURALS = {
    "batch": "batches", "box": "boxes", "minute": "minutes", "family": "families",
    "person": "people", "child": "children", "loaf": "loaves",
}  # fmt: skip


def plural(noun: str) -> str:
    """The plural of ``noun``: "problem" → "problems", "batch" → "batches"."""
    return _PLURALS.get(noun, noun + "s")


def count_of(number: int, noun: str, many: str | None = None) -> str:
    """``number`` and ``noun`` agreeing: "1 lot", "0 lots", "1,200 items"."""
    word = noun if number == 1 else (many or plural(noun))
    return f"{number:,} {word}"


def a_or_an(word: str) -> str:
    """``word`` after its article: "an event", "an owner", "a recipe", "a user"."""
    vowel_sound = word[:1].lower() in "aeio" or (word[:1].lower() == "u" and word[:3] != "use")
    return f"{'an' if vowel_sound else 'a'} {word}"


def names_a_group(name: str) -> bool:
    """Whether a recipient's name stands for several people, so its verb is plural:
    "Tom and Ann", "Ann & Raj", "The Patels", "the Smiths" (a household, §6.19)."""
    words = name.strip().split()
    if len(words) >= 3 and any(w.lower() in ("and", "&", "+") for w in words[1:-1]):
        return True
    last = words[-1] if words else ""
    return (
        len(words) >= 2
        and words[0].lower() == "the"
        and last.endswith("s")
        and not last.endswith("ss")
    )


def agrees(subjects: Sequence[str], one: str, several: str) -> str:
    """The verb form for ``subjects`` named together: one person takes ``one`` ("gets"),
    several people or a household take ``several`` ("get")."""
    if len(subjects) == 1 and not names_a_group(subjects[0]):
        return one
    return several


def joined(names: Sequence[str]) -> str:
    """Names as a person lists them: "Tom", "Tom and Ann", "Tom, Ann and Raj"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
