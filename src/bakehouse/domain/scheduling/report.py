"""What could not be placed, in a baker's words, each with a concrete way out
(docs/product.md §6.10)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from bakehouse.domain.scheduling.inputs import Capacity, Recipe
from bakehouse.domain.scheduling.placement import Ledger
from bakehouse.domain.scheduling.results import (
    Reason,
    Suggestion,
    SuggestionKind,
)
from bakehouse.domain.scheduling.windows import ONE_DAY, Window


def format_minutes(minutes: int) -> str:
    """``90`` → "1 h 30", ``120`` → "2 h", ``45`` → "45 min"."""
    hours, rest = divmod(minutes, 60)
    if hours == 0:
        return f"{rest} min"
    return f"{hours} h" if rest == 0 else f"{hours} h {rest:02d}"


def format_day(day: date) -> str:
    return f"{day:%b} {day.day}"


def batches(n: int) -> str:
    return f"{n} batch" if n == 1 else f"{n} batches"


def _with(text: str, suggestions: Sequence[Suggestion]) -> str:
    if not suggestions:
        return text
    return f"{text} — " + ", or ".join(s.text for s in suggestions)


def add_time(days: Sequence[tuple[date, int]]) -> Suggestion:
    text = " and ".join(f"{format_minutes(m)} on {format_day(d)}" for d, m in days)
    return Suggestion(
        SuggestionKind.ADD_TIME,
        f"add {text}",
        days=tuple(d for d, _ in days),
        minutes=tuple(m for _, m in days),
    )


def time_suggestions(
    recipe: Recipe,
    left: int,
    window: Window,
    ledger: Ledger,
    capacity: Capacity,
    *,
    can_freeze_before: bool,
) -> tuple[Suggestion, ...]:
    """Ways to fit ``left`` batches of ``recipe`` that did not fit in ``window``.

    "freeze them" when the recipe's output is not freezable but earlier days have room;
    then the minutes to add, latest day first, on days the baker is available; then larger
    sessions when the session limit is what stops it, or freeing a day when none is free.
    """
    out: list[Suggestion] = []
    if can_freeze_before:
        out.append(Suggestion(SuggestionKind.FREEZE, "freeze them"))
    extra: list[tuple[date, int]] = []
    available = False
    limited = False
    for day in window.days_latest_first():
        if left == 0:
            break
        if day in capacity.unavailable:
            continue
        available = True
        fit = left
        if recipe.max_batches_per_session is not None:
            fit = min(
                fit, recipe.max_batches_per_session - ledger.batches_of(recipe.recipe_id, day)
            )
            if fit <= 0:
                limited = True
                continue
        missing = fit * recipe.minutes_per_batch - ledger.room(day)
        if missing > 0:
            extra.append((day, missing))
        left -= fit
    if extra:
        out.append(add_time(extra))
    if not available:
        span = (
            format_day(window.start)
            if window.start == window.end
            else f"a day from {format_day(window.start)} to {format_day(window.end)}"
        )
        out.append(Suggestion(SuggestionKind.FREE_DAY, f"free {span}", days=(window.start,)))
    elif left and limited:
        limit = recipe.max_batches_per_session
        out.append(
            Suggestion(
                SuggestionKind.LARGER_SESSIONS,
                f"bake more than {limit} batches of {recipe.name} in one session",
                value=limit,
            )
        )
    return tuple(out)


def room_before(recipe: Recipe, window: Window, today: date, ledger: Ledger) -> bool:
    """Whether some day before ``window`` still has room for one batch of ``recipe``."""
    day = window.start - ONE_DAY
    while day >= today:
        free = ledger.room(day) >= recipe.minutes_per_batch
        limit = recipe.max_batches_per_session
        if free and (limit is None or ledger.batches_of(recipe.recipe_id, day) < limit):
            return True
        day -= ONE_DAY
    return False


def no_time_message(
    name: str, left: int, by: date, *, frozen_too: bool, suggestions: Sequence[Suggestion]
) -> str:
    fit = "fit before" if frozen_too else "fit fresh before"
    verb = "does not" if left == 1 else "do not"
    tail = ", fresh or frozen" if frozen_too else ""
    return _with(f"{name}: {batches(left)} {verb} {fit} {format_day(by)}{tail}", suggestions)


def keeps_too_short(
    recipe: str, delivery: str, shelf_life: int, keep_days: int, day: date, assembly_day: date
) -> tuple[Reason, tuple[Suggestion, ...], str]:
    """Made on its assembly day it would not keep ``keep_days`` days after ``day``."""
    before = (day - assembly_day).days
    suggestions: list[Suggestion] = []
    if shelf_life >= before:
        n = shelf_life - before
        suggestions.append(
            Suggestion(
                SuggestionKind.KEEP_FEWER_DAYS,
                f"ask gifts to keep {n} {'day' if n == 1 else 'days'} after delivery",
                value=n,
            )
        )
    else:
        suggestions.append(
            Suggestion(SuggestionKind.ASSEMBLE_ON_DELIVERY_DAY, "assemble on the delivery day")
        )
        if shelf_life < keep_days:
            suggestions.append(
                Suggestion(
                    SuggestionKind.KEEP_FEWER_DAYS,
                    f"ask gifts to keep {shelf_life} days after delivery",
                    value=shelf_life,
                )
            )
            suggestions = [_joined(suggestions)]
    text = (
        f"{recipe} for {delivery}: keeps {shelf_life} days, but gifts delivered "
        f"{format_day(day)} must keep {keep_days} days and are assembled "
        f"{format_day(assembly_day)}"
    )
    return Reason.KEEPS_TOO_SHORT, tuple(suggestions), _with(text, suggestions)


def _joined(parts: Sequence[Suggestion]) -> Suggestion:
    return Suggestion(
        parts[0].kind,
        " and ".join(p.text for p in parts),
        value=parts[-1].value,
    )


def delivery_passed(
    delivery: str, day: date, today: date, days_before: int
) -> tuple[Suggestion, str]:
    move_to = today + timedelta(days=days_before)
    suggestion = Suggestion(
        SuggestionKind.MOVE_DELIVERY,
        f"move it to {format_day(move_to)} or later",
        days=(move_to,),
    )
    return suggestion, _with(
        f"{delivery}: the delivery day {format_day(day)} has passed", [suggestion]
    )


def assembly_message(
    delivery: str, packages: int, minutes: int, day: date, free: int, capacity: Capacity
) -> tuple[Suggestion, str]:
    what = f"{packages} {'package' if packages == 1 else 'packages'}"
    if day in capacity.unavailable:
        suggestion = Suggestion(SuggestionKind.FREE_DAY, f"free {format_day(day)}", days=(day,))
        text = f"{delivery}: {what} to assemble on {format_day(day)}, a day marked unavailable"
    else:
        suggestion = add_time([(day, minutes - free)])
        text = (
            f"{delivery}: {what} ({format_minutes(minutes)}) do not fit on {format_day(day)}"
            f" ({format_minutes(free)} free)"
        )
    return suggestion, _with(text, [suggestion])


def extra_message(recipe: str, planned: int, scheduled: int, needed_by: Sequence[date]) -> str:
    """The batches freshness adds beyond the plan; ``needed_by`` are the days the split bakes
    serve (docs/product.md §6.10, allocation)."""
    extra = scheduled - planned
    days = [format_day(day) for day in sorted(set(needed_by))]
    if not days:
        shown = "every delivery"
    elif len(days) == 1:
        shown = days[0]
    elif len(days) <= 4:
        shown = ", ".join(days[:-1]) + f" and {days[-1]}"
    else:
        shown = f"{len(days)} dates"
    return (
        f"{recipe}: {batches(scheduled)} where the plan has {planned} — no one bake stays "
        f"fresh for {shown}, so the bakes are split ({extra} extra "
        f"{'batch' if extra == 1 else 'batches'})"
    )


def stale_message(count: int, item: str, baked_on: date, last: date, delivery: str) -> str:
    return (
        f"{count} {item} baked {format_day(baked_on)} keep through {format_day(last)}, "
        f"not long enough for {delivery} — they are not counted and are planned again"
    )
