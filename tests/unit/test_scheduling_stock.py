"""The bake calendar plans only what is still to do: good items already made, prepared
stock on hand and sub-recipes (docs/product.md §6.10); and it refuses bad input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bakehouse.domain.scheduling import (
    BakeTask,
    Capacity,
    DayOverride,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    ItemShare,
    MadeItems,
    MakeTask,
    Package,
    PackageCount,
    PreparedLot,
    Reason,
    Recipe,
    Schedule,
    ScheduleInput,
    SubLine,
    ThawTask,
    build_schedule,
)
from bakehouse.errors import InvalidInput


def dec(day: int) -> date:
    return date(2026, 12, day)


NEIGHBOURS = DeliveryRef(1, 11)
FAMILY = DeliveryRef(1, 12)
FREEZES = Freshness(
    shelf_life_days=5, freezable=True, frozen_shelf_life_days=30, thaw_hours=Decimal(3)
)


def cookies(*made: MadeItems, freshness: Freshness = FREEZES) -> ScheduleInput:
    """48 cookies for the neighbours on Dec 20 and 48 for the family on Dec 24."""
    return ScheduleInput(
        today=dec(10),
        capacity=Capacity(240, 240),
        recipes=(Recipe(1, "Gingersnaps", 60),),
        items=(Item(10, "Gingersnap", 1, 24, freshness),),
        deliveries=(
            Delivery(NEIGHBOURS, "Christmas — neighbours", dec(20), (ItemCount(10, 48),)),
            Delivery(FAMILY, "Christmas — family", dec(24), (ItemCount(10, 48),)),
        ),
        made_items=made,
    )


def bake_items(schedule: Schedule) -> list[tuple[date, tuple[ItemShare, ...]]]:
    return [(t.day, t.items) for t in schedule.tasks() if isinstance(t, BakeTask)]


# Good items already made


def test_good_items_already_made_go_to_the_earliest_delivery_they_keep_for() -> None:
    schedule = build_schedule(cookies(MadeItems(1, 10, 60, baked_on=dec(17))))

    # Baked Dec 17 they keep through Dec 22: 48 for the neighbours; the 12 left over do not
    # keep for the family, who still need 48.
    assert bake_items(schedule) == [(dec(23), (ItemShare(FAMILY, 10, 48),))]
    [stale] = schedule.stale_items
    assert (stale.count, stale.good_through, stale.ref) == (12, dec(22), FAMILY)
    assert stale.message == (
        "12 Gingersnap baked Dec 17 keep through Dec 22, not long enough for Christmas — "
        "family — they are not counted and are planned again"
    )


def test_good_items_made_for_one_assignment_go_to_that_delivery_only() -> None:
    made = MadeItems(1, 10, 24, baked_on=dec(22), assignment_id=12)
    schedule = build_schedule(cookies(made))

    assert bake_items(schedule) == [
        (dec(19), (ItemShare(NEIGHBOURS, 10, 48),)),
        (dec(23), (ItemShare(FAMILY, 10, 24),)),
    ]
    assert schedule.stale_items == ()


def test_frozen_items_already_made_get_a_thaw_task_and_are_counted() -> None:
    made = MadeItems(1, 10, 48, baked_on=dec(5), frozen_on=dec(5), assignment_id=12)
    schedule = build_schedule(cookies(made))

    # Out of the freezer the day before assembly (3 h of thawing), five days left.
    [thaw] = [t for t in schedule.tasks() if isinstance(t, ThawTask)]
    assert (thaw.day, thaw.needed_on, thaw.items) == (
        dec(22),
        dec(23),
        (ItemShare(FAMILY, 10, 48),),
    )
    assert bake_items(schedule) == [(dec(19), (ItemShare(NEIGHBOURS, 10, 48),))]


def test_frozen_items_past_their_frozen_shelf_life_are_stale() -> None:
    made = MadeItems(1, 10, 48, baked_on=date(2026, 11, 1), frozen_on=date(2026, 11, 1))
    schedule = build_schedule(cookies(made))

    # Frozen Nov 1 for at most 30 days: they had to come out by Dec 1.
    assert [s.good_through for s in schedule.stale_items] == [dec(1)]
    assert len(bake_items(schedule)) == 2


def test_frozen_items_come_out_in_time_to_keep_within_their_frozen_shelf_life() -> None:
    made = MadeItems(1, 10, 48, baked_on=date(2026, 11, 20), frozen_on=date(2026, 11, 20))
    schedule = build_schedule(cookies(made))

    # Frozen Nov 20 they must come out by Dec 20: they serve the neighbours (out Dec 18).
    [thaw] = [t for t in schedule.tasks() if isinstance(t, ThawTask)]
    assert (thaw.day, thaw.deliveries) == (dec(18), (NEIGHBOURS,))


def test_items_already_thawed_keep_what_was_left_of_their_shelf_life() -> None:
    made = MadeItems(1, 10, 48, baked_on=dec(1), frozen_on=dec(2), thawed_on=dec(16))
    schedule = build_schedule(cookies(made))

    # A day on the counter, then frozen: four days from Dec 16, good through Dec 20.
    [stale] = schedule.stale_items
    assert stale.good_through == dec(20)
    assert not [t for t in schedule.tasks() if isinstance(t, ThawTask)]


def test_items_too_old_for_every_delivery_are_stale_whatever_newer_items_cover() -> None:
    # 24 baked Dec 12 keep through Dec 17: not for the neighbours (Dec 20), nor the family.
    # 48 baked today cover the neighbours, so the old ones are stale for the family, just as
    # when the neighbours' gifts are not needed at all (the schedule of the reduced demand).
    old = MadeItems(1, 10, 24, baked_on=dec(12))
    fresh = MadeItems(1, 10, 48, baked_on=dec(19), assignment_id=NEIGHBOURS.assignment_id)
    recorded = build_schedule(replace(cookies(old, fresh), today=dec(19)))
    inputs = replace(cookies(old), today=dec(19))
    [neighbours, family] = inputs.deliveries
    reduced = replace(inputs, deliveries=(replace(neighbours, items=()), family))

    [stale] = recorded.stale_items
    assert (stale.count, stale.good_through, stale.ref) == (24, dec(17), FAMILY)
    assert recorded == build_schedule(reduced)


def test_items_no_delivery_still_needs_are_not_stale() -> None:
    # The old ones are left over once both deliveries are covered: surplus, not stale.
    old = MadeItems(1, 10, 24, baked_on=dec(12))
    fresh = MadeItems(1, 10, 48, baked_on=dec(19), assignment_id=NEIGHBOURS.assignment_id)
    frozen = MadeItems(1, 10, 48, baked_on=dec(5), frozen_on=dec(5), assignment_id=12)
    schedule = build_schedule(replace(cookies(old, fresh, frozen), today=dec(19)))

    assert schedule.stale_items == ()
    assert bake_items(schedule) == []


# Sub-recipes and prepared stock


def doughs(*lots: PreparedLot, dough: Freshness | None = None, hours: int = 480) -> ScheduleInput:
    """Two cookie batches on Dec 23 each use half a batch of a dough that keeps 3 days."""
    return ScheduleInput(
        today=dec(10),
        capacity=Capacity(hours, hours),
        recipes=(
            Recipe(1, "Sugar cookies", 60, sub_lines=(SubLine(2, Decimal("0.5")),)),
            Recipe(
                2,
                "Sugar dough",
                30,
                batch_yield=Decimal(2),
                freshness=dough or Freshness(shelf_life_days=3, freezable=True),
            ),
        ),
        items=(Item(10, "Sugar cookie", 1, 24, Freshness(shelf_life_days=5)),),
        deliveries=(Delivery(DeliveryRef(1), "Christmas", dec(24), (ItemCount(10, 48),)),),
        prepared_stock=lots,
    )


def makes(schedule: Schedule) -> list[tuple[date, int, bool]]:
    return [(t.day, t.batches, t.frozen) for t in schedule.tasks() if isinstance(t, MakeTask)]


def test_a_sub_recipe_is_made_in_whole_batches_of_its_yield() -> None:
    # The cookies draw 2 × 0.5 = 1 of a yield of 2: one batch, made the same day first.
    assert makes(build_schedule(doughs())) == [(dec(23), 1, False)]


def test_prepared_stock_on_hand_is_used_before_making_more() -> None:
    lot = PreparedLot(7, 2, Decimal(1), made_on=dec(9), best_before=dec(25))
    assert makes(build_schedule(doughs(lot))) == []
    small = PreparedLot(7, 2, Decimal("0.5"), made_on=dec(9), best_before=dec(25))
    assert makes(build_schedule(doughs(small))) == [(dec(23), 1, False)]


def test_prepared_stock_past_its_best_before_or_made_later_is_not_used() -> None:
    expired = PreparedLot(7, 2, Decimal(5), made_on=dec(9), best_before=dec(22))
    later = PreparedLot(8, 2, Decimal(5), made_on=dec(24))
    assert makes(build_schedule(doughs(expired, later))) == [(dec(23), 1, False)]


def test_frozen_prepared_stock_gets_a_thaw_task() -> None:
    frozen = PreparedLot(
        7, 2, Decimal(5), made_on=dec(1), best_before=date(2027, 2, 1), frozen=True
    )
    dough = Freshness(shelf_life_days=3, freezable=True, thaw_hours=Decimal(12))
    schedule = build_schedule(doughs(frozen, dough=dough))

    assert makes(schedule) == []
    [thaw] = [t for t in schedule.tasks() if isinstance(t, ThawTask)]
    assert (thaw.day, thaw.recipe, thaw.lot_ids, thaw.needed_on) == (
        dec(22),
        "Sugar dough",
        (7,),
        dec(23),
    )


def test_one_dough_batch_serves_bakes_on_several_days_it_keeps_for() -> None:
    inputs = doughs(hours=60)  # one cookie batch a day: Dec 22 and Dec 23
    schedule = build_schedule(replace(inputs, capacity=Capacity(90, 90)))

    assert [(t.day, t.batches) for t in schedule.tasks() if isinstance(t, BakeTask)] == [
        (dec(22), 1),
        (dec(23), 1),
    ]
    # Each cookie batch draws half a dough batch; one dough batch made Dec 22 serves both.
    [dough] = [t for t in schedule.tasks() if isinstance(t, MakeTask)]
    assert (dough.day, dough.batches, dough.for_recipes) == (dec(22), 1, (1,))


def test_a_sub_recipe_of_a_sub_recipe_comes_first() -> None:
    inputs = ScheduleInput(
        today=dec(10),
        capacity=Capacity(480, 480),
        recipes=(
            Recipe(1, "Caramel bars", 60, sub_lines=(SubLine(2, Decimal(1)),)),
            Recipe(
                2,
                "Caramel buttercream",
                20,
                freshness=Freshness(shelf_life_days=2),
                sub_lines=(SubLine(3, Decimal(1)),),
            ),
            Recipe(3, "Salted caramel", 30, freshness=Freshness(shelf_life_days=10)),
        ),
        items=(Item(10, "Caramel bar", 1, 12, Freshness(shelf_life_days=5)),),
        deliveries=(Delivery(DeliveryRef(1), "Christmas", dec(24), (ItemCount(10, 12),)),),
    )
    day = build_schedule(inputs).on(dec(23))

    assert day is not None
    assert [(type(t).__name__, getattr(t, "recipe", None)) for t in day.tasks] == [
        ("MakeTask", "Salted caramel"),
        ("MakeTask", "Caramel buttercream"),
        ("BakeTask", "Caramel bars"),
    ]


def test_a_sub_recipe_that_cannot_fit_is_reported_for_its_parent() -> None:
    hours = Capacity(120, 120, unavailable=frozenset({dec(20), dec(21), dec(22)}))
    dough = Freshness(shelf_life_days=3)
    schedule = build_schedule(replace(doughs(dough=dough), capacity=hours))

    # The cookies fill Dec 23; the dough keeps 3 days but Dec 20-22 are days off.
    [line] = schedule.unschedulable
    assert (line.reason, line.name, line.batches) == (Reason.NO_TIME, "Sugar dough", 1)
    assert line.message == (
        "Sugar dough (for Sugar cookies): 1 batch does not fit fresh before Dec 23 — "
        "freeze them, or add 30 min on Dec 23"
    )


def test_sub_recipe_batches_split_by_freshness_are_reported_as_extra() -> None:
    inputs = replace(doughs(dough=Freshness(shelf_life_days=1)), capacity=Capacity(60, 60))
    inputs = replace(
        inputs,
        capacity=Capacity(60, 60, overrides=(DayOverride(dec(21), 90), DayOverride(dec(23), 90))),
    )
    schedule = build_schedule(inputs)

    # Cookies on Dec 21 and Dec 23 (1 h each, 1 h 30 there); the dough keeps a day, so
    # the half batch each draws cannot come from one batch: 2 where the plan has 1.
    assert makes(schedule) == [(dec(21), 1, False), (dec(23), 1, False)]
    [extra] = schedule.extra_batches
    assert (extra.recipe, extra.planned, extra.scheduled) == ("Sugar dough", 1, 2)


# Bad input is refused, naming the field


def base() -> ScheduleInput:
    return replace(
        cookies(),
        packages=(Package(1, "Box", 5),),
        deliveries=(
            Delivery(NEIGHBOURS, "Neighbours", dec(20), (ItemCount(10, 1),), (PackageCount(1, 1),)),
        ),
        recipes=(
            Recipe(1, "Gingersnaps", 60, sub_lines=(SubLine(2, Decimal(1)),)),
            Recipe(2, "Dough", 10),
        ),
    )


Change = Callable[[ScheduleInput], ScheduleInput]


def with_(**changes: object) -> Change:
    return lambda s: replace(s, **changes)  # type: ignore[arg-type]


def recipe(n: int, **changes: object) -> Change:
    def change(s: ScheduleInput) -> ScheduleInput:
        recipes = list(s.recipes)
        recipes[n] = replace(recipes[n], **changes)  # type: ignore[arg-type]
        return replace(s, recipes=tuple(recipes))

    return change


def item(**changes: object) -> Change:
    return lambda s: replace(s, items=(replace(s.items[0], **changes),))  # type: ignore[arg-type]


def delivery(**changes: object) -> Change:
    return lambda s: replace(s, deliveries=(replace(s.deliveries[0], **changes),))  # type: ignore[arg-type]


def made(*made_items: MadeItems) -> Change:
    return with_(made_items=made_items)


def lots(*prepared: PreparedLot) -> Change:
    return with_(prepared_stock=prepared)


BAD: list[tuple[str, Change]] = [
    ("keep_days", with_(keep_days=-1)),
    ("assembly_days_before", with_(assembly_days_before=-1)),
    ("capacity.weekday_minutes", with_(capacity=Capacity(-1, 0))),
    ("capacity.weekend_minutes", with_(capacity=Capacity(0, -1))),
    (
        "capacity.overrides[0].minutes",
        with_(capacity=Capacity(0, 0, overrides=(DayOverride(dec(1), -5),))),
    ),
    (
        "capacity.overrides[1]",
        with_(capacity=Capacity(0, 0, overrides=(DayOverride(dec(1), 5),) * 2)),
    ),
    ("recipes[2]", lambda s: replace(s, recipes=(*s.recipes, Recipe(1, "Again", 5)))),
    ("recipes[0].minutes_per_batch", recipe(0, minutes_per_batch=-1)),
    ("recipes[0].max_batches_per_session", recipe(0, max_batches_per_session=0)),
    ("recipes[0].batch_yield", recipe(0, batch_yield=Decimal(0))),
    ("recipes[0].sub_lines[0]", recipe(0, sub_lines=(SubLine(9, Decimal(1)),))),
    ("recipes[0].sub_lines[0]", recipe(0, sub_lines=(SubLine(2, Decimal(0)),))),
    ("recipes[1].freshness.shelf_life_days", recipe(1, freshness=Freshness(-1))),
    (
        "items[0].freshness.frozen_shelf_life_days",
        item(freshness=Freshness(frozen_shelf_life_days=0)),
    ),
    ("items[0].freshness.thaw_hours", item(freshness=Freshness(thaw_hours=Decimal(-1)))),
    ("items[0].recipe_id", item(recipe_id=9)),
    ("items[0].items_per_batch", item(items_per_batch=0)),
    ("items[1]", lambda s: replace(s, items=(s.items[0], s.items[0]))),
    ("packages[0].assembly_minutes", with_(packages=(Package(1, "Box", -1),))),
    ("packages[1]", with_(packages=(Package(1, "Box", 1),) * 2)),
    ("deliveries[1]", lambda s: replace(s, deliveries=(s.deliveries[0], s.deliveries[0]))),
    ("deliveries[0].items[0]", delivery(items=(ItemCount(99, 1),))),
    ("deliveries[0].items[0]", delivery(items=(ItemCount(10, -1),))),
    ("deliveries[0].packages[0]", delivery(packages=(PackageCount(9, 1),))),
    ("deliveries[0].packages[0]", delivery(packages=(PackageCount(1, -1),))),
    ("made_items[0]", made(MadeItems(1, 99, 1, dec(1)))),
    ("made_items[0]", made(MadeItems(7, 10, 1, dec(1)))),
    ("made_items[0]", made(MadeItems(1, 10, -1, dec(1)))),
    ("made_items[0]", made(MadeItems(1, 10, 1, dec(2), frozen_on=dec(1)))),
    ("made_items[0]", made(MadeItems(1, 10, 1, dec(1), thawed_on=dec(2)))),
    ("made_items[0]", made(MadeItems(1, 10, 1, dec(1), dec(3), dec(2)))),
    ("prepared_stock[1]", lots(*(PreparedLot(1, 2, Decimal(1), dec(1)),) * 2)),
    ("prepared_stock[0]", lots(PreparedLot(1, 9, Decimal(1), dec(1)))),
    ("prepared_stock[0]", lots(PreparedLot(1, 2, Decimal(-1), dec(1)))),
]


@pytest.mark.parametrize(("field", "change"), BAD)
def test_bad_input_is_refused_naming_the_field(field: str, change: Change) -> None:
    inputs = change(base())
    with pytest.raises(InvalidInput) as raised:
        build_schedule(inputs)
    assert raised.value.field == field
    assert raised.value.message.startswith(f"{field}: ")


def test_the_unchanged_base_input_is_accepted() -> None:
    assert build_schedule(base()).unschedulable == ()


def test_recipes_that_contain_themselves_are_refused_with_the_path() -> None:
    loop = (
        Recipe(1, "Gingersnaps", 60, sub_lines=(SubLine(2, Decimal(1)),)),
        Recipe(2, "Dough", 10, sub_lines=(SubLine(3, Decimal(1)),)),
        Recipe(3, "Glaze", 10, sub_lines=(SubLine(2, Decimal(1)),)),
    )
    with pytest.raises(InvalidInput) as raised:
        build_schedule(replace(base(), recipes=loop))
    assert raised.value.message == "recipes cannot contain themselves: Dough → Glaze → Dough"
    assert raised.value.field == "recipes"


def test_a_sub_recipe_made_twice_on_one_day_is_one_task() -> None:
    inputs = doughs()
    three = replace(inputs.deliveries[0], items=(ItemCount(10, 72),))
    schedule = build_schedule(replace(inputs, deliveries=(three,)))

    # 3 cookie batches draw 1.5 of a yield of 2: 0.75 of a batch, made with the cookies.
    assert makes(schedule) == [(dec(23), 1, False)]
    six = replace(inputs.deliveries[0], items=(ItemCount(10, 144),))
    schedule = build_schedule(replace(inputs, deliveries=(six,)))
    # 6 cookie batches draw 3: a whole batch of their own and half of one more, one task.
    [dough] = [t for t in schedule.tasks() if isinstance(t, MakeTask)]
    assert (dough.day, dough.batches, dough.minutes) == (dec(23), 2, 60)
