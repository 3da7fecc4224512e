"""Read models of the bake calendar (docs/product.md §6.10): the same for the API and
``bakehouse calendar --json``."""

from __future__ import annotations

from datetime import date

from bakehouse.schemas.base import Exact, ReadModel


class BakeForRead(ReadModel):
    """Recording this bake: ``POST /api/bakes`` with these fields."""

    event_id: int
    event: str
    recipe_id: int
    batches: int


class CalendarTaskRead(ReadModel):
    #: thaw, make, bake, freeze, assemble or deliver — in the order of the day.
    kind: str
    text: str
    minutes: int
    recipe_id: int | None
    batches: int
    frozen: bool
    deliveries: list[str]
    event_ids: list[int]
    record: list[BakeForRead]


class CalendarDayRead(ReadModel):
    day: date
    label: str
    capacity_minutes: int
    minutes_used: int
    minutes_free: int
    is_today: bool
    tasks: list[CalendarTaskRead]


class CalendarNoticeRead(ReadModel):
    #: missing (an input not given), unschedulable, extra_batches or stale.
    kind: str
    message: str


class CalendarRead(ReadModel):
    today: date
    first: date
    last: date
    days: list[CalendarDayRead]
    notices: list[CalendarNoticeRead]


class SheetLineRead(ReadModel):
    recipe_id: int
    recipe: str
    batches: int
    kind: str
    frozen: bool
    deliveries: list[str]


class IngredientTotalRead(ReadModel):
    ingredient_id: int
    ingredient: str
    quantity: Exact
    unit: str


class BakersSheetRead(ReadModel):
    day: CalendarDayRead
    lines: list[SheetLineRead]
    ingredients: list[IngredientTotalRead]


class CalendarDayChangeRead(ReadModel):
    day: date
    #: None on a day off.
    minutes: int | None
    unavailable: bool


class FeedTokenRead(ReadModel):
    id: int
    name: str
    created_by: str
    revoked: bool


class FeedCreatedRead(FeedTokenRead):
    #: The feed's secret address, answered once: ``/calendar/feed/<token>.ics``.
    path: str


class RecipeTimingRead(ReadModel):
    recipe_id: int
    recipe: str
    #: None: not given yet (the calendar counts no time for it and says so).
    hands_on_minutes: int | None
    max_batches_per_session: int | None
    shelf_life_days: int | None
    freezable: bool
    frozen_shelf_life_days: int | None
    thaw_hours: Exact | None


class PackageAssemblyRead(ReadModel):
    id: int
    name: str
    assembly_minutes: int | None


class DeliveryDateRead(ReadModel):
    id: int
    #: None: delivered on the event's day (an assignment: on the event's delivery day).
    delivery_date: date | None
