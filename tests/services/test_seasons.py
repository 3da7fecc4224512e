"""Seasons, the settings store, and the scope the dashboard and the shopping list open on
(docs/product.md §6.15)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import Conflict, InvalidInput, NotFound, SeasonsOverlap
from bakehouse.services.core.settings import (
    get_setting,
    list_settings,
    reset_setting,
    set_setting,
)
from bakehouse.services.events.events import clone_event
from bakehouse.services.events.planning import get_shopping_list
from bakehouse.services.events.seasons import (
    create_season,
    delete_season,
    resolve_dashboard_scope,
    resolve_shopping_scope,
    update_season,
)
from bakehouse.services.production.dashboard import get_dashboard_summary
from tests.factories.catalog import make_purchase
from tests.factories.planning import make_event
from tests.services.test_planning import _cookie_season

TODAY = date(2026, 12, 1)


def holiday(session: Session, name: str = "Holiday 2026", year: int = 2026) -> object:
    return create_season(
        session, name=name, starts_on=date(year, 11, 1), ends_on=date(year + 1, 1, 15)
    )


def test_a_season_that_shares_a_day_with_another_is_refused_naming_it(session: Session) -> None:
    holiday(session)
    with pytest.raises(SeasonsOverlap, match="overlaps Holiday 2026 \\(2026-11-01 – 2027-01-15\\)"):
        create_season(session, name="Twelfth night", starts_on="2027-01-15", ends_on="2027-01-20")
    create_season(session, name="Winter", starts_on="2027-01-16", ends_on="2027-02-28")


def test_a_season_ends_on_or_after_its_first_day(session: Session) -> None:
    with pytest.raises(InvalidInput, match="must end on or after its first day"):
        create_season(session, name="Backwards", starts_on="2026-12-02", ends_on="2026-12-01")


def test_moving_a_season_onto_another_is_refused_and_leaves_it_as_it_was(
    session: Session,
) -> None:
    holiday(session)
    spring = create_season(session, name="Spring", starts_on="2027-03-01", ends_on="2027-05-31")
    with pytest.raises(SeasonsOverlap, match=r"Spring .* overlaps Holiday 2026"):
        update_season(session, spring.id, starts_on="2027-01-01")
    assert spring.starts_on == date(2027, 3, 1)
    update_season(session, spring.id, ends_on="2027-06-15", budget="120")
    assert (spring.ends_on, spring.budget) == (date(2027, 6, 15), Decimal("120.0000"))
    update_season(session, spring.id, budget=None)
    assert spring.budget is None


def test_the_dashboard_opens_on_the_current_season(session: Session) -> None:
    holiday(session)
    create_season(session, name="Spring", starts_on="2027-03-01", ends_on="2027-05-31")
    for name, day in [("Old", date(2025, 12, 24)), ("Xmas", date(2026, 12, 24)),
                      ("Easter", date(2027, 3, 28)), ("Loose", date(2027, 2, 14))]:  # fmt: skip
        make_event(session, name=name, event_date=day)
    scope = resolve_dashboard_scope(session, today=TODAY)
    summary = get_dashboard_summary(session, scope=scope, today=TODAY)
    assert [r.event_name for r in summary.rows] == ["Xmas"]
    assert summary.scope == "Holiday 2026 (2026-11-01 – 2027-01-15)"
    assert summary.totals.events == 1
    # "all" shows every event, those outside every season included.
    everything = get_dashboard_summary(session, scope=resolve_dashboard_scope(session, "all"))
    assert [r.event_name for r in everything.rows] == ["Old", "Xmas", "Loose", "Easter"]


def test_the_dashboard_opens_on_the_next_season_when_none_is_under_way(session: Session) -> None:
    create_season(session, name="Spring", starts_on="2027-03-01", ends_on="2027-05-31")
    make_event(session, name="Xmas", event_date=date(2026, 12, 24))
    make_event(session, name="Easter", event_date=date(2027, 3, 28))
    summary = get_dashboard_summary(
        session, scope=resolve_dashboard_scope(session, today=TODAY), today=TODAY
    )
    assert [r.event_name for r in summary.rows] == ["Easter"]
    assert summary.scope.startswith("Spring")


def test_without_seasons_the_dashboard_opens_on_every_upcoming_event(session: Session) -> None:
    make_event(session, name="Old", event_date=date(2025, 12, 24))
    make_event(session, name="Xmas", event_date=date(2026, 12, 24))
    make_event(session, name="Next Xmas", event_date=date(2027, 12, 24))
    summary = get_dashboard_summary(
        session, scope=resolve_dashboard_scope(session, today=TODAY), today=TODAY
    )
    assert [r.event_name for r in summary.rows] == ["Xmas", "Next Xmas"]
    assert summary.scope == "all upcoming events (from 2026-12-01)"


def test_an_unknown_season_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="season 'easter'"):
        resolve_dashboard_scope(session, "easter")


def test_the_default_shopping_list_of_this_season_ignores_next_years_clone(
    session: Session,
) -> None:
    """Issue 18's case: cloning next Christmas must not raise this December's bill."""
    season = _cookie_season(session)
    make_purchase(session, season.bag, total_price="4.99", packages=1, quantity="1")
    holiday(session)
    clone_event(session, season.event.id, name="Christmas 2027", event_date=date(2027, 12, 24))
    session.flush()

    this_event = get_shopping_list(session, season.event.id, today=TODAY)
    default = get_shopping_list(session, today=TODAY)
    everything = get_shopping_list(session, upcoming=True, today=TODAY)

    assert default.event_ids == (season.event.id,)
    assert default.scope == "upcoming events of Holiday 2026 (2026-12-01 – 2027-01-15): Christmas"
    assert default.estimated_total == this_event.estimated_total
    # One 5 lb bag at $4.99 for this Christmas; the clone would add a second.
    assert (default.estimated_total, everything.estimated_total) == (
        Decimal("4.99"),
        Decimal("9.98"),
    )
    assert len(everything.event_ids) == 2


def test_without_a_current_season_the_list_covers_the_next_weeks_of_the_setting(
    session: Session,
) -> None:
    near = make_event(session, name="Soon", event_date=date(2026, 12, 20))
    make_event(session, name="Far", event_date=date(2027, 2, 1))
    assert get_shopping_list(session, today=TODAY).event_ids == (near.id,)
    assert resolve_shopping_scope(session, today=TODAY).label == (
        "the next 6 weeks (2026-12-01 – 2027-01-12)"
    )
    set_setting(session, "shopping_horizon_weeks", "10", environ={})
    assert len(get_shopping_list(session, today=TODAY).event_ids) == 2


def test_a_season_chosen_for_shopping_means_its_events_from_today_on(session: Session) -> None:
    holiday(session)
    make_event(session, name="Done", event_date=date(2026, 11, 20))
    soon = make_event(session, name="Soon", event_date=date(2026, 12, 20))
    scope = resolve_shopping_scope(session, "holiday-2026", today=TODAY)
    assert get_shopping_list(session, scope=scope, today=TODAY).event_ids == (soon.id,)


def test_settings_read_the_environment_then_the_store_then_the_default(
    session: Session,
) -> None:
    assert (get_setting(session, "shopping_horizon_weeks", environ={}).value, "default") == (
        6,
        get_setting(session, "shopping_horizon_weeks", environ={}).source,
    )
    set_setting(session, "shopping-horizon-weeks", "8", environ={})
    stored = get_setting(session, "shopping_horizon_weeks", environ={})
    assert (stored.value, stored.source) == (8, "stored")
    env = {"BAKEHOUSE_SHOPPING_HORIZON_WEEKS": "3"}
    overridden = get_setting(session, "shopping_horizon_weeks", environ=env)
    assert (overridden.value, overridden.source) == (3, "environment")
    with pytest.raises(Conflict, match="BAKEHOUSE_SHOPPING_HORIZON_WEEKS"):
        set_setting(session, "shopping_horizon_weeks", "9", environ=env)
    back = reset_setting(session, "shopping_horizon_weeks", environ={})
    assert (back.value, back.source) == (6, "default")


@pytest.mark.parametrize(
    ("value", "says"),
    [("0", "at least 1"), ("105", "at most 104"), ("six", "whole number"), ("2.5", "whole")],
)
def test_a_setting_refuses_a_value_it_cannot_take(session: Session, value: str, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        set_setting(session, "shopping_horizon_weeks", value, environ={})
    assert get_setting(session, "shopping_horizon_weeks", environ={}).source == "default"


def test_an_unknown_setting_is_not_found(session: Session) -> None:
    with pytest.raises(NotFound, match="setting 'colour'"):
        set_setting(session, "colour", "blue", environ={})


def test_removing_a_season_leaves_its_events(session: Session) -> None:
    season = holiday(session)
    make_event(session, name="Xmas", event_date=date(2026, 12, 24))
    delete_season(session, season.id)  # type: ignore[attr-defined]
    summary = get_dashboard_summary(
        session, scope=resolve_dashboard_scope(session, today=TODAY), today=TODAY
    )
    assert [r.event_name for r in summary.rows] == ["Xmas"]


def test_scopes_and_settings_are_read_in_a_fixed_number_of_statements(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    with count_statements() as empty:
        resolve_dashboard_scope(session, today=TODAY)
        resolve_shopping_scope(session, today=TODAY)
        list_settings(session, environ={})
    for year in range(2020, 2030):
        holiday(session, name=f"Holiday {year}", year=year)
    set_setting(session, "shopping_horizon_weeks", "8", environ={})
    session.flush()
    with count_statements() as full:
        resolve_dashboard_scope(session, today=TODAY)
        resolve_shopping_scope(session, today=TODAY)
        list_settings(session, environ={})
    # The seasons for each scope, the horizon setting, every setting: four, however many.
    assert empty.count == full.count == 4
