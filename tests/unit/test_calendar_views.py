"""The bake calendar in words (docs/product.md §6.10): each task says what to do, a
frozen bake says when it comes out, a thaw says when it is needed, and a bake for two
events is recorded once per event."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from bakehouse.domain.planning import CatalogGraph
from bakehouse.domain.scheduling import (
    Capacity,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    MadeItems,
    Recipe,
    ScheduleInput,
    SubLine,
    build_schedule,
)
from bakehouse.services.catalog.graph import PlanningCatalog
from bakehouse.services.production.calendar import Calendar
from bakehouse.services.production.calendar_views import (
    BakeFor,
    bakers_sheet,
    calendar_view,
    todays_bakes,
)
from tests.unit.test_scheduling_acceptance import dec, shortbread_season


def calendar_of(inputs: ScheduleInput, events: dict[int, str]) -> Calendar:
    catalog = PlanningCatalog(graph=CatalogGraph({}, {}, {}), recipes={}, ingredients={})
    return Calendar(inputs.today, build_schedule(inputs), inputs, catalog, events, ())


def test_a_frozen_bake_says_when_it_comes_out_and_the_thaw_when_it_is_needed() -> None:
    freshness = Freshness(5, True, 90, Decimal(3))
    calendar = calendar_of(shortbread_season(12, freshness), {1: "Christmas"})

    view = calendar_view(calendar, dec(20), dec(24))

    texts = [t.text for d in view.days for t in d.tasks]
    assert "Bake 2 batches of Shortbread for Christmas, then freeze" in texts
    assert "Freeze 2 batches of Shortbread (take out on Dec 22)" in texts
    assert "Take 2 batches of Shortbread out of the freezer (needed Dec 23)" in texts
    [sunday] = [d for d in view.days if d.day == dec(20)]
    assert (sunday.label, sunday.time_text) == ("Sun Dec 20", "1 h 30 of 8 h")
    sheet = bakers_sheet(calendar, dec(20))
    assert [(line.recipe, line.batches, line.frozen) for line in sheet.lines] == [
        ("1", 2, True)  # the catalog here has no recipes: named by id, no ingredients
    ]
    assert sheet.ingredients == ()


def test_frozen_items_already_made_are_taken_out_by_count() -> None:
    season = shortbread_season(2, Freshness(5, True, 90, Decimal(30)))
    made = MadeItems(1, 10, 24, dec(1), frozen_on=dec(1))
    calendar = calendar_of(replace(season, made_items=(made,)), {1: "Christmas"})

    texts = [t.text for d in calendar_view(calendar, dec(1), dec(24)).days for t in d.tasks]

    assert any(t.startswith("Take 24 items of Shortbread out of the freezer") for t in texts)


def test_a_bake_for_two_events_is_recorded_once_per_event() -> None:
    season = shortbread_season(1, Freshness(30))
    other = DeliveryRef(2)
    deliveries = (
        replace(season.deliveries[0], items=(ItemCount(10, 12),), packages=()),
        Delivery(other, "Swap", dec(24), items=(ItemCount(10, 30),)),
    )
    inputs = replace(season, deliveries=deliveries, capacity=Capacity(480, 480))
    calendar = calendar_of(inputs, {1: "Christmas", 2: "Swap"})

    [bake] = [t for d in calendar_view(calendar, dec(1), dec(24)).days for t in d.tasks
              if t.kind == "bake"]  # fmt: skip

    assert bake.text == "Bake 2 batches of Shortbread for Swap and Christmas"
    assert bake.record == (BakeFor(1, "Christmas", 1, 1), BakeFor(2, "Swap", 1, 2))


def test_a_day_past_the_schedule_has_its_hours_and_no_tasks() -> None:
    calendar = calendar_of(shortbread_season(1, Freshness(30)), {1: "Christmas"})

    [late] = calendar_view(calendar, date(2027, 1, 4), date(2027, 1, 4)).days
    [before] = calendar_view(calendar, dec(1) - (dec(2) - dec(1)), dec(1) - (dec(2) - dec(1))).days

    assert (late.capacity_minutes, late.tasks, late.time_text) == (240, (), "0 min of 4 h")
    assert (before.capacity_minutes, before.time_text) == (0, "no baking time")
    assert todays_bakes(calendar).day == dec(1)


def test_dough_made_ahead_is_recorded_for_the_first_event_it_serves() -> None:
    inputs = ScheduleInput(
        today=dec(1),
        capacity=Capacity(240, 240),
        recipes=(
            Recipe(1, "Sugar cookies", 60, sub_lines=(SubLine(2, Decimal("0.5")),)),
            Recipe(2, "Sugar dough", 30, freshness=Freshness(shelf_life_days=3)),
        ),
        items=(Item(10, "Sugar cookie", 1, 24, Freshness(shelf_life_days=7)),),
        deliveries=(Delivery(DeliveryRef(1), "Christmas", dec(24), (ItemCount(10, 96),)),),
    )
    calendar = calendar_of(inputs, {1: "Christmas"})

    [make] = calendar_view(calendar, dec(22), dec(22)).days[0].tasks

    assert make.text == "Make 2 batches of Sugar dough"
    assert make.record == (BakeFor(1, "Christmas", 2, 2),)
