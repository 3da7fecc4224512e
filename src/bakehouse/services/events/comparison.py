"""Two seasons or two events side by side (docs/product.md §6.21).

Each side is its events' plans priced as of each event's date (:func:`event_costs`); the
maths of the split is :mod:`bakehouse.domain.comparison`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.comparison import (
    Side,
    Split,
    per,
    price_unit,
    split,
    total_split,
    unit_price,
)
from bakehouse.domain.numbers import ZERO, to_cents
from bakehouse.errors import InvalidInput
from bakehouse.models import Event
from bakehouse.services.catalog.price_history import PricePaid
from bakehouse.services.events.events import get_event
from bakehouse.services.events.history import EventCosts, IngredientCost, event_costs
from bakehouse.services.events.seasons import get_season

#: What can be compared.
KINDS = ("season", "event")


@dataclass(frozen=True)
class SideSummary:
    """One side: which events, how many packages and recipients, what the compared
    ingredients cost, and that shared per package and per recipient."""

    label: str
    first: date
    last: date
    events: tuple[str, ...]
    packages: int
    recipients: int
    total: Decimal
    per_package: Decimal | None
    per_recipient: Decimal | None


@dataclass(frozen=True)
class RecipeRow:
    recipe_id: int
    recipe: str
    before_batches: int
    after_batches: int
    before_cost: Decimal
    after_cost: Decimal
    #: Some of its ingredients were never bought by an event's date: not in its cost.
    incomplete: bool


@dataclass(frozen=True)
class PackageRow:
    """How many of a package each side gave."""

    package_id: int
    package: str
    before: int
    after: int
    #: What one cost at the prices of the side's last event that gave it, to the cent;
    #: None when not given on that side or something in it had no price then.
    before_cost: Decimal | None = None
    after_cost: Decimal | None = None


@dataclass(frozen=True)
class IngredientRow:
    """An ingredient on both sides, its split, and the prices paid behind each side."""

    ingredient_id: int
    ingredient: str
    unit: str
    price_unit: str
    before_quantity: Decimal
    after_quantity: Decimal
    before_cost: Decimal
    after_cost: Decimal
    before_price: Decimal | None
    after_price: Decimal | None
    split: Split
    before_purchases: tuple[PricePaid, ...]
    after_purchases: tuple[PricePaid, ...]


@dataclass(frozen=True)
class NotCompared:
    """An ingredient needed on a side that had no price by an event's date."""

    ingredient_id: int
    ingredient: str
    unit: str
    before_quantity: Decimal
    after_quantity: Decimal
    unpriced_on: tuple[str, ...]  # "before", "after"


@dataclass(frozen=True)
class Comparison:
    kind: str
    before: SideSummary
    after: SideSummary
    recipes: tuple[RecipeRow, ...]
    ingredients: tuple[IngredientRow, ...]
    not_compared: tuple[NotCompared, ...]
    total: Split
    packages: tuple[PackageRow, ...] = ()
    #: Recipients given something on the after side only, and on the before side only.
    recipients_added: tuple[str, ...] = ()
    recipients_dropped: tuple[str, ...] = ()


def compare(session: Session, kind: str, before: int | str, after: int | str) -> Comparison:
    """Compare two seasons (``kind`` "season") or two events ("event"), named by id, slug
    or name. :class:`NotFound` for an unknown one, :class:`InvalidInput` for an unknown
    kind. Ten statements at most, however many events."""
    if kind not in KINDS:
        raise InvalidInput(f"compare seasons or events, not {kind!r}", field="kind")
    if kind == "season":
        sides = [_season_side(session, before), _season_side(session, after)]
    else:
        sides = [_event_side(session, before), _event_side(session, after)]
    costs = event_costs(session, [e for side in sides for e in side[3]])
    old = [costs[e] for e in sides[0][3] if e in costs]
    new = [costs[e] for e in sides[1][3] if e in costs]
    return _compare(kind, sides[0][:3], sides[1][:3], old, new)


def _season_side(session: Session, key: int | str) -> tuple[str, date, date, list[int]]:
    season = get_season(session, key)
    ids = session.scalars(
        select(Event.id)
        .where(Event.event_date >= season.starts_on, Event.event_date <= season.ends_on)
        .order_by(Event.event_date, Event.name)
    )
    return season.name, season.starts_on, season.ends_on, list(ids)


def _event_side(session: Session, key: int | str) -> tuple[str, date, date, list[int]]:
    event = get_event(session, key)
    return event.name, event.event_date, event.event_date, [event.id]


def _compare(
    kind: str,
    before: tuple[str, date, date],
    after: tuple[str, date, date],
    old: list[EventCosts],
    new: list[EventCosts],
) -> Comparison:
    old_lines = [line for costs in old for line in costs.lines]
    new_lines = [line for costs in new for line in costs.lines]
    unpriced_old = {line.ingredient_id for line in old_lines if line.cost is None}
    unpriced_new = {line.ingredient_id for line in new_lines if line.cost is None}
    left_out = unpriced_old | unpriced_new
    rows = _ingredient_rows(old_lines, new_lines, left_out)
    total = total_split([row.split for row in rows])
    before_total = sum((row.before_cost for row in rows), to_cents(ZERO))
    after_total = sum((row.after_cost for row in rows), to_cents(ZERO))
    before_side = _summary(before, old, before_total)
    after_side = _summary(after, new, after_total)
    return Comparison(
        kind=kind,
        before=before_side,
        after=after_side,
        recipes=_recipe_rows(old, new, left_out),
        ingredients=rows,
        not_compared=_not_compared(old_lines, new_lines, unpriced_old, unpriced_new),
        total=total,
        packages=_package_rows(old, new),
        recipients_added=_names(new, old),
        recipients_dropped=_names(old, new),
    )


def _names_of(side: list[EventCosts]) -> dict[tuple[str, int], str]:
    return {key: name for costs in side for key, name in costs.names.items()}


def _package_rows(old: list[EventCosts], new: list[EventCosts]) -> tuple[PackageRow, ...]:
    names = _names_of(old) | _names_of(new)
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    prices: dict[int, list[Decimal | None]] = defaultdict(lambda: [None, None])
    for index, side in enumerate((old, new)):
        for costs in sorted(side, key=lambda c: (c.event_date, c.event_id)):
            for package_id, quantity in costs.package_counts.items():
                counts[package_id][index] += quantity
                cost = costs.package_costs.get(package_id)
                prices[package_id][index] = None if cost is None else to_cents(cost)
    rows = [
        PackageRow(package_id, names[("package", package_id)], before, after, *prices[package_id])
        for package_id, (before, after) in counts.items()
    ]
    return tuple(sorted(rows, key=lambda r: r.package.lower()))


def _names(side: list[EventCosts], other: list[EventCosts]) -> tuple[str, ...]:
    """Recipients of ``side`` not on ``other``, by name."""
    mine = frozenset().union(*(c.recipient_ids for c in side))
    theirs = frozenset().union(*(c.recipient_ids for c in other))
    names = _names_of(side)
    return tuple(sorted((names[("recipient", r)] for r in mine - theirs), key=str.lower))


def _summary(head: tuple[str, date, date], costs: list[EventCosts], total: Decimal) -> SideSummary:
    packages = sum(c.packages for c in costs)
    recipients = len(frozenset().union(*(c.recipient_ids for c in costs)))
    return SideSummary(
        label=head[0],
        first=head[1],
        last=head[2],
        events=tuple(c.event for c in sorted(costs, key=lambda c: (c.event_date, c.event))),
        packages=packages,
        recipients=recipients,
        total=total,
        per_package=per(total, packages),
        per_recipient=per(total, recipients),
    )


def _ingredient_rows(
    old_lines: list[IngredientCost], new_lines: list[IngredientCost], left_out: set[int]
) -> tuple[IngredientRow, ...]:
    sides: dict[int, list[list[IngredientCost]]] = defaultdict(lambda: [[], []])
    for index, lines in enumerate((old_lines, new_lines)):
        for line in lines:
            if line.ingredient_id not in left_out:
                sides[line.ingredient_id][index].append(line)
    rows = []
    for ingredient_id, (before, after) in sides.items():
        first = (before or after)[0]
        old = Side(_sum(c.quantity for c in before), _sum(c.cost or ZERO for c in before))
        new = Side(_sum(c.quantity for c in after), _sum(c.cost or ZERO for c in after))
        rows.append(
            IngredientRow(
                ingredient_id=ingredient_id,
                ingredient=first.ingredient,
                unit=first.unit,
                price_unit=price_unit(first.unit),
                before_quantity=old.quantity,
                after_quantity=new.quantity,
                before_cost=old.shown,
                after_cost=new.shown,
                before_price=unit_price(old.cost, old.quantity, first.unit),
                after_price=unit_price(new.cost, new.quantity, first.unit),
                split=split(old, new),
                before_purchases=_purchases(before),
                after_purchases=_purchases(after),
            )
        )
    return tuple(sorted(rows, key=lambda r: r.ingredient.lower()))


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


def _purchases(lines: list[IngredientCost]) -> tuple[PricePaid, ...]:
    seen = {line.price.lot_id: line.price for line in lines if line.price is not None}
    return tuple(sorted(seen.values(), key=lambda p: (p.day, p.lot_id)))


def _recipe_rows(
    old: list[EventCosts], new: list[EventCosts], left_out: set[int]
) -> tuple[RecipeRow, ...]:
    names: dict[int, str] = {}
    batches: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    costs: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    incomplete: set[int] = set()
    for index, side in enumerate((old, new)):
        for event in side:
            for recipe in event.recipes:
                names[recipe.recipe_id] = recipe.recipe
                batches[recipe.recipe_id][index] += recipe.batches
            for line in event.lines:
                if line.ingredient_id in left_out or line.cost is None:
                    incomplete.add(line.recipe_id)
                else:
                    costs[line.recipe_id][index] += line.cost
    rows = [
        RecipeRow(
            recipe_id=recipe_id,
            recipe=name,
            before_batches=batches[recipe_id][0],
            after_batches=batches[recipe_id][1],
            before_cost=to_cents(costs[recipe_id][0]),
            after_cost=to_cents(costs[recipe_id][1]),
            incomplete=recipe_id in incomplete,
        )
        for recipe_id, name in names.items()
    ]
    return tuple(sorted(rows, key=lambda r: r.recipe.lower()))


def _not_compared(
    old_lines: list[IngredientCost],
    new_lines: list[IngredientCost],
    unpriced_old: set[int],
    unpriced_new: set[int],
) -> tuple[NotCompared, ...]:
    rows: dict[int, NotCompared] = {}
    for ingredient_id in unpriced_old | unpriced_new:
        before = [c for c in old_lines if c.ingredient_id == ingredient_id]
        after = [c for c in new_lines if c.ingredient_id == ingredient_id]
        first = (before or after)[0]
        rows[ingredient_id] = NotCompared(
            ingredient_id=ingredient_id,
            ingredient=first.ingredient,
            unit=first.unit,
            before_quantity=_sum(c.quantity for c in before),
            after_quantity=_sum(c.quantity for c in after),
            unpriced_on=tuple(
                name
                for name, ids in (("before", unpriced_old), ("after", unpriced_new))
                if ingredient_id in ids
            ),
        )
    return tuple(sorted(rows.values(), key=lambda r: r.ingredient.lower()))
