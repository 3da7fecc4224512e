"""What a schedule says: typed tasks per day, minutes used against capacity, and what
could not be placed (docs/product.md §6.10)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import IntEnum, StrEnum
from typing import ClassVar

from bakehouse.domain.scheduling.inputs import DeliveryRef, PackageCount


class TaskKind(IntEnum):
    """Task kinds in the order they happen within one day."""

    THAW = 1
    MAKE = 2
    BAKE = 3
    FREEZE = 4
    ASSEMBLE = 5
    DELIVER = 6


@dataclass(frozen=True)
class ItemShare:
    """``count`` of an item a bake makes for one delivery."""

    ref: DeliveryRef
    item_id: int
    count: int


@dataclass(frozen=True)
class ThawTask:
    """Take out of the freezer: planned frozen batches, items of a recorded frozen bake
    (``items``) or frozen prepared stock (``lot_ids``); needed on ``needed_on``."""

    kind: ClassVar[TaskKind] = TaskKind.THAW
    day: date
    recipe_id: int
    recipe: str
    needed_on: date
    batches: int = 0
    items: tuple[ItemShare, ...] = ()
    lot_ids: tuple[int, ...] = ()
    deliveries: tuple[DeliveryRef, ...] = ()
    minutes: int = 0


@dataclass(frozen=True)
class MakeTask:
    """Make batches of a sub-recipe for the parent recipes' bakes; ``frozen``: freeze them
    the same day (a ``FreezeTask`` follows)."""

    kind: ClassVar[TaskKind] = TaskKind.MAKE
    day: date
    recipe_id: int
    recipe: str
    batches: int
    minutes: int
    for_recipes: tuple[int, ...]
    deliveries: tuple[DeliveryRef, ...]
    frozen: bool = False


@dataclass(frozen=True)
class BakeTask:
    """Bake batches of a recipe for deliveries; ``items`` says how many of which item go to
    which delivery. ``frozen``: freeze them the same day (a ``FreezeTask`` follows)."""

    kind: ClassVar[TaskKind] = TaskKind.BAKE
    day: date
    recipe_id: int
    recipe: str
    batches: int
    minutes: int
    deliveries: tuple[DeliveryRef, ...]
    items: tuple[ItemShare, ...]
    frozen: bool = False


@dataclass(frozen=True)
class FreezeTask:
    kind: ClassVar[TaskKind] = TaskKind.FREEZE
    day: date
    recipe_id: int
    recipe: str
    batches: int
    thaw_on: date
    minutes: int = 0


@dataclass(frozen=True)
class AssembleTask:
    kind: ClassVar[TaskKind] = TaskKind.ASSEMBLE
    day: date
    ref: DeliveryRef
    delivery: str
    packages: tuple[PackageCount, ...]
    minutes: int


@dataclass(frozen=True)
class DeliverTask:
    kind: ClassVar[TaskKind] = TaskKind.DELIVER
    day: date
    ref: DeliveryRef
    delivery: str
    packages: int
    minutes: int = 0


Task = ThawTask | MakeTask | BakeTask | FreezeTask | AssembleTask | DeliverTask


@dataclass(frozen=True)
class DaySchedule:
    day: date
    capacity_minutes: int
    minutes_used: int
    tasks: tuple[Task, ...]

    @property
    def minutes_free(self) -> int:
        return self.capacity_minutes - self.minutes_used


class Reason(StrEnum):
    """Why something could not be placed."""

    NO_TIME = "no_time"  # every day of its window is full
    KEEPS_TOO_SHORT = "keeps_too_short"  # even made on the last day it would not keep
    DELIVERY_PASSED = "delivery_passed"  # the delivery day is before today
    NO_TIME_TO_ASSEMBLE = "no_time_to_assemble"  # the assembly day is full


class SuggestionKind(StrEnum):
    FREEZE = "freeze"  # allow freezing it: there is room before its window
    ADD_TIME = "add_time"  # more minutes on the days named
    FREE_DAY = "free_day"  # every day of its window is marked unavailable
    LARGER_SESSIONS = "larger_sessions"  # raise the most batches per session
    KEEP_FEWER_DAYS = "keep_fewer_days"  # lower the days a gift must keep
    ASSEMBLE_ON_DELIVERY_DAY = "assemble_on_delivery_day"
    MOVE_DELIVERY = "move_delivery"  # deliver on ``days[0]`` or later


@dataclass(frozen=True)
class Suggestion:
    """One concrete way out. ``days`` and ``minutes`` pair up for ``ADD_TIME``; ``value``
    is the number the suggestion names (days to keep, batches per session)."""

    kind: SuggestionKind
    text: str
    days: tuple[date, ...] = ()
    minutes: tuple[int, ...] = ()
    value: int | None = None


@dataclass(frozen=True)
class Unschedulable:
    """Batches (or packages to assemble) that could not be placed, with why and what to do.
    ``window_start``/``window_end``: the days it could have gone (fresh)."""

    reason: Reason
    name: str
    recipe_id: int | None
    batches: int
    packages: int
    deliveries: tuple[DeliveryRef, ...]
    window_start: date | None
    window_end: date | None
    suggestions: tuple[Suggestion, ...]
    message: str


@dataclass(frozen=True)
class BatchSplit:
    """One bake group: batches that serve these deliveries together."""

    deliveries: tuple[DeliveryRef, ...]
    needed_by: date  # the first delivery (a sub-recipe: the first bake that uses it)
    window_start: date
    window_end: date
    batches: int


@dataclass(frozen=True)
class ExtraBatches:
    """Freshness splits a recipe's batches so that it needs more than the plan."""

    recipe_id: int
    recipe: str
    planned: int
    scheduled: int
    splits: tuple[BatchSplit, ...]
    message: str

    @property
    def extra(self) -> int:
        return self.scheduled - self.planned


@dataclass(frozen=True)
class StaleItems:
    """Good items already made that will not keep until the delivery they were made for:
    they are not counted, and what they were to cover is planned again."""

    event_id: int
    item_id: int
    item: str
    count: int
    baked_on: date
    good_through: date
    ref: DeliveryRef
    message: str


@dataclass(frozen=True)
class Schedule:
    """Every day from the first day through the last delivery, in order."""

    start: date
    days: tuple[DaySchedule, ...]
    unschedulable: tuple[Unschedulable, ...]
    extra_batches: tuple[ExtraBatches, ...]
    stale_items: tuple[StaleItems, ...]

    def tasks(self) -> Iterator[Task]:
        for day in self.days:
            yield from day.tasks

    def on(self, day: date) -> DaySchedule | None:
        index = (day - self.start).days
        if 0 <= index < len(self.days):
            return self.days[index]
        return None
