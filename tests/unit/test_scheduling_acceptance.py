"""The bake calendar's acceptance cases, worked out by hand (issue 25, docs/product.md §6.10).

December 2026: the 19th and 20th are a weekend, the 21st a Monday, the 24th a Thursday.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bakehouse.domain.scheduling import (
    AssembleTask,
    BakeTask,
    Capacity,
    DayOverride,
    DeliverTask,
    Delivery,
    DeliveryRef,
    FreezeTask,
    Freshness,
    Item,
    ItemCount,
    ItemShare,
    MakeTask,
    Package,
    PackageCount,
    Reason,
    Recipe,
    Schedule,
    ScheduleInput,
    SubLine,
    SuggestionKind,
    ThawTask,
    build_schedule,
    good_through,
)


def dec(day: int) -> date:
    return date(2026, 12, day)


SHORTBREAD = 1
TIN = 100
CHRISTMAS = DeliveryRef(1)
#: 4 h on weekdays, 8 h at the weekend, but only 1 h 30 on Tuesday Dec 22.
HOURS = Capacity(240, 480, overrides=(DayOverride(dec(22), 90),))


def shortbread_season(batches: int, freshness: Freshness) -> ScheduleInput:
    """Shortbread (45 min a batch, at most 4 batches a session, 24 a batch) for 20 tins
    (3 min each to assemble) delivered on Dec 24; gifts must keep 2 days."""
    return ScheduleInput(
        today=dec(1),
        capacity=HOURS,
        recipes=(Recipe(SHORTBREAD, "Shortbread", 45, max_batches_per_session=4),),
        items=(Item(10, "Shortbread", SHORTBREAD, 24, freshness),),
        packages=(Package(TIN, "Cookie tin", 3),),
        deliveries=(
            Delivery(
                CHRISTMAS,
                "Christmas",
                dec(24),
                (ItemCount(10, 24 * batches),),
                (PackageCount(TIN, 20),),
            ),
        ),
        keep_days=2,
        assembly_days_before=1,
    )


def bakes(schedule: Schedule) -> dict[date, int]:
    """Batches baked per day."""
    out: dict[date, int] = {}
    for task in schedule.tasks():
        if isinstance(task, BakeTask):
            out[task.day] = out.get(task.day, 0) + task.batches
    return out


def kinds(schedule: Schedule, day: date) -> list[str]:
    found = schedule.on(day)
    assert found is not None
    return [type(t).__name__ for t in found.tasks]


def test_shelf_life_5_keep_2_for_dec_24_bakes_on_dec_21_to_23_within_the_hours() -> None:
    schedule = build_schedule(shortbread_season(10, Freshness(shelf_life_days=5)))

    # Dec 23: 1 h of assembly leaves 3 h, 4 batches (the session limit); Dec 22 has 1 h 30;
    # Dec 21 takes the other 4. Nothing earlier: baked on Dec 20 it would keep only to Dec 25.
    assert bakes(schedule) == {dec(21): 4, dec(22): 2, dec(23): 4}
    assert all(d.minutes_used <= d.capacity_minutes for d in schedule.days)
    assert schedule.on(dec(23)).minutes_used == 4 * 45 + 20 * 3 == 240  # type: ignore[union-attr]
    assert kinds(schedule, dec(23)) == ["BakeTask", "AssembleTask"]
    assert kinds(schedule, dec(24)) == ["DeliverTask"]
    assert schedule.unschedulable == ()
    assert schedule.extra_batches == ()


def test_every_item_of_the_bakes_goes_to_the_delivery() -> None:
    schedule = build_schedule(shortbread_season(10, Freshness(shelf_life_days=5)))

    shares = [s for t in schedule.tasks() if isinstance(t, BakeTask) for s in t.items]
    assert sum(s.count for s in shares) == 240
    assert {s.ref for s in shares} == {CHRISTMAS}
    [assemble] = [t for t in schedule.tasks() if isinstance(t, AssembleTask)]
    assert (assemble.day, assemble.packages, assemble.minutes) == (
        dec(23),
        (PackageCount(TIN, 20),),
        60,
    )
    [deliver] = [t for t in schedule.tasks() if isinstance(t, DeliverTask)]
    assert (deliver.day, deliver.packages) == (dec(24), 20)


def test_a_non_freezable_item_that_cannot_fit_is_reported_not_moved() -> None:
    schedule = build_schedule(shortbread_season(12, Freshness(shelf_life_days=5)))

    assert bakes(schedule) == {dec(21): 4, dec(22): 2, dec(23): 4}  # nothing before Dec 21
    [line] = schedule.unschedulable
    assert (line.reason, line.recipe_id, line.batches) == (Reason.NO_TIME, SHORTBREAD, 2)
    assert (line.window_start, line.window_end) == (dec(21), dec(23))
    assert line.message == (
        "Shortbread: 2 batches do not fit fresh before Dec 24 — "
        "freeze them, or add 1 h 30 on Dec 22"
    )
    freeze, add = line.suggestions
    assert freeze.kind == SuggestionKind.FREEZE
    assert (add.kind, add.days, add.minutes) == (SuggestionKind.ADD_TIME, (dec(22),), (90,))


def test_a_freezable_item_that_cannot_fit_fresh_is_baked_earlier_frozen_and_thawed() -> None:
    freshness = Freshness(
        shelf_life_days=5, freezable=True, frozen_shelf_life_days=90, thaw_hours=Decimal(3)
    )
    schedule = build_schedule(shortbread_season(12, freshness))

    # The two that do not fit fresh go to Sunday Dec 20, frozen the same day, and come out
    # the day before assembly (3 h of thawing rounds up to a day).
    assert bakes(schedule) == {dec(20): 2, dec(21): 4, dec(22): 2, dec(23): 4}
    assert kinds(schedule, dec(20)) == ["BakeTask", "FreezeTask"]
    [frozen_bake] = [t for t in schedule.tasks() if isinstance(t, BakeTask) and t.frozen]
    assert (frozen_bake.day, frozen_bake.batches) == (dec(20), 2)
    [freeze] = [t for t in schedule.tasks() if isinstance(t, FreezeTask)]
    assert (freeze.day, freeze.batches, freeze.thaw_on) == (dec(20), 2, dec(22))
    [thaw] = [t for t in schedule.tasks() if isinstance(t, ThawTask)]
    assert (thaw.day, thaw.batches, thaw.needed_on, thaw.deliveries) == (
        dec(22),
        2,
        dec(23),
        (CHRISTMAS,),
    )
    assert kinds(schedule, dec(22))[0] == "ThawTask"
    assert schedule.unschedulable == ()
    # Frozen days do not count: baked Dec 20, thawed Dec 22, good through Dec 27 >= Dec 26.
    assert good_through(dec(20), freshness, frozen_on=dec(20), thawed_on=dec(22)) == dec(27)


def test_a_dough_sub_recipe_is_made_before_its_cookie() -> None:
    inputs = ScheduleInput(
        today=dec(1),
        capacity=Capacity(240, 240),
        recipes=(
            Recipe(1, "Sugar cookies", 60, sub_lines=(SubLine(2, Decimal("0.5")),)),
            Recipe(2, "Sugar dough", 30, freshness=Freshness(shelf_life_days=3)),
        ),
        items=(Item(10, "Sugar cookie", 1, 24, Freshness(shelf_life_days=7)),),
        deliveries=(Delivery(CHRISTMAS, "Christmas", dec(24), (ItemCount(10, 96),)),),
    )
    schedule = build_schedule(inputs)

    # 4 cookie batches on Dec 23 fill its 4 hours; the 2 dough batches go the day before.
    assert bakes(schedule) == {dec(23): 4}
    [dough] = [t for t in schedule.tasks() if isinstance(t, MakeTask)]
    assert (dough.day, dough.batches, dough.for_recipes, dough.deliveries) == (
        dec(22),
        2,
        (1,),
        (CHRISTMAS,),
    )
    assert schedule.unschedulable == ()


def test_on_the_same_day_the_dough_comes_before_the_cookies() -> None:
    inputs = ScheduleInput(
        today=dec(1),
        capacity=Capacity(480, 480),
        recipes=(
            Recipe(1, "Sugar cookies", 60, sub_lines=(SubLine(2, Decimal("0.5")),)),
            Recipe(2, "Sugar dough", 30, freshness=Freshness(shelf_life_days=3)),
        ),
        items=(Item(10, "Sugar cookie", 1, 24, Freshness(shelf_life_days=7)),),
        deliveries=(Delivery(CHRISTMAS, "Christmas", dec(24), (ItemCount(10, 96),)),),
    )
    schedule = build_schedule(inputs)

    assert kinds(schedule, dec(23)) == ["MakeTask", "BakeTask"]


def test_dough_that_cannot_be_made_fresh_in_time_is_made_ahead_and_frozen() -> None:
    dough_keeps = Freshness(
        shelf_life_days=1, freezable=True, frozen_shelf_life_days=60, thaw_hours=Decimal(12)
    )
    inputs = ScheduleInput(
        today=dec(1),
        capacity=Capacity(240, 240, overrides=(DayOverride(dec(22), 0),)),
        recipes=(
            Recipe(1, "Sugar cookies", 60, sub_lines=(SubLine(2, Decimal("0.5")),)),
            Recipe(2, "Sugar dough", 30, freshness=dough_keeps),
        ),
        items=(Item(10, "Sugar cookie", 1, 24, Freshness(shelf_life_days=7)),),
        deliveries=(Delivery(CHRISTMAS, "Christmas", dec(24), (ItemCount(10, 96),)),),
    )
    schedule = build_schedule(inputs)

    # The cookies fill Dec 23, Dec 22 has no time, and the dough keeps a day: it is made on
    # Dec 21 and frozen, and comes out on Dec 22 (12 h of thawing) for the Dec 23 bake.
    assert bakes(schedule) == {dec(23): 4}
    [dough] = [t for t in schedule.tasks() if isinstance(t, MakeTask)]
    assert (dough.day, dough.batches, dough.frozen) == (dec(21), 2, True)
    assert kinds(schedule, dec(21)) == ["MakeTask", "FreezeTask"]
    [thaw] = [t for t in schedule.tasks() if isinstance(t, ThawTask)]
    assert (thaw.day, thaw.recipe, thaw.needed_on) == (dec(22), "Sugar dough", dec(23))
    assert schedule.unschedulable == ()


def two_deliveries(shelf_life: int) -> ScheduleInput:
    """Christmas: the neighbours get 12 cookies on Dec 20, the family 12 on Dec 24."""
    return ScheduleInput(
        today=dec(1),
        capacity=Capacity(240, 240),
        recipes=(Recipe(1, "Gingersnaps", 60),),
        items=(Item(10, "Gingersnap", 1, 24, Freshness(shelf_life_days=shelf_life)),),
        deliveries=(
            Delivery(DeliveryRef(1, 11), "Christmas — neighbours", dec(20), (ItemCount(10, 12),)),
            Delivery(DeliveryRef(1, 12), "Christmas — family", dec(24), (ItemCount(10, 12),)),
        ),
    )


def test_two_deliveries_too_far_apart_for_one_bake_split_it_and_report_the_extra_batch() -> None:
    schedule = build_schedule(two_deliveries(shelf_life=3))

    # Keeping 2 days with a 3-day shelf life, each bake has exactly one day: the day
    # before its delivery. One batch of 24 would do for both; freshness needs two.
    first, second = (t for t in schedule.tasks() if isinstance(t, BakeTask))
    assert (first.day, first.batches, first.items) == (
        dec(19),
        1,
        (ItemShare(DeliveryRef(1, 11), 10, 12),),
    )
    assert (second.day, second.batches, second.items) == (
        dec(23),
        1,
        (ItemShare(DeliveryRef(1, 12), 10, 12),),
    )
    [extra] = schedule.extra_batches
    assert (extra.recipe, extra.planned, extra.scheduled, extra.extra) == ("Gingersnaps", 1, 2, 1)
    assert [s.deliveries for s in extra.splits] == [(DeliveryRef(1, 11),), (DeliveryRef(1, 12),)]
    assert extra.message == (
        "Gingersnaps: 2 batches where the plan has 1 — no one bake stays fresh for Dec 20 and "
        "Dec 24, so the bakes are split (1 extra batch)"
    )
    assert schedule.unschedulable == ()


def test_two_deliveries_one_bake_keeps_for_share_a_batch() -> None:
    schedule = build_schedule(two_deliveries(shelf_life=7))

    # Baked Dec 19 it keeps through Dec 26: fresh for both.
    [bake] = [t for t in schedule.tasks() if isinstance(t, BakeTask)]
    assert (bake.day, bake.batches) == (dec(19), 1)
    assert bake.items == (
        ItemShare(DeliveryRef(1, 11), 10, 12),
        ItemShare(DeliveryRef(1, 12), 10, 12),
    )
    assert schedule.extra_batches == ()
