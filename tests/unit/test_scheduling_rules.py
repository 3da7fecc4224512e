"""The bake calendar's rules one by one: freshness, days, capacity, sessions, assembly and
what the report says (docs/product.md §6.10). December 2026: the 19th and 20th are a
weekend, the 21st a Monday, the 24th a Thursday."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bakehouse.domain.scheduling import (
    AssembleTask,
    BakeTask,
    Capacity,
    DayOverride,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    ItemShare,
    Package,
    PackageCount,
    Reason,
    Recipe,
    Schedule,
    ScheduleInput,
    SuggestionKind,
    build_schedule,
    good_through,
    thaw_days,
)
from bakehouse.domain.scheduling.report import format_minutes
from bakehouse.domain.scheduling.windows import Window


def dec(day: int) -> date:
    return date(2026, 12, day)


CHRISTMAS = DeliveryRef(1)


def season(
    items: int = 24,
    *,
    shelf: int | None = 5,
    minutes: int = 60,
    session: int | None = None,
    capacity: Capacity | None = None,
    packages: int = 0,
    keep_days: int = 2,
    days_before: int = 1,
    today: date | None = None,
    delivery: date | None = None,
) -> ScheduleInput:
    """One recipe (24 a batch) for one delivery on Dec 24 unless told otherwise."""
    return ScheduleInput(
        today=today or dec(1),
        capacity=capacity or Capacity(240, 240),
        recipes=(Recipe(1, "Shortbread", minutes, session),),
        items=(Item(10, "Shortbread", 1, 24, Freshness(shelf_life_days=shelf)),),
        packages=(Package(100, "Tin", 5),),
        deliveries=(
            Delivery(
                CHRISTMAS,
                "Christmas",
                delivery or dec(24),
                (ItemCount(10, items),),
                (PackageCount(100, packages),),
            ),
        ),
        keep_days=keep_days,
        assembly_days_before=days_before,
    )


def bakes(schedule: Schedule) -> dict[date, int]:
    out: dict[date, int] = {}
    for task in schedule.tasks():
        if isinstance(task, BakeTask):
            out[task.day] = out.get(task.day, 0) + task.batches
    return out


# Freshness


def test_a_thing_baked_on_d_with_shelf_life_s_is_good_through_d_plus_s() -> None:
    assert good_through(dec(1), Freshness(shelf_life_days=5)) == dec(6)
    assert good_through(dec(1), Freshness()) is None


def test_frozen_days_do_not_count_against_the_shelf_life() -> None:
    f = Freshness(shelf_life_days=5, freezable=True, frozen_shelf_life_days=30)
    # Two days on the counter, then frozen: three days left once thawed on Dec 20.
    assert good_through(dec(1), f, frozen_on=dec(3), thawed_on=dec(20)) == dec(23)
    # Still frozen: it must come out by the end of its frozen shelf life.
    assert good_through(dec(1), f, frozen_on=dec(3)) == date(2027, 1, 2)
    assert good_through(dec(1), replace(f, frozen_shelf_life_days=None), frozen_on=dec(3)) is None


@pytest.mark.parametrize(
    ("hours", "days"),
    [(None, 0), (Decimal(0), 0), (Decimal(3), 1), (Decimal(24), 1), (Decimal("24.5"), 2)],
)
def test_a_thaw_starts_whole_days_before_use(hours: Decimal | None, days: int) -> None:
    assert thaw_days(Freshness(freezable=True, thaw_hours=hours)) == days


def test_a_window_holds_its_days() -> None:
    window = Window(dec(21), dec(23))
    assert dec(22) in window
    assert dec(24) not in window
    assert "Dec 22" not in window
    assert list(window.days_latest_first()) == [dec(23), dec(22), dec(21)]
    assert Window(dec(23), dec(21)).is_empty


# Capacity


def test_capacity_per_weekday_weekend_day_off_and_one_off_change() -> None:
    hours = Capacity(
        180,
        480,
        unavailable=frozenset({dec(22), dec(26)}),
        overrides=(DayOverride(dec(20), 360), DayOverride(dec(26), 120)),
    )
    assert hours.minutes_on(dec(21)) == 180  # Monday
    assert hours.minutes_on(dec(19)) == 480  # Saturday
    assert hours.minutes_on(dec(20)) == 360  # "6 h on Dec 20"
    assert hours.minutes_on(dec(22)) == 0
    assert hours.minutes_on(dec(26)) == 0  # a day off wins over a change


def test_a_day_without_time_gets_no_bake_even_of_a_recipe_without_hands_on_time() -> None:
    hours = Capacity(240, 240, unavailable=frozenset({dec(23)}))
    schedule = build_schedule(season(24, minutes=0, capacity=hours))

    assert bakes(schedule) == {dec(22): 1}
    assert schedule.on(dec(22)).minutes_used == 0  # type: ignore[union-attr]


# Days: latest feasible day first


def test_batches_go_on_the_latest_day_with_room_and_spill_to_earlier_days() -> None:
    schedule = build_schedule(season(24 * 6, minutes=90))

    # 4 h a day holds 2 batches of 1 h 30.
    assert bakes(schedule) == {dec(21): 2, dec(22): 2, dec(23): 2}


def test_no_more_batches_of_a_recipe_on_one_day_than_a_session_holds() -> None:
    schedule = build_schedule(season(24 * 4, minutes=30, session=2))

    assert bakes(schedule) == {dec(22): 2, dec(23): 2}


def test_when_the_session_limit_stops_it_the_suggestion_is_larger_sessions() -> None:
    schedule = build_schedule(season(24 * 7, minutes=30, session=2))

    [line] = schedule.unschedulable
    assert line.batches == 1
    freeze, suggestion = line.suggestions
    assert freeze.kind == SuggestionKind.FREEZE
    assert suggestion.kind == SuggestionKind.LARGER_SESSIONS
    assert suggestion.value == 2
    assert line.message == (
        "Shortbread: 1 batch does not fit fresh before Dec 24 — freeze them, "
        "or bake more than 2 batches of Shortbread in one session"
    )


def test_time_to_add_is_named_per_day_when_one_day_cannot_take_all_of_it() -> None:
    # 2 h a day holds 2 of the 9 batches on each of Dec 21-23; a session holds 3, so each
    # of those days can take one more of the 3 left over.
    hours = Capacity(120, 120)
    schedule = build_schedule(season(24 * 9, minutes=60, session=3, capacity=hours))

    [line] = schedule.unschedulable
    assert line.batches == 3
    add = line.suggestions[-1]
    assert (add.kind, add.days, add.minutes) == (
        SuggestionKind.ADD_TIME,
        (dec(23), dec(22), dec(21)),
        (60, 60, 60),
    )
    assert add.text == "add 1 h on Dec 23 and 1 h on Dec 22 and 1 h on Dec 21"


def test_when_every_day_of_the_window_is_off_the_suggestion_is_to_free_one() -> None:
    hours = Capacity(240, 240, unavailable=frozenset({dec(21), dec(22), dec(23)}))
    schedule = build_schedule(season(24, capacity=hours))

    [line] = [u for u in schedule.unschedulable if u.reason == Reason.NO_TIME]
    assert line.suggestions[-1].text == "free a day from Dec 21 to Dec 23"
    one_day = replace(hours, unavailable=frozenset({dec(23)}))
    schedule = build_schedule(season(24, shelf=3, capacity=one_day))
    [line] = [u for u in schedule.unschedulable if u.reason == Reason.NO_TIME]
    assert line.suggestions[-1].text == "free Dec 23"


def test_a_freezable_item_that_fits_neither_fresh_nor_frozen_says_so() -> None:
    inputs = season(24 * 12, minutes=120, capacity=Capacity(240, 240))
    frozen = Freshness(shelf_life_days=5, freezable=True, frozen_shelf_life_days=4)
    inputs = replace(inputs, items=(replace(inputs.items[0], freshness=frozen),))
    schedule = build_schedule(inputs)

    # 2 a day fresh on Dec 21-23; 2 a day frozen on Dec 19-20 (thawed on Dec 23, at most 4
    # days frozen); the last 2 are reported.
    assert bakes(schedule) == {dec(n): 2 for n in range(19, 24)}
    [line] = schedule.unschedulable
    assert line.message == (
        "Shortbread: 2 batches do not fit before Dec 24, fresh or frozen — add 4 h on Dec 23"
    )


# Keeping: D ≥ T + R − S, D ≤ assembly day


def test_an_item_that_would_not_keep_even_baked_on_the_assembly_day_is_reported() -> None:
    schedule = build_schedule(season(24, shelf=2))

    # Baked Dec 23 it keeps through Dec 25; gifts must keep through Dec 26.
    assert bakes(schedule) == {}
    [line] = schedule.unschedulable
    assert (line.reason, line.batches, line.window_end) == (Reason.KEEPS_TOO_SHORT, 1, dec(23))
    [keep_less] = line.suggestions
    assert (keep_less.kind, keep_less.value) == (SuggestionKind.KEEP_FEWER_DAYS, 1)
    assert line.message == (
        "Shortbread for Christmas: keeps 2 days, but gifts delivered Dec 24 must keep 2 days "
        "and are assembled Dec 23 — ask gifts to keep 1 day after delivery"
    )


def test_an_item_that_keeps_less_than_a_day_is_best_assembled_on_the_delivery_day() -> None:
    [line] = build_schedule(season(24, shelf=0, keep_days=0)).unschedulable
    assert [s.kind for s in line.suggestions] == [SuggestionKind.ASSEMBLE_ON_DELIVERY_DAY]
    [line] = build_schedule(season(24, shelf=0, keep_days=2)).unschedulable
    [both] = line.suggestions
    assert both.text == "assemble on the delivery day and ask gifts to keep 0 days after delivery"


def test_assembly_on_the_delivery_day_bakes_assembles_and_delivers_in_that_order() -> None:
    schedule = build_schedule(season(24, shelf=2, keep_days=0, days_before=0, packages=2))

    day = schedule.on(dec(24))
    assert day is not None
    assert [type(t).__name__ for t in day.tasks] == ["BakeTask", "AssembleTask", "DeliverTask"]


def test_a_delivery_before_today_is_reported_with_a_new_date() -> None:
    schedule = build_schedule(season(24, today=dec(25), packages=3))

    assert schedule.days == ()
    [line] = schedule.unschedulable
    assert (line.reason, line.packages) == (Reason.DELIVERY_PASSED, 3)
    assert (
        line.message == "Christmas: the delivery day Dec 24 has passed — move it to Dec 26 or later"
    )


def test_an_assembly_day_already_past_moves_to_today() -> None:
    schedule = build_schedule(season(24, today=dec(24), shelf=None, packages=1))

    assert bakes(schedule) == {dec(24): 1}
    [assemble] = [t for t in schedule.tasks() if isinstance(t, AssembleTask)]
    assert assemble.day == dec(24)


# Assembly counts against capacity


def test_assembly_that_does_not_fit_is_assembled_in_part_and_reported() -> None:
    # 26 tins of 5 min on Dec 23 with 1 h 20 there: 16 fit, 10 (50 min) do not.
    hours = Capacity(240, 240, overrides=(DayOverride(dec(23), 80),))
    schedule = build_schedule(season(24, capacity=hours, packages=26))

    [assemble] = [t for t in schedule.tasks() if isinstance(t, AssembleTask)]
    assert (assemble.packages, assemble.minutes) == ((PackageCount(100, 16),), 80)
    [line] = schedule.unschedulable
    assert (line.reason, line.packages) == (Reason.NO_TIME_TO_ASSEMBLE, 10)
    assert line.message == (
        "Christmas: 10 packages (50 min) do not fit on Dec 23 (0 min free) — add 50 min on Dec 23"
    )
    assert bakes(schedule) == {dec(22): 1}  # the bake goes the day before


def test_assembly_on_a_day_off_is_reported_with_freeing_that_day() -> None:
    hours = Capacity(240, 240, unavailable=frozenset({dec(23)}))
    schedule = build_schedule(season(24, capacity=hours, packages=1))

    [line] = [u for u in schedule.unschedulable if u.reason == Reason.NO_TIME_TO_ASSEMBLE]
    assert line.message == (
        "Christmas: 1 package to assemble on Dec 23, a day marked unavailable — free Dec 23"
    )


# Items of a recipe with several, and bakes merged per day


def test_a_recipe_with_two_items_bakes_their_sum_and_says_which_item_goes_where() -> None:
    inputs = ScheduleInput(
        today=dec(1),
        capacity=Capacity(60, 60),
        recipes=(Recipe(1, "Sugar cookies", 60),),
        items=(
            Item(10, "Small sugar cookie", 1, 24, Freshness(shelf_life_days=7)),
            Item(11, "Large sugar cookie", 1, 12, Freshness(shelf_life_days=7)),
        ),
        deliveries=(
            Delivery(CHRISTMAS, "Christmas", dec(24), (ItemCount(10, 36), ItemCount(11, 6))),
        ),
    )
    schedule = build_schedule(inputs)

    # 36/24 + 6/12 = 2 batches, one a day.
    first, second = (t for t in schedule.tasks() if isinstance(t, BakeTask))
    assert (first.day, first.items) == (dec(22), (ItemShare(CHRISTMAS, 10, 24),))
    assert (second.day, second.items) == (
        dec(23),
        (ItemShare(CHRISTMAS, 10, 12), ItemShare(CHRISTMAS, 11, 6)),
    )


def test_bakes_of_one_recipe_for_several_deliveries_on_one_day_are_one_task() -> None:
    inputs = season(36, shelf=10)
    other = Delivery(DeliveryRef(2), "New Year", dec(25), (ItemCount(10, 36),))
    schedule = build_schedule(replace(inputs, deliveries=(*inputs.deliveries, other)))

    # Each needs 1½ batches: a whole batch each in its own window (New Year's on its
    # assembly day, Dec 24) and one batch shared on Dec 23, baked with Christmas's own.
    on_23, on_24 = (t for t in schedule.tasks() if isinstance(t, BakeTask))
    assert (on_23.day, on_23.batches, on_23.minutes) == (dec(23), 2, 120)
    assert on_23.deliveries == (CHRISTMAS, DeliveryRef(2))
    assert on_23.items == (ItemShare(CHRISTMAS, 10, 36), ItemShare(DeliveryRef(2), 10, 12))
    assert (on_24.day, on_24.items) == (dec(24), (ItemShare(DeliveryRef(2), 10, 24),))


def test_the_schedule_lists_every_day_through_the_last_delivery() -> None:
    schedule = build_schedule(season(24, today=dec(20)))

    assert [d.day for d in schedule.days] == [dec(n) for n in range(20, 25)]
    assert schedule.on(dec(19)) is None
    assert schedule.on(dec(23)).minutes_free == 180  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("minutes", "text"), [(45, "45 min"), (60, "1 h"), (90, "1 h 30"), (125, "2 h 05")]
)
def test_time_is_written_the_way_a_baker_says_it(minutes: int, text: str) -> None:
    assert format_minutes(minutes) == text
