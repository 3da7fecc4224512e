"""The two readers of the past (docs/product.md §6.21): what an event costs, priced as of
its date, and what a recipient was given.

Everything that looks back — the season comparison, a recipient's gift history — reads
through :func:`event_costs` and :func:`recipient_gifts`, so a change in how the past is
kept (a frozen copy of what an assembled package held) is made in one place each.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.comparison import price_as_of
from bakehouse.domain.costing import UnitPrice, estimate_lines
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.domain.planning import batches_required
from bakehouse.domain.subrecipes import explode
from bakehouse.models import Assignment, Event, Package, Recipient
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.price_history import PricePaid, prices_paid_by
from bakehouse.services.events.people import get_recipient
from bakehouse.services.events.planning import event_item_units
from bakehouse.services.packaging.costing import package_cost
from bakehouse.services.packaging.packages import allergens_by_package, contents_of


@dataclass(frozen=True)
class IngredientCost:
    """An ingredient of one recipe of one event: the quantity its batches need and what
    that cost at the price of the event's date (None: never bought by then)."""

    recipe_id: int
    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal
    cost: Decimal | None
    price: PricePaid | None


@dataclass(frozen=True)
class RecipeBatches:
    recipe_id: int
    recipe: str
    batches: int


@dataclass(frozen=True)
class EventCosts:
    """One event's plan priced as of its date (docs/product.md §6.21)."""

    event_id: int
    event: str
    event_date: date
    packages: int
    recipient_ids: frozenset[int]
    recipes: tuple[RecipeBatches, ...]
    lines: tuple[IngredientCost, ...]
    #: Packages given per package, what one cost at the prices of the event's date (None:
    #: something in it had no price then), and recipients' and packages' names by id.
    package_counts: dict[int, int] = field(default_factory=dict)
    package_costs: dict[int, Decimal | None] = field(default_factory=dict)
    names: dict[tuple[str, int], str] = field(default_factory=dict)


def event_costs(session: Session, event_ids: Collection[int]) -> dict[int, EventCosts]:
    """Each event's batches per recipe and ingredient costs at the prices of its date, in
    eight statements whatever the number of events. Unknown ids are left out."""
    if not event_ids:
        return {}
    events = session.execute(
        select(Event.id, Event.name, Event.event_date).where(Event.id.in_(sorted(event_ids)))
    ).all()
    if not events:
        return {}
    catalog = load_planning_catalog(session)
    ids = [e.id for e in events]
    units = event_item_units(session, catalog, ids)
    given: dict[int, int] = defaultdict(int)
    people: dict[int, set[int]] = defaultdict(set)
    per_package: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[tuple[str, int], str] = {}
    for event_id, recipient_id, recipient, package_id, package, quantity in session.execute(
        select(
            Assignment.event_id,
            Assignment.recipient_id,
            Recipient.name,
            Assignment.package_id,
            Package.name,
            func.sum(Assignment.quantity),
        )
        .join(Recipient, Recipient.id == Assignment.recipient_id)
        .join(Package, Package.id == Assignment.package_id)
        .where(Assignment.event_id.in_(ids))
        .group_by(
            Assignment.event_id,
            Assignment.recipient_id,
            Recipient.name,
            Assignment.package_id,
            Package.name,
        )
    ):
        given[event_id] += int(quantity or 0)
        people[event_id].add(recipient_id)
        per_package[event_id][package_id] += int(quantity or 0)
        names[("recipient", recipient_id)] = recipient
        names[("package", package_id)] = package
    batches = {
        e.id: explode(catalog.nodes, batches_required(units.get(e.id, {}), catalog.graph.items))
        for e in events
    }
    needed = {
        line.ingredient_id
        for counts in batches.values()
        for recipe_id in counts
        for line in catalog.recipes[recipe_id].batch_lines
    }
    paid = prices_paid_by(session, needed, max(e.event_date for e in events))
    return {
        e.id: EventCosts(
            event_id=e.id,
            event=e.name,
            event_date=e.event_date,
            packages=given.get(e.id, 0),
            recipient_ids=frozenset(people.get(e.id, ())),
            recipes=tuple(
                sorted(
                    (
                        RecipeBatches(r, catalog.recipes[r].name, n)
                        for r, n in batches[e.id].items()
                        if n > 0
                    ),
                    key=lambda b: b.recipe.lower(),
                )
            ),
            lines=_lines(catalog, batches[e.id], paid, e.event_date),
            package_counts=dict(per_package.get(e.id, {})),
            package_costs=_package_costs(catalog, per_package.get(e.id, {}), paid, e.event_date),
            names=names,
        )
        for e in events
    }


def _lines(
    catalog: PlanningCatalog,
    batches: dict[int, int],
    paid: dict[int, list[PricePaid]],
    day: date,
) -> tuple[IngredientCost, ...]:
    by_lot = {p.lot_id: p for rows in paid.values() for p in rows}
    lines = []
    for recipe_id, count in batches.items():
        totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for line in catalog.recipes[recipe_id].batch_lines:
            totals[line.ingredient_id] += line.quantity * count
        for ingredient_id, quantity in totals.items():
            if quantity <= 0:
                continue
            ingredient = catalog.ingredients[ingredient_id]
            point = price_as_of((p.point for p in paid.get(ingredient_id, ())), day)
            amount = quantize_quantity(quantity)
            lines.append(
                IngredientCost(
                    recipe_id=recipe_id,
                    ingredient_id=ingredient_id,
                    ingredient=ingredient.name,
                    unit=ingredient.unit,
                    quantity=amount,
                    cost=None if point is None else point.price_of(amount),
                    price=None if point is None else by_lot[point.lot_id],
                )
            )
    return tuple(sorted(lines, key=lambda c: (c.ingredient.lower(), c.recipe_id)))


def _package_costs(
    catalog: PlanningCatalog,
    packages: Mapping[int, int],
    paid: dict[int, list[PricePaid]],
    day: date,
) -> dict[int, Decimal | None]:
    """What one of each package cost at the prices of ``day`` (docs/product.md §6.21)."""
    prices = {}
    for ingredient_id, rows in paid.items():
        point = price_as_of((p.point for p in rows), day)
        if point is not None:
            prices[ingredient_id] = UnitPrice(point.cost, point.quantity)
    batch_costs = {
        recipe_id: estimate_lines(recipe.batch_lines, prices)
        for recipe_id, recipe in catalog.recipes.items()
    }
    costs: dict[int, Decimal | None] = {}
    for package_id in packages:
        estimate = package_cost(catalog, batch_costs, package_id)
        costs[package_id] = estimate.total if estimate.is_complete else None
    return costs


@dataclass(frozen=True)
class GiftContent:
    item: str
    recipe: str
    units: int


@dataclass(frozen=True)
class Gift:
    """One package given to a recipient at one event, what it held and its allergens;
    ``avoided`` are those of its allergens the recipient avoids."""

    assignment_id: int
    event_id: int
    event: str
    event_date: date
    package_id: int
    package: str
    quantity: int
    status: AssignmentStatus
    contents: tuple[GiftContent, ...]
    allergens: tuple[str, ...]
    avoided: tuple[str, ...]


@dataclass(frozen=True)
class GiftYear:
    year: int
    gifts: tuple[Gift, ...]


def recipient_gifts(session: Session, key: int | str) -> list[GiftYear]:
    """What a recipient (id, slug or name) got, year by year, newest first: each package
    with its contents and allergens. :class:`NotFound` for an unknown recipient; eight
    statements however many years."""
    recipient = get_recipient(session, key)
    rows = session.execute(
        select(
            Assignment.id,
            Event.id,
            Event.name,
            Event.event_date,
            Package.id,
            Package.name,
            Assignment.quantity,
            Assignment.status,
        )
        .join(Event, Event.id == Assignment.event_id)
        .join(Package, Package.id == Assignment.package_id)
        .where(Assignment.recipient_id == recipient.id)
        .order_by(Event.event_date.desc(), Event.name, Package.name)
    ).all()
    if not rows:
        return []
    catalog = load_planning_catalog(session)
    names = {item_id: y.name for item_id, y in catalog.graph.items.items()}
    package_ids = sorted({row[4] for row in rows})
    allergens = allergens_by_package(catalog, package_ids)
    avoids = set(recipient.allergens)
    years: dict[int, list[Gift]] = defaultdict(list)
    for assignment_id, event_id, event, day, package_id, package, quantity, status in rows:
        codes = tuple(allergens.get(package_id, ()))
        years[day.year].append(
            Gift(
                assignment_id=assignment_id,
                event_id=event_id,
                event=event,
                event_date=day,
                package_id=package_id,
                package=package,
                quantity=quantity,
                status=status,
                contents=tuple(
                    GiftContent(c.item, c.recipe, c.units * quantity)
                    for c in contents_of(catalog, names, package_id)
                ),
                allergens=codes,
                avoided=tuple(code for code in codes if code in avoids),
            )
        )
    return [GiftYear(year, tuple(gifts)) for year, gifts in years.items()]
