"""Time the bake calendar's pure core on a synthetic 100-event season (no database).

    python -m benchmarks.schedule [--events 100] [--repeat 15]

Builds the season from plain values — 12 recipes (a third of them drawing on four
sub-recipes, one of those on another), 16 items with varied freshness (some freezable), 6
packages, 12 recipients per event, one event a day, every third event with four
assignments delivered two days later, good items already made for the first events and
some prepared stock on hand — then times ``build_schedule`` (median of the runs after a
warm-up) and prints what the schedule holds. Target: under 200 ms for 100 events.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

if __package__ in (None, ""):  # run as a script: python benchmarks/schedule.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bakehouse.domain.scheduling import (
    BakeTask,
    Capacity,
    DayOverride,
    Delivery,
    DeliveryRef,
    Freshness,
    Item,
    ItemCount,
    MadeItems,
    MakeTask,
    Package,
    PackageCount,
    PreparedLot,
    Recipe,
    Schedule,
    ScheduleInput,
    SubLine,
    build_schedule,
)

SEED = 2025
TODAY = date(2026, 10, 1)
RECIPIENTS_PER_EVENT = 12
TARGET_MS = 200.0
RECIPE_NAMES = (
    "Chocolate chip cookies",
    "Snickerdoodles",
    "Gingerbread men",
    "Oatmeal raisin cookies",
    "Shortbread",
    "Peanut butter blossoms",
    "Pecan sandies",
    "Molasses crinkles",
    "Coconut macaroons",
    "Fudge",
    "Brownies",
    "Lemon bars",
)
# Sub-recipes: (id, name, minutes, yield, freshness); caramel goes into the buttercream.
SUB_RECIPES = (
    (13, "Sugar dough", 25, Decimal(1), Freshness(3, True, 90, Decimal(12))),
    (14, "Buttercream", 20, Decimal(4), Freshness(5, True, 60, Decimal(4))),
    (15, "Gingerbread dough", 25, Decimal(1), Freshness(4, True, 90, Decimal(12))),
    (16, "Salted caramel", 30, Decimal(2), Freshness(14)),
)


def season(events: int, seed: int = SEED) -> ScheduleInput:
    """The synthetic season: deterministic for a given seed."""
    rng = random.Random(seed)
    recipes: list[Recipe] = []
    for n, name in enumerate(RECIPE_NAMES, start=1):
        subs: tuple[SubLine, ...] = ()
        if n % 3 == 0:  # a third of the recipes draw on a sub-recipe
            sub_id = 13 + (n // 3 - 1) % 3
            subs = (SubLine(sub_id, Decimal("0.5") if sub_id != 14 else Decimal("1.5")),)
        recipes.append(
            Recipe(
                n,
                name,
                rng.choice((30, 40, 45, 60)),
                max_batches_per_session=rng.choice((None, 3, 4)),
                sub_lines=subs,
            )
        )
    for sub_id, name, minutes, made, freshness in SUB_RECIPES:
        lines = (SubLine(16, Decimal("0.5")),) if sub_id == 14 else ()
        recipes.append(Recipe(sub_id, name, minutes, None, made, freshness, lines))
    items: list[Item] = []
    for n in range(1, 17):
        recipe_id = n if n <= 12 else n - 12  # recipes 1-4 make two items each
        freshness = Freshness(
            rng.choice((5, 7, 10, 14)),
            freezable=rng.random() < 0.5,
            frozen_shelf_life_days=90,
            thaw_hours=Decimal(rng.choice((2, 4, 12))),
        )
        items.append(Item(n, f"{RECIPE_NAMES[recipe_id - 1]} {n}", recipe_id, 24, freshness))
    packages = [Package(n, f"Gift box {n}", rng.choice((3, 5, 8))) for n in range(1, 7)]
    contents = {
        p.package_id: [(i, rng.choice((3, 4))) for i in rng.sample(range(1, 17), 2)]
        for p in packages
    }
    deliveries: list[Delivery] = []
    made: list[MadeItems] = []
    assignment = 0
    for n in range(events):
        day = TODAY + timedelta(days=7 + n)
        own_date: dict[int, dict[int, int]] = {}
        shared: dict[int, int] = Counter()
        boxes: Counter[int] = Counter()
        for k in range(RECIPIENTS_PER_EVENT if n % 25 != 24 else 0):
            assignment += 1
            package_id = rng.randint(1, 6)
            target = Counter() if (n % 3 == 0 and k < 4) else shared
            for item_id, count in contents[package_id]:
                target[item_id] += count
            if target is not shared:
                own_date[assignment] = dict(target)
                deliveries.append(
                    Delivery(
                        DeliveryRef(n + 1, assignment),
                        f"Event {n + 1:03} — recipient {k + 1}",
                        day + timedelta(days=2),
                        _counts(target),
                        (PackageCount(package_id, 1),),
                    )
                )
            else:
                boxes[package_id] += 1
        deliveries.append(
            Delivery(
                DeliveryRef(n + 1),
                f"Event {n + 1:03}",
                day,
                _counts(shared),
                tuple(PackageCount(p, c) for p, c in sorted(boxes.items())),
            )
        )
        if n < events // 10:  # the first events are partly baked already, some frozen
            for item_id in sorted(shared)[:2]:
                frozen = items[item_id - 1].freshness.freezable
                baked = TODAY - timedelta(days=1)
                made.append(
                    MadeItems(n + 1, item_id, shared[item_id], baked, baked if frozen else None)
                )
    prepared = [
        PreparedLot(1, 13, Decimal(3), TODAY - timedelta(days=10), None, frozen=True),
        PreparedLot(2, 14, Decimal(6), TODAY - timedelta(days=1), TODAY + timedelta(days=4)),
        PreparedLot(3, 16, Decimal(4), TODAY - timedelta(days=2), TODAY + timedelta(days=12)),
    ]
    last = TODAY + timedelta(days=events + 10)
    capacity = Capacity(
        weekday_minutes=240,
        weekend_minutes=540,
        unavailable=frozenset(TODAY + timedelta(days=d) for d in range(9, (last - TODAY).days, 10)),
        overrides=tuple(
            DayOverride(TODAY + timedelta(days=d), 360) for d in range(4, (last - TODAY).days, 14)
        ),
    )
    return ScheduleInput(
        today=TODAY,
        capacity=capacity,
        recipes=tuple(recipes),
        items=tuple(items),
        deliveries=tuple(deliveries),
        packages=tuple(packages),
        made_items=tuple(made),
        prepared_stock=tuple(prepared),
    )


def _counts(counts: dict[int, int]) -> tuple[ItemCount, ...]:
    return tuple(ItemCount(i, c) for i, c in sorted(counts.items()))


@dataclass(frozen=True)
class Timing:
    median_ms: float
    fastest_ms: float
    #: This process's CPU time: unlike wall time it hardly moves when other programs
    #: compete for the cores.
    median_cpu_ms: float


def time_schedule(inputs: ScheduleInput, repeat: int) -> tuple[Schedule, Timing]:
    """The schedule, and the timings of ``repeat`` runs after a warm-up."""
    result = build_schedule(inputs)
    wall: list[float] = []
    cpu: list[float] = []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = build_schedule(inputs)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return result, Timing(statistics.median(wall), min(wall), statistics.median(cpu))


def print_table(inputs: ScheduleInput, result: Schedule, timing: Timing, console: Console) -> None:
    events = len({d.ref.event_id for d in inputs.deliveries})
    kinds = Counter(type(t).__name__.removesuffix("Task").lower() for t in result.tasks())
    baked = sum(t.batches for t in result.tasks() if isinstance(t, BakeTask))
    frozen = sum(t.batches for t in result.tasks() if isinstance(t, BakeTask) and t.frozen)
    made = sum(t.batches for t in result.tasks() if isinstance(t, MakeTask))
    reasons = Counter(u.reason.value for u in result.unschedulable)
    used = sum(d.minutes_used for d in result.days)
    capacity = sum(d.capacity_minutes for d in result.days)
    table = Table(title=f"Bake calendar: a synthetic {events}-event season")
    table.add_column("Figure")
    table.add_column("Value", justify="right")
    rows = [
        ("deliveries (events + own-date assignments)", len(inputs.deliveries)),
        ("days planned", len(result.days)),
        ("tasks", sum(kinds.values())),
        *((f"  {kind}", n) for kind, n in sorted(kinds.items())),
        ("batches baked (of which frozen)", f"{baked} ({frozen})"),
        ("sub-recipe batches made", made),
        ("hours used / available", f"{used / 60:.0f} / {capacity / 60:.0f}"),
        ("unschedulable lines", len(result.unschedulable)),
        *((f"  {reason}", n) for reason, n in sorted(reasons.items())),
        ("recipes with extra batches", len(result.extra_batches)),
        ("stale items lines", len(result.stale_items)),
        ("median time (ms)", f"{timing.median_ms:.1f}"),
        ("fastest time (ms)", f"{timing.fastest_ms:.1f}"),
        ("median CPU time (ms)", f"{timing.median_cpu_ms:.1f}"),
        ("target (ms)", f"< {TARGET_MS:.0f}"),
    ]
    for label, value in rows:
        table.add_row(label, str(value))
    console.print(table)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=15, help="Timed runs.")
    args = parser.parse_args(argv)
    console = Console(width=None if sys.stdout.isatty() else 100)
    inputs = season(args.events)
    result, timing = time_schedule(inputs, args.repeat)
    print_table(inputs, result, timing, console)


if __name__ == "__main__":
    main()
