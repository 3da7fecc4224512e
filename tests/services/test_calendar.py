"""The bake calendar read from the database (docs/product.md §6.10): what is still to do,
the baker's hours from the settings store, re-planned as bakes are recorded."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.scheduling import BakeTask, DeliveryRef, Freshness, Reason, TaskKind
from bakehouse.errors import InvalidInput, NotFound
from bakehouse.services.core.settings import set_setting
from bakehouse.services.events.status import update_package_status
from bakehouse.services.packaging.packages import ContentInput, set_bundle_lines
from bakehouse.services.production.calendar import get_calendar, read_range
from bakehouse.services.production.calendar_days import (
    clear_calendar_day,
    list_calendar_days,
    set_calendar_day,
)
from bakehouse.services.production.calendar_feeds import (
    create_feed,
    feed_is_live,
    list_feeds,
    revoke_feed,
)
from bakehouse.services.production.calendar_inputs import (
    list_recipe_timings,
    set_assignment_delivery,
    set_event_delivery,
    set_package_assembly,
    set_recipe_timing,
)
from tests.factories.planning import make_assignment, make_recipient
from tests.factories.season import CookieSeason, bake, make_cookie_season

TODAY = date(2024, 12, 20)  # a Friday; the season's event is on Wednesday 2024-12-25


@pytest.fixture
def season(session: Session) -> CookieSeason:
    season = make_cookie_season(session, recipients=("Alice", "Bob"))
    season.recipe.hands_on_minutes = 45
    season.recipe.shelf_life_days = 5
    season.package.assembly_minutes = 10
    session.flush()
    return season


def bakes(calendar: Any) -> list[BakeTask]:
    return [t for t in calendar.schedule.tasks() if isinstance(t, BakeTask)]


def test_what_is_still_to_bake_is_placed_before_assembly_within_the_hours(
    session: Session, season: CookieSeason
) -> None:
    calendar = get_calendar(session, today=TODAY)

    [task] = bakes(calendar)
    # Two boxes of 12 cookies: one batch of 24; shelf life 5, keep 2: Dec 22 to Dec 24.
    assert (task.day, task.batches, task.minutes) == (date(2024, 12, 24), 1, 45)
    [assemble] = [t for t in calendar.schedule.tasks() if t.kind is TaskKind.ASSEMBLE]
    assert (assemble.day, assemble.minutes) == (date(2024, 12, 24), 20)
    assert calendar.missing == ()
    assert calendar.schedule.unschedulable == ()


def test_recording_the_bake_re_plans_the_calendar(session: Session, season: CookieSeason) -> None:
    bake(session, season, 1, produced_at=datetime(2024, 12, 22, 9, tzinfo=UTC))

    calendar = get_calendar(session, today=date(2024, 12, 22))

    assert bakes(calendar) == []
    [made] = calendar.inputs.made_items
    assert (made.count, made.baked_on) == (24, date(2024, 12, 22))


def test_a_bake_that_will_not_keep_to_the_delivery_is_stale_and_planned_again(
    session: Session, season: CookieSeason
) -> None:
    # Baked Dec 20, shelf life 5: good through Dec 25, not the Dec 27 a gift must keep to.
    bake(session, season, 1, produced_at=datetime(2024, 12, 20, 9, tzinfo=UTC))

    calendar = get_calendar(session, today=TODAY)

    [stale] = calendar.schedule.stale_items
    assert (stale.count, stale.good_through) == (24, date(2024, 12, 25))
    assert [t.batches for t in bakes(calendar)] == [1]


def test_items_gone_into_assembled_packages_are_not_counted_twice(
    session: Session, season: CookieSeason
) -> None:
    bake(session, season, 1, produced_at=datetime(2024, 12, 22, 9, tzinfo=UTC))
    update_package_status(session, season.assignments[0].id, AssignmentStatus.ASSEMBLED)
    carol = make_recipient(session, name="Carol")
    make_assignment(session, season.event, carol, season.package)

    calendar = get_calendar(session, today=date(2024, 12, 22))

    # Two boxes still to assemble (24 cookies); 12 of the 24 baked are already boxed.
    [made] = calendar.inputs.made_items
    assert made.count == 12
    [task] = bakes(calendar)
    assert task.batches == 1


def test_an_assembled_box_counts_what_it_held_when_its_bundle_changes_later(
    session: Session, season: CookieSeason
) -> None:
    # docs/product.md §6.20: Alice's box was assembled with 12 cookies; the tin then grows
    # to 18. Her box still holds 12 of the 24 baked, so 12 are left for Bob's 18.
    bake(session, season, 1, produced_at=datetime(2024, 12, 22, 9, tzinfo=UTC))
    update_package_status(session, season.assignments[0].id, AssignmentStatus.ASSEMBLED)
    set_bundle_lines(session, season.bundle.id, [ContentInput(18, item_id=season.cookie.id)])

    calendar = get_calendar(session, today=date(2024, 12, 22))

    [made] = calendar.inputs.made_items
    assert made.count == 12
    [delivery] = calendar.inputs.deliveries
    assert [(line.item_id, line.count) for line in delivery.items] == [(season.cookie.id, 18)]
    [task] = bakes(calendar)
    assert task.batches == 1  # 6 cookies short


def test_a_recipe_without_hands_on_minutes_is_named(session: Session, season: CookieSeason) -> None:
    season.recipe.hands_on_minutes = None
    season.package.assembly_minutes = None
    session.flush()

    calendar = get_calendar(session, today=TODAY)

    assert [(m.kind, m.name) for m in calendar.missing] == [
        ("hands_on_minutes", "Test Cookies"),
        ("assembly_minutes", "Cookie box"),
    ]


def test_the_hours_come_from_the_settings_store_and_the_changed_days(
    session: Session, season: CookieSeason
) -> None:
    set_setting(session, "calendar_weekday_minutes", 0, environ={})
    set_setting(session, "calendar_weekend_minutes", 0, environ={})
    set_calendar_day(session, date(2024, 12, 22), minutes="60")
    set_calendar_day(session, date(2024, 12, 23), unavailable=True)

    calendar = get_calendar(session, today=TODAY)

    [task] = bakes(calendar)
    assert task.day == date(2024, 12, 22)
    capacity = {d.day: d.capacity_minutes for d in calendar.schedule.days}
    assert capacity[date(2024, 12, 22)] == 60
    assert capacity[date(2024, 12, 23)] == 0
    # Nothing left on the assembly day: the packages cannot be assembled.
    [cannot] = calendar.schedule.unschedulable
    assert cannot.reason is Reason.NO_TIME_TO_ASSEMBLE


def test_an_assignment_with_its_own_delivery_date_is_its_own_delivery(
    session: Session, season: CookieSeason
) -> None:
    season.assignments[1].delivery_date = date(2024, 12, 22)
    session.flush()

    calendar = get_calendar(session, today=TODAY)

    refs = {d.ref: d.day for d in calendar.inputs.deliveries}
    assert refs == {
        DeliveryRef(season.event.id): date(2024, 12, 25),
        DeliveryRef(season.event.id, season.assignments[1].id): date(2024, 12, 22),
    }


def test_the_event_delivery_date_wins_over_its_day(session: Session, season: CookieSeason) -> None:
    season.event.delivery_date = date(2024, 12, 23)
    session.flush()

    [delivery] = get_calendar(session, today=TODAY).inputs.deliveries
    assert delivery.day == date(2024, 12, 23)


def test_reading_the_calendar_is_a_fixed_number_of_statements(
    session: Session, season: CookieSeason, count_statements: Callable[[], Any]
) -> None:
    bake(session, season, 1, produced_at=datetime(2024, 12, 20, 9, tzinfo=UTC))
    with count_statements() as few:
        get_calendar(session, today=TODAY)
    for n in range(6):
        person = make_recipient(session, name=f"Guest {n}")
        make_assignment(session, season.event, person, season.package)
    bake(session, season, 1, produced_at=datetime(2024, 12, 20, 10, tzinfo=UTC))
    set_calendar_day(session, date(2024, 12, 21), minutes="30")
    with count_statements() as many:
        get_calendar(session, today=TODAY)

    assert few.count == many.count == 14


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [("2024-13-01", None, "from"), ("2024-12-20", "soon", "to"),
     ("2024-12-20", "2024-12-19", "to"), ("2024-01-01", "2026-01-01", "to")],
)  # fmt: skip
def test_a_bad_range_is_refused_naming_the_field(first: str, last: str | None, field: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        read_range(first, last, today=TODAY)
    assert refused.value.field == field


def test_the_range_defaults_to_the_week_from_today() -> None:
    assert read_range(None, None, today=TODAY) == (TODAY, date(2024, 12, 26))


def test_a_recipes_calendar_inputs_are_set_and_read_back(
    session: Session, season: CookieSeason
) -> None:
    set_recipe_timing(
        session, season.recipe.id, hands_on_minutes="30", max_batches_per_session=3,
        freezable=True, frozen_shelf_life_days="60", thaw_hours="2.5",
    )  # fmt: skip
    [timing] = list_recipe_timings(session)
    assert (timing.hands_on_minutes, timing.max_batches_per_session, timing.freezable,
            timing.frozen_shelf_life_days, timing.thaw_hours) == (30, 3, True, 60,
                                                                  Decimal("2.5"))  # fmt: skip
    [recipe] = get_calendar(session, today=TODAY).inputs.recipes
    assert recipe.freshness == Freshness(5, True, 60, Decimal("2.5"))


@pytest.mark.parametrize(
    ("change", "field"),
    [({"hands_on_minutes": "-5"}, "hands_on_minutes"),
     ({"hands_on_minutes": "2000"}, "hands_on_minutes"),
     ({"hands_on_minutes": "1.5"}, "hands_on_minutes"),
     ({"max_batches_per_session": 0}, "max_batches_per_session"),
     ({"frozen_shelf_life_days": "30"}, "frozen_shelf_life_days"),
     ({"thaw_hours": "3"}, "thaw_hours"),
     ({"freezable": True, "thaw_hours": "-1"}, "thaw_hours"),
     ({"freezable": True, "frozen_shelf_life_days": "0"}, "frozen_shelf_life_days")],
)  # fmt: skip
def test_a_bad_recipe_input_is_refused_naming_the_field_and_changes_nothing(
    session: Session, season: CookieSeason, change: dict[str, Any], field: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        set_recipe_timing(session, season.recipe.id, **{"hands_on_minutes": "20", **change})
    assert refused.value.field == field
    assert season.recipe.hands_on_minutes == 45


def test_assembly_minutes_and_delivery_days_are_set_and_cleared(
    session: Session, season: CookieSeason
) -> None:
    set_package_assembly(session, season.package.id, "7")
    set_event_delivery(session, season.event.id, "2024-12-23")
    set_assignment_delivery(session, season.assignments[0].id, date(2024, 12, 22))
    calendar = get_calendar(session, today=TODAY)
    assert [(d.day, d.ref.assignment_id) for d in calendar.inputs.deliveries] == [
        (date(2024, 12, 23), None),
        (date(2024, 12, 22), season.assignments[0].id),
    ]
    assert calendar.inputs.packages[0].assembly_minutes == 7
    set_event_delivery(session, season.event.id, "")
    set_assignment_delivery(session, season.assignments[0].id, None)
    set_package_assembly(session, season.package.id, "")
    assert season.event.delivery_date is None
    assert season.assignments[0].delivery_date is None
    assert season.package.assembly_minutes is None
    with pytest.raises(InvalidInput) as refused:
        set_event_delivery(session, season.event.id, "24/12/2024")
    assert refused.value.field == "delivery_date"


def test_a_day_needs_minutes_or_to_be_off(session: Session) -> None:
    with pytest.raises(InvalidInput) as refused:
        set_calendar_day(session, TODAY)
    assert refused.value.field == "minutes"
    with pytest.raises(InvalidInput):
        set_calendar_day(session, TODAY, minutes="six hours")
    off = set_calendar_day(session, TODAY, minutes="", unavailable=True)
    assert (off.minutes, off.unavailable) == (None, True)
    changed = set_calendar_day(session, TODAY, minutes="90")
    assert (changed.minutes, changed.unavailable) == (90, False)
    clear_calendar_day(session, TODAY)
    clear_calendar_day(session, TODAY)  # twice: nothing to forget
    assert list_calendar_days(session) == []


def test_feeds_are_made_read_by_their_token_and_revoked(session: Session) -> None:
    made = create_feed(session, "  My phone ", created_by="olga")
    assert made.feed.name == "My phone"
    assert feed_is_live(session, made.token)
    assert not feed_is_live(session, made.token + "x")
    assert not feed_is_live(session, "bh_" + made.token)
    revoke_feed(session, made.feed.id)
    revoke_feed(session, made.feed.id)  # twice: still revoked once
    assert not feed_is_live(session, made.token)
    assert [f.name for f in list_feeds(session)] == ["My phone"]
    with pytest.raises(InvalidInput):
        create_feed(session, "  ")
    with pytest.raises(NotFound):
        revoke_feed(session, 999)
