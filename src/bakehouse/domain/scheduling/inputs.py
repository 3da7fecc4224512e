"""What the bake calendar plans from: plain frozen values, no database.

docs/product.md §6.10. Freshness is one model for items, sub-recipes and prepared stock;
the baker's hours and the two calendar settings belong to the settings store.
Deliveries carry only what is still to do: the items their packages still to assemble need
and those packages; good items already made and prepared stock on hand are inputs of
their own, so the calendar re-plans from what is left after every bake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

#: Days of shelf life a gift must still have when it is delivered (a setting).
DEFAULT_KEEP_DAYS = 2
#: Packages are assembled this many days before delivery (a setting: T − 1).
DEFAULT_ASSEMBLY_DAYS_BEFORE = 1


@dataclass(frozen=True)
class Freshness:
    """Shelf life at room temperature (good through bake day + days), freezing and thawing.

    ``shelf_life_days`` None means it keeps for the whole season. ``frozen_shelf_life_days``
    None means frozen it keeps for the whole season. ``thaw_hours`` None or 0: usable the
    day it comes out of the freezer.
    """

    shelf_life_days: int | None = None
    freezable: bool = False
    frozen_shelf_life_days: int | None = None
    thaw_hours: Decimal | None = None


@dataclass(frozen=True)
class Item:
    """An item a recipe makes: ``items_per_batch`` of it per batch (batches are fungible
    between the items of one recipe, as in planning)."""

    item_id: int
    name: str
    recipe_id: int
    items_per_batch: int
    freshness: Freshness = Freshness()


@dataclass(frozen=True)
class SubLine:
    """A parent batch uses ``quantity`` of a sub-recipe, in the sub-recipe's stock unit
    (its yield unit; for a recipe without a yield, in batches: "½ batch of the glaze")."""

    sub_recipe_id: int
    quantity: Decimal


@dataclass(frozen=True)
class Recipe:
    """A recipe as the calendar sees it.

    ``batch_yield`` is what one batch makes in the stock unit (1 when counted in batches);
    ``freshness`` is that of what it makes as a sub-recipe (prepared stock) — items carry
    their own. ``max_batches_per_session`` caps the batches of this recipe on one day.
    """

    recipe_id: int
    name: str
    minutes_per_batch: int
    max_batches_per_session: int | None = None
    batch_yield: Decimal = Decimal(1)
    freshness: Freshness = Freshness()
    sub_lines: tuple[SubLine, ...] = ()


@dataclass(frozen=True)
class Package:
    package_id: int
    name: str
    assembly_minutes: int


@dataclass(frozen=True)
class ItemCount:
    item_id: int
    count: int


@dataclass(frozen=True)
class PackageCount:
    package_id: int
    count: int


@dataclass(frozen=True)
class DeliveryRef:
    """Which delivery: an event's, or one assignment's when it has a date of its own."""

    event_id: int
    assignment_id: int | None = None

    @property
    def sort_key(self) -> tuple[int, int]:
        return (self.event_id, -1 if self.assignment_id is None else self.assignment_id)


@dataclass(frozen=True)
class Delivery:
    """One delivery on ``day``: the items its packages still to assemble need, and those
    packages (assembly counts against capacity)."""

    ref: DeliveryRef
    name: str
    day: date
    items: tuple[ItemCount, ...] = ()
    packages: tuple[PackageCount, ...] = ()


@dataclass(frozen=True)
class MadeItems:
    """Good items already made for an event and not yet in an assembled package.

    With ``assignment_id`` they belong to that delivery; without, to the event's
    deliveries, earliest first. ``frozen_on`` set and ``thawed_on`` not: still frozen.
    """

    event_id: int
    item_id: int
    count: int
    baked_on: date
    frozen_on: date | None = None
    thawed_on: date | None = None
    assignment_id: int | None = None


@dataclass(frozen=True)
class PreparedLot:
    """Prepared stock of a sub-recipe on hand, ``quantity`` in its stock unit.

    ``best_before``: the last day it is good (for a frozen lot, the day it must be thawed
    by); None keeps.
    """

    lot_id: int
    recipe_id: int
    quantity: Decimal
    made_on: date
    best_before: date | None = None
    frozen: bool = False


@dataclass(frozen=True)
class DayOverride:
    """A one-off change of one day's time: "6 h on Dec 20" is ``DayOverride(Dec 20, 360)``."""

    day: date
    minutes: int


@dataclass(frozen=True)
class Capacity:
    """The baker's hands-on minutes per day. An unavailable day has none, whatever an
    override says."""

    weekday_minutes: int
    weekend_minutes: int
    unavailable: frozenset[date] = frozenset()
    overrides: tuple[DayOverride, ...] = ()

    def minutes_on(self, day: date) -> int:
        if day in self.unavailable:
            return 0
        for override in self.overrides:
            if override.day == day:
                return override.minutes
        return self.weekend_minutes if day.weekday() >= 5 else self.weekday_minutes


@dataclass(frozen=True)
class ScheduleInput:
    """Everything one schedule is computed from. Nothing is planned before ``today``."""

    today: date
    capacity: Capacity
    recipes: tuple[Recipe, ...]
    items: tuple[Item, ...]
    deliveries: tuple[Delivery, ...]
    packages: tuple[Package, ...] = ()
    made_items: tuple[MadeItems, ...] = ()
    prepared_stock: tuple[PreparedLot, ...] = ()
    keep_days: int = DEFAULT_KEEP_DAYS
    assembly_days_before: int = DEFAULT_ASSEMBLY_DAYS_BEFORE
