"""Putting batches on days within the baker's capacity (docs/product.md §6.10).

Latest feasible day first: days are walked from the last one back; on each day the units
whose window has the fewest days left before it closes (the latest start) go first, each
taking as many of its batches as the day's free minutes and the recipe's session limit
allow. A unit's batches may spread over several days of its window. Deterministic: ties
go by the order the units were given in.
"""

from __future__ import annotations

from bisect import insort
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date

from bakehouse.domain.scheduling.windows import ONE_DAY, Window


class Ledger:
    """Minutes used per day, and batches per recipe and day, against capacity."""

    def __init__(self, capacity: Mapping[date, int]) -> None:
        self._capacity = dict(capacity)
        self._used: dict[date, int] = defaultdict(int)
        self._batches: dict[tuple[int, date], int] = defaultdict(int)

    def capacity(self, day: date) -> int:
        return self._capacity.get(day, 0)

    def used(self, day: date) -> int:
        return self._used.get(day, 0)

    def room(self, day: date) -> int:
        return self.capacity(day) - self.used(day)

    def batches_of(self, recipe_id: int, day: date) -> int:
        return self._batches.get((recipe_id, day), 0)

    def take(
        self, day: date, minutes: int, *, recipe_id: int | None = None, batches: int = 0
    ) -> None:
        self._used[day] += minutes
        if recipe_id is not None:
            self._batches[(recipe_id, day)] += batches


@dataclass(eq=False)
class Unit:
    """Batches of one recipe to place inside ``window`` (filled in while placing)."""

    recipe_id: int
    minutes_per_batch: int
    session_limit: int | None
    window: Window
    batches: int
    placed: list[tuple[date, int]] = field(default_factory=list)

    @property
    def left(self) -> int:
        return self.batches - sum(n for _, n in self.placed)


def batches_that_fit(ledger: Ledger, unit: Unit, day: date) -> int:
    """How many of the unit's remaining batches ``day`` still has room for (none on a day
    without time, even for a recipe that takes no hands-on minutes)."""
    if ledger.capacity(day) == 0:
        return 0
    fit = unit.left
    if unit.minutes_per_batch > 0:
        fit = min(fit, ledger.room(day) // unit.minutes_per_batch)
    if unit.session_limit is not None:
        fit = min(fit, unit.session_limit - ledger.batches_of(unit.recipe_id, day))
    return max(0, fit)


def place_latest_first(units: Sequence[Unit], ledger: Ledger) -> None:
    """Place every unit's batches it can, latest day first; what does not fit stays left."""
    waiting = sorted(
        (u for u in units if u.left > 0 and not u.window.is_empty),
        key=lambda u: u.window.end,
    )
    if not waiting:
        return
    first = min(u.window.start for u in waiting)
    seq = {id(u): n for n, u in enumerate(units)}

    def urgency(u: Unit) -> tuple[int, date, int]:
        return (-u.window.start.toordinal(), u.window.end, seq[id(u)])

    active: list[Unit] = []
    day = waiting[-1].window.end
    while day >= first:
        while waiting and waiting[-1].window.end >= day:
            insort(active, waiting.pop(), key=urgency)
        for unit in active:
            fit = batches_that_fit(ledger, unit, day)
            if fit:
                ledger.take(
                    day, fit * unit.minutes_per_batch, recipe_id=unit.recipe_id, batches=fit
                )
                unit.placed.append((day, fit))
        active = [u for u in active if u.left and u.window.start < day]
        day -= ONE_DAY
