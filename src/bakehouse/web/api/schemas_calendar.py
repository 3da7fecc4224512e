"""Request bodies of the bake calendar API (answers: :mod:`bakehouse.schemas.calendar`)."""

from __future__ import annotations

from bakehouse.web.api.schemas_fields import InputModel, Name


class CalendarDaySet(InputModel):
    """One day's baking minutes instead of its usual, or ``"unavailable": true`` (a day
    off, minutes left out)."""

    minutes: int | None = None
    unavailable: bool = False


class FeedCreate(InputModel):
    name: Name
