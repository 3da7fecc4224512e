"""Seasons: named date ranges that events belong to by date (docs/product.md §6.15).

Pure: the overlap rule, which season a day falls in, and the scope the dashboard and the
shopping list open on. No database here: the services hand in the seasons as
:class:`SeasonSpan` values.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from bakehouse.errors import InvalidInput, SeasonsOverlap


@dataclass(frozen=True, slots=True)
class SeasonSpan:
    id: int
    name: str
    starts_on: date
    ends_on: date

    def holds(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def overlaps(self, other: SeasonSpan) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on

    @property
    def dates(self) -> str:
        return f"{self.starts_on.isoformat()} – {self.ends_on.isoformat()}"


def check_dates(starts_on: date, ends_on: date) -> None:
    """:class:`InvalidInput` unless the season ends on or after the day it starts."""
    if ends_on < starts_on:
        raise InvalidInput(
            f"a season must end on or after its first day: {ends_on.isoformat()} is before "
            f"{starts_on.isoformat()}",
            field="ends_on",
        )


def check_no_overlap(season: SeasonSpan, others: Iterable[SeasonSpan]) -> None:
    """:class:`SeasonsOverlap` naming the first other season (by start) that shares a day
    with ``season``; a season never overlaps itself (same id)."""
    for other in sorted(others, key=lambda s: s.starts_on):
        if other.id != season.id and season.overlaps(other):
            raise SeasonsOverlap(
                f"{season.name} ({season.dates}) overlaps {other.name} ({other.dates}); "
                "seasons may not share a day"
            )


def season_on(seasons: Sequence[SeasonSpan], day: date) -> SeasonSpan | None:
    """The season ``day`` falls in, if any (seasons never overlap, so at most one)."""
    return next((s for s in seasons if s.holds(day)), None)


def next_season(seasons: Sequence[SeasonSpan], day: date) -> SeasonSpan | None:
    """The first season starting after ``day``, if any."""
    later = [s for s in seasons if s.starts_on > day]
    return min(later, key=lambda s: s.starts_on) if later else None


@dataclass(frozen=True, slots=True)
class DateScope:
    """Events dated ``first`` to ``last`` (either open), described for people."""

    key: str  # "all", "upcoming", "weeks", or a season's id as text
    label: str
    first: date | None = None
    last: date | None = None

    def holds(self, day: date) -> bool:
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)


ALL = DateScope("all", "all events")


def season_scope(season: SeasonSpan) -> DateScope:
    return DateScope(
        str(season.id), f"{season.name} ({season.dates})", season.starts_on, season.ends_on
    )


def upcoming_scope(today: date) -> DateScope:
    return DateScope("upcoming", f"all upcoming events (from {today.isoformat()})", today)


def dashboard_scope(seasons: Sequence[SeasonSpan], today: date) -> DateScope:
    """What the dashboard opens on: the current season, else the next one, else every
    upcoming event (docs/product.md §6.15)."""
    season = season_on(seasons, today) or next_season(seasons, today)
    return season_scope(season) if season is not None else upcoming_scope(today)


def shopping_scope(seasons: Sequence[SeasonSpan], today: date, horizon_weeks: int) -> DateScope:
    """What the shopping list covers by default: the upcoming events of the current
    season, else the next ``horizon_weeks`` weeks (docs/product.md §6.15)."""
    season = season_on(seasons, today)
    if season is not None:
        return DateScope(
            str(season.id),
            f"upcoming events of {season.name} ({today.isoformat()} – "
            f"{season.ends_on.isoformat()})",
            today,
            season.ends_on,
        )
    last = today + timedelta(weeks=horizon_weeks)
    return DateScope(
        "weeks",
        f"the next {horizon_weeks} weeks ({today.isoformat()} – {last.isoformat()})",
        today,
        last,
    )


@dataclass(frozen=True, slots=True)
class BudgetStanding:
    """Where a forecast stands against a budget: "left" (amount still free) or "over"."""

    kind: str
    amount: Decimal


def budget_standing(budget: Decimal | None, forecast: Decimal) -> BudgetStanding | None:
    """``budget − forecast`` as "left", or how far over; None without a budget
    (docs/product.md §6.15: "left" and "over" appear only where a budget exists)."""
    if budget is None:
        return None
    if forecast > budget:
        return BudgetStanding("over", forecast - budget)
    return BudgetStanding("left", budget - forecast)
