"""Shopping-list ticks and aisles, pure (docs/product.md §6.17).

A tick belongs to (the list's scope, the ingredient): the scope is named by one key,
``event:N`` for one event's list, ``season:<id>`` for a season's upcoming events and
``upcoming`` for every other list of upcoming events (the default and "all upcoming").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

from bakehouse.domain.inputs.limits import MAX_ID

UPCOMING_KEY = "upcoming"
_KEY = re.compile(r"(event|season):([1-9][0-9]{0,11})|upcoming")
#: The aisle of ingredients no aisle order names, and of those without a category.
OTHER = "other"

T = TypeVar("T")


def shopping_scope_key(event_id: int | None, scope_key: str | None) -> str:
    """The tick key of a list: ``event:N`` for one event, ``season:<id>`` when the list's
    date scope is a season's (its key is the season's id), else ``upcoming``."""
    if event_id is not None:
        return f"event:{event_id}"
    if scope_key is not None and scope_key.isdigit():
        return f"season:{scope_key}"
    return UPCOMING_KEY


def parse_scope_key(key: str) -> tuple[str, int | None]:
    """(``"event"``, N), (``"season"``, id) or (``"upcoming"``, None); ValueError for
    anything else."""
    match = _KEY.fullmatch(key.strip())
    if match is None:
        raise ValueError("a list is named event:N, season:N or upcoming")
    if match.group(1) is None:
        return UPCOMING_KEY, None
    number = int(match.group(2))
    if number > MAX_ID:
        raise ValueError(f"there is no {match.group(1)} {number}: record numbers stop at {MAX_ID}")
    return match.group(1), number


def changed_since_ticked(ticked: Decimal, now: Decimal) -> bool:
    """The line asks for another quantity than when it was ticked."""
    return ticked != now


@dataclass(frozen=True)
class AisleGroup(Generic[T]):
    """The lines of one aisle (an ingredient category), in the shop's order."""

    aisle: str
    lines: tuple[T, ...]


def aisle_rank(order: Sequence[str]) -> Callable[[str], tuple[int, str]]:
    """Sort key of a category: its place in ``order``, then the rest by name."""
    places = {name.lower(): i for i, name in enumerate(order)}

    def rank(category: str) -> tuple[int, str]:
        name = (category or OTHER).lower()
        return places.get(name, len(places)), name

    return rank


def group_by_aisle(
    lines: Iterable[T], category: Callable[[T], str], order: Sequence[str]
) -> list[AisleGroup[T]]:
    """``lines`` grouped by their category, aisles in ``order`` first (then by name),
    lines keeping their order within an aisle."""
    groups: dict[str, list[T]] = {}
    for line in lines:
        groups.setdefault((category(line) or OTHER).lower(), []).append(line)
    rank = aisle_rank(order)
    return [AisleGroup(name, tuple(groups[name])) for name in sorted(groups, key=rank)]


def aisle_order(categories: Iterable[str]) -> list[str]:
    """An aisle order as typed: names trimmed and lower-cased, blanks dropped; a name
    twice is refused (ValueError naming it)."""
    seen: list[str] = []
    for raw in categories:
        name = raw.strip().lower()
        if not name:
            continue
        if name in seen:
            raise ValueError(f"{name} is named twice")
        seen.append(name)
    return seen
