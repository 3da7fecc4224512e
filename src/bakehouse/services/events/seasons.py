"""Seasons: named date ranges, never overlapping, with an optional budget; and the scope
the dashboard and the shopping list open on (docs/product.md §6.15)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.seasons import (
    ALL,
    DateScope,
    SeasonSpan,
    check_dates,
    check_no_overlap,
    dashboard_scope,
    season_scope,
    shopping_scope,
    upcoming_scope,
)
from bakehouse.models import Event, Season
from bakehouse.services.core.checks import date_input, money_input
from bakehouse.services.core.naming import (
    clean_notes,
    find_by_key,
    get_by_id,
    rename,
    unique_name,
)
from bakehouse.services.core.settings import setting_value

#: Leave the budget as it is (``budget=None`` removes it).
KEEP: object = object()


def list_seasons(session: Session) -> list[Season]:
    """Every season, earliest first; one statement."""
    return list(session.scalars(select(Season).order_by(Season.starts_on, Season.id)))


def get_season(session: Session, key: int | str) -> Season:
    """The season with this id, slug or name; :class:`NotFound` otherwise."""
    return find_by_key(session, Season, "season", key)


def spans(seasons: list[Season]) -> list[SeasonSpan]:
    return [SeasonSpan(s.id, s.name, s.starts_on, s.ends_on) for s in seasons]


def _optional_budget(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return money_input(value, field="budget")


def create_season(
    session: Session,
    *,
    name: str,
    starts_on: object,
    ends_on: object,
    budget: object = None,
    notes: str = "",
) -> Season:
    """Add a season. :class:`Conflict` for a taken name, :class:`SeasonsOverlap` naming the
    season it would share days with, :class:`InvalidInput` for dates out of order."""
    cleaned, slug = unique_name(session, Season, "season", name)
    first, last = date_input(starts_on, field="starts_on"), date_input(ends_on, field="ends_on")
    check_dates(first, last)
    check_no_overlap(SeasonSpan(0, cleaned, first, last), spans(list_seasons(session)))
    season = Season(
        name=cleaned, slug=slug, starts_on=first, ends_on=last,
        budget=_optional_budget(budget), notes=clean_notes(notes),
    )  # fmt: skip
    session.add(season)
    session.flush()
    return season


def update_season(
    session: Session,
    key: int | str,
    *,
    name: str | None = None,
    starts_on: object = None,
    ends_on: object = None,
    budget: object = KEEP,
    notes: str | None = None,
) -> Season:
    """Change the fields given (``budget=None`` removes the budget); same refusals as
    :func:`create_season`."""
    season = get_season(session, key)
    if name is not None:
        rename(session, season, "season", name)
    first = season.starts_on if starts_on is None else date_input(starts_on, field="starts_on")
    last = season.ends_on if ends_on is None else date_input(ends_on, field="ends_on")
    check_dates(first, last)
    others = [s for s in spans(list_seasons(session)) if s.id != season.id]
    check_no_overlap(SeasonSpan(season.id, season.name, first, last), others)
    season.starts_on, season.ends_on = first, last
    if budget is not KEEP:
        season.budget = _optional_budget(budget)  # type: ignore[assignment]
    if notes is not None:
        season.notes = clean_notes(notes, max_length=TextLimit.NOTES)
    session.flush()
    return season


def delete_season(session: Session, key: int | str) -> None:
    """Remove a season; its events stay, under "no season"."""
    session.delete(get_season(session, key))
    session.flush()


def season_of_event(seasons: list[Season], event: Event) -> Season | None:
    return next((s for s in seasons if s.starts_on <= event.event_date <= s.ends_on), None)


def resolve_dashboard_scope(
    session: Session, choice: str | None = None, *, today: date | None = None
) -> DateScope:
    """The dates the dashboard covers: ``choice`` is a season's id, slug or name, "all",
    "upcoming", or None for the default (current season, else next, else all upcoming).
    :class:`NotFound` for an unknown season."""
    today = today or date.today()
    if choice is None or not choice.strip():
        return dashboard_scope(spans(list_seasons(session)), today)
    return _named_scope(session, choice, today)


def resolve_shopping_scope(
    session: Session, choice: str | None = None, *, today: date | None = None
) -> DateScope:
    """The dates the shopping list covers: ``choice`` as for the dashboard (a season means
    its events from ``today`` on), or None for the default: the current season's upcoming
    events, else the next ``shopping_horizon_weeks`` weeks."""
    today = today or date.today()
    if choice is None or not choice.strip():
        horizon = setting_value(session, "shopping_horizon_weeks")
        return shopping_scope(spans(list_seasons(session)), today, horizon)
    scope = _named_scope(session, choice, today)
    if scope.key in {"all", "upcoming"}:
        return upcoming_scope(today)
    first = max(today, scope.first) if scope.first else today
    return DateScope(scope.key, f"upcoming events of {scope.label}", first, scope.last)


def _named_scope(session: Session, choice: str, today: date) -> DateScope:
    text = choice.strip().lower()
    if text == "all":
        return ALL
    if text == "upcoming":
        return upcoming_scope(today)
    season = get_season(session, choice)
    return season_scope(SeasonSpan(season.id, season.name, season.starts_on, season.ends_on))


def set_event_budget(session: Session, event_id: int, budget: object) -> Event:
    """Set (or, with None, remove) an event's budget; :class:`NotFound`, :class:`InvalidInput`."""
    event = get_by_id(session, Event, "event", event_id)
    event.budget = _optional_budget(budget)  # type: ignore[assignment]
    session.flush()
    return event
