"""Request bodies of the bake calendar API (answers: :mod:`bakehouse.schemas.calendar`)."""

from __future__ import annotations

from datetime import date

from bakehouse.web.api.schemas_fields import InputModel, Name, Quantity


class CalendarDaySet(InputModel):
    """One day's baking minutes instead of its usual, or ``"unavailable": true`` (a day
    off, minutes left out)."""

    minutes: int | None = None
    unavailable: bool = False


class FeedCreate(InputModel):
    name: Name


class RecipeTimingSet(InputModel):
    """A recipe's calendar inputs; a field left out or ``null`` is "not given"."""

    hands_on_minutes: int | None = None
    max_batches_per_session: int | None = None
    freezable: bool = False
    frozen_shelf_life_days: int | None = None
    thaw_hours: Quantity | None = None


class AssemblySet(InputModel):
    assembly_minutes: int | None


class DeliverySet(InputModel):
    """``null``: on the event's day."""

    delivery_date: date | None
