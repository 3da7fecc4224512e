"""Freshness windows: on which days a batch may be baked (docs/product.md §6.10).

A thing made on day D with shelf life S is good through D + S, and frozen days do not
count against S. A batch that must be good through day G and be used by day U
(the assembly day for items, the parent's bake day for a sub-recipe) may be made fresh on
any day of [G − S, U]. If it can be frozen it may also be made before that window and
frozen the same day; it is thawed on U − (thaw days) and is then good for S more days.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from bakehouse.domain.scheduling.inputs import Freshness

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Window:
    """The days ``start`` through ``end``; empty when ``start`` is after ``end``."""

    start: date
    end: date

    @property
    def is_empty(self) -> bool:
        return self.start > self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end

    def days_latest_first(self) -> Iterator[date]:
        day = self.end
        while day >= self.start:
            yield day
            day -= ONE_DAY


NO_DAYS = Window(date.max, date.min)


def thaw_days(freshness: Freshness) -> int:
    """Whole days a thaw takes: out of the freezer this many days before use (0 = that day)."""
    if not freshness.thaw_hours:
        return 0
    return math.ceil(freshness.thaw_hours / 24)


def good_through(
    made_on: date,
    freshness: Freshness,
    *,
    frozen_on: date | None = None,
    thawed_on: date | None = None,
) -> date | None:
    """The last day it is good (None: it keeps).

    Never frozen: ``made_on`` + shelf life. Frozen on F and thawed on H: H plus what was
    left of its shelf life when it went in (frozen days do not count). Still frozen: F +
    frozen shelf life, the day it must come out by.
    """
    shelf = freshness.shelf_life_days
    if frozen_on is not None and thawed_on is None:
        life = freshness.frozen_shelf_life_days
        return None if life is None else frozen_on + timedelta(days=life)
    if shelf is None:
        return None
    if frozen_on is None or thawed_on is None:
        return made_on + timedelta(days=shelf)
    left = max(0, shelf - (frozen_on - made_on).days)
    return thawed_on + timedelta(days=left)


def _least(a: int | None, b: int | None) -> int | None:
    """The smaller of two limits, None meaning no limit."""
    if a is None:
        return b
    return a if b is None else min(a, b)


@dataclass(frozen=True)
class Keeping:
    """The strictest freshness of everything one batch has to serve."""

    shelf_life_days: int | None
    freezable: bool
    frozen_shelf_life_days: int | None
    thaw_days: int

    def with_(self, other: Keeping) -> Keeping:
        """What must hold for both."""
        return Keeping(
            _least(self.shelf_life_days, other.shelf_life_days),
            self.freezable and other.freezable,
            _least(self.frozen_shelf_life_days, other.frozen_shelf_life_days),
            max(self.thaw_days, other.thaw_days),
        )


@lru_cache(maxsize=1024)
def keeping(freshness: Freshness) -> Keeping:
    return Keeping(
        freshness.shelf_life_days,
        freshness.freezable,
        freshness.frozen_shelf_life_days,
        thaw_days(freshness),
    )


def keeping_of(freshnesses: Iterable[Freshness]) -> Keeping:
    """The strictest of several freshnesses (at least one)."""
    result: Keeping | None = None
    for f in freshnesses:
        result = keeping(f) if result is None else result.with_(keeping(f))
    assert result is not None
    return result


@dataclass(frozen=True)
class Need:
    """What the batches serving something must respect: made by ``use_by`` (the assembly
    day, or the parent's bake day), fresh no earlier than ``earliest_fresh`` (None: any
    day), and ``keeping``."""

    use_by: date
    earliest_fresh: date | None
    keeping: Keeping

    @classmethod
    def of(cls, use_by: date, good_until: date, keeping: Keeping) -> Need:
        """Used by ``use_by``, still good on ``good_until`` (for a delivery: its day + the
        days a gift must keep): fresh from ``good_until`` − shelf life."""
        shelf = keeping.shelf_life_days
        earliest = None if shelf is None else good_until - timedelta(days=shelf)
        return cls(use_by, earliest, keeping)

    def with_(self, other: Need) -> Need:
        """What serves both at once: the intersection of their windows."""
        if self.earliest_fresh is None or other.earliest_fresh is None:
            earliest = self.earliest_fresh or other.earliest_fresh
        else:
            earliest = max(self.earliest_fresh, other.earliest_fresh)
        return Need(min(self.use_by, other.use_by), earliest, self.keeping.with_(other.keeping))


@dataclass(frozen=True)
class Windows:
    """Where the batches serving a need may go.

    ``fresh``: made and used without freezing. ``frozen``: made and frozen the same day,
    thawed on ``thaw_on`` (empty when freezing cannot help). Nothing is before ``today``.
    """

    fresh: Window
    frozen: Window
    thaw_on: date | None


def windows_for(need: Need, today: date) -> Windows:
    """The days a batch serving ``need`` may be made, fresh or frozen."""
    earliest = need.earliest_fresh
    fresh = Window(today if earliest is None else max(today, earliest), need.use_by)
    rules = need.keeping
    if not rules.freezable or fresh.is_empty:
        return Windows(fresh, NO_DAYS, None)
    thaw_on = need.use_by - timedelta(days=rules.thaw_days)
    if earliest is not None and thaw_on < earliest:
        # Thawed that late it would no longer keep long enough.
        return Windows(fresh, NO_DAYS, None)
    start = today
    if rules.frozen_shelf_life_days is not None:
        start = max(today, thaw_on - timedelta(days=rules.frozen_shelf_life_days))
    frozen = Window(start, min(thaw_on, fresh.start) - ONE_DAY)
    if frozen.is_empty:
        return Windows(fresh, NO_DAYS, None)
    return Windows(fresh, frozen, thaw_on)
