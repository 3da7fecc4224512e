"""What an event needs baked and bought (docs/product.md §2.3).

Every function here issues a fixed number of SQL statements whatever the number of
assignments, packages and recipes: assignments are summed per package in SQL, the
catalog graph is loaded once (:func:`load_planning_catalog`), and the maths is the pure
code in :mod:`bakehouse.domain.planning`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.numbers import ZERO, quantize_quantity
from bakehouse.domain.planning import batches_required, item_units
from bakehouse.domain.seasons import DateScope, upcoming_scope
from bakehouse.domain.shopping import UPCOMING_KEY, shopping_scope_key
from bakehouse.domain.subrecipes import EventToBake, explode
from bakehouse.errors import InvalidInput
from bakehouse.models import Assignment, Event, Item, ProductionRecord
from bakehouse.services.catalog.buying import (
    ShoppingLine,
    choose_product,
    load_product_options,
    shopping_line,
    stock_on_hand,
)
from bakehouse.services.catalog.graph import PlanningCatalog, load_planning_catalog
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.core.naming import get_by_id
from bakehouse.services.events.contents import CONTENTS_KEY
from bakehouse.services.events.seasons import resolve_shopping_scope
from bakehouse.services.pantry.prepared import plan_sub_recipes, prepared_on_hand

__all__ = [
    "EventNeeds",
    "IngredientNeed",
    "ItemNeed",
    "ItemUnits",
    "RecipeNeed",
    "ShoppingLine",
    "ShoppingList",
    "event_item_units",
    "get_event_needs",
    "get_ingredient_needs",
    "get_item_needs",
    "get_recipe_needs",
    "get_shopping_list",
    "ingredient_needs",
]


@dataclass(frozen=True)
class ItemNeed:
    item_id: int
    item: str
    recipe_id: int
    recipe: str
    units: int


@dataclass(frozen=True)
class ItemUnits:
    item_id: int
    item: str
    units: int


@dataclass(frozen=True)
class RecipeNeed:
    recipe_id: int
    recipe: str
    items: tuple[ItemUnits, ...]
    batches: int


@dataclass(frozen=True)
class IngredientNeed:
    """``quantity`` of an ingredient in its canonical ``unit``."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal


@dataclass(frozen=True)
class EventNeeds:
    """Everything an event needs: items, batches per recipe, ingredients."""

    event_id: int
    event: str
    event_date: date
    items: tuple[ItemNeed, ...]
    recipes: tuple[RecipeNeed, ...]
    ingredients: tuple[IngredientNeed, ...]


def get_item_needs(session: Session, event_id: int) -> list[ItemNeed]:
    """Units of each item the event's packages hold, by recipe then item. Raises NotFound."""
    return list(get_event_needs(session, event_id).items)


def get_recipe_needs(session: Session, event_id: int) -> list[RecipeNeed]:
    """Batches of each recipe the event needs, by recipe name. Raises NotFound."""
    return list(get_event_needs(session, event_id).recipes)


def get_ingredient_needs(session: Session, event_id: int) -> list[IngredientNeed]:
    """Ingredients for every batch the event needs, canonical units, by name."""
    return list(get_event_needs(session, event_id).ingredients)


def get_event_needs(session: Session, event_id: int) -> EventNeeds:
    """Items, recipe batches and ingredients of one event, in eight statements.

    Raises :class:`NotFound` for an unknown event.
    """
    event = get_by_id(session, Event, "event", event_id)
    catalog = load_planning_catalog(session)
    units = event_item_units(session, catalog, [event.id]).get(event.id, {})
    names = dict(session.execute(select(Item.id, Item.name)).all())
    items = sorted(
        (
            ItemNeed(
                item_id,
                names[item_id],
                catalog.graph.items[item_id].recipe_id,
                catalog.recipes[catalog.graph.items[item_id].recipe_id].name,
                count,
            )
            for item_id, count in units.items()
        ),
        key=lambda need: (need.recipe.lower(), need.item.lower()),
    )
    # Sub-recipes exploded below the recipes that use them (docs/product.md §6.12).
    batches = explode(catalog.nodes, batches_required(units, catalog.graph.items))
    recipes = sorted(
        (
            RecipeNeed(
                recipe_id,
                catalog.recipes[recipe_id].name,
                tuple(
                    ItemUnits(i.item_id, i.item, i.units) for i in items if i.recipe_id == recipe_id
                ),
                count,
            )
            for recipe_id, count in batches.items()
        ),
        key=lambda need: need.recipe.lower(),
    )
    return EventNeeds(
        event.id,
        event.name,
        event.event_date,
        tuple(items),
        tuple(recipes),
        tuple(ingredient_needs(catalog, batches)),
    )


def event_item_units(
    session: Session, catalog: PlanningCatalog, event_ids: Collection[int]
) -> dict[int, dict[int, int]]:
    """Units of each item per event: assignments summed per package in one statement;
    assembled and delivered ones by their frozen contents (docs/product.md §6.20)."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(Assignment.event_id, CONTENTS_KEY, func.sum(Assignment.quantity))
        .where(Assignment.event_id.in_(sorted(event_ids)))
        .group_by(Assignment.event_id, CONTENTS_KEY)
    )
    quantities: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for event_id, package_id, quantity in rows:
        quantities[event_id].append((package_id, int(quantity or 0)))
    return {event_id: item_units(catalog.graph, pairs) for event_id, pairs in quantities.items()}


def ingredient_needs(catalog: PlanningCatalog, batches: dict[int, int]) -> list[IngredientNeed]:
    """Σ batches × line quantity per ingredient, in canonical units, by ingredient name."""
    totals: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for recipe_id, count in batches.items():
        for line in catalog.recipes[recipe_id].batch_lines:
            totals[line.ingredient_id] += line.quantity * count
    needs = [
        IngredientNeed(
            ingredient_id,
            catalog.ingredients[ingredient_id].name,
            catalog.ingredients[ingredient_id].unit,
            quantize_quantity(quantity),
        )
        for ingredient_id, quantity in totals.items()
        if quantity > 0
    ]
    return sorted(needs, key=lambda need: need.ingredient.lower())


@dataclass(frozen=True)
class ExpiredLine:
    """Stock past its best-before by the shopping list's day (docs/product.md §6.14)."""

    ingredient_id: int
    ingredient: str
    unit: str
    quantity: Decimal
    #: The earliest best-before among its expired lots.
    since: date


@dataclass(frozen=True)
class ShoppingList:
    scope: str
    event_ids: tuple[int, ...]
    lines: tuple[ShoppingLine, ...]
    #: Sum of the costs that could be estimated.
    estimated_total: Decimal
    #: Ingredients to buy that have no known price.
    unpriced: tuple[str, ...]
    #: Ingredients to buy that have no product to buy them as.
    unbuyable: tuple[str, ...]
    #: Stock of the needed ingredients past its best-before by the (first) event's date:
    #: not counted as on hand; use or discard (docs/product.md §6.14).
    expired: tuple[ExpiredLine, ...] = ()
    #: The day stock must be good on to count as on hand: the (first) event's date.
    good_on: date | None = None
    #: The key its ticks are kept under (docs/product.md §6.17): event:N, season:N, upcoming.
    scope_key: str = UPCOMING_KEY

    @property
    def estimated(self) -> tuple[str, ...]:
        """Ingredients to buy priced from a list price: the bill is an estimate (§6.17)."""
        return tuple(
            line.ingredient
            for line in self.lines
            if line.price_is_estimate and line.estimated_cost is not None and line.shortfall > 0
        )

    @property
    def is_complete(self) -> bool:
        return not self.unpriced and not self.unbuyable


def get_shopping_list(
    session: Session,
    event_id: int | None = None,
    *,
    upcoming: bool = False,
    today: date | None = None,
    scope: DateScope | None = None,
) -> ShoppingList:
    """What to buy for one event, for every event on or after ``today`` (``upcoming``),
    for the events of ``scope``, or by default for the upcoming events of the current
    season, else of the next ``shopping_horizon_weeks`` weeks (docs/product.md §6.15).

    Needs minus stock on hand, rounded up to whole packages of the preferred product
    (else the cheapest per unit among products with a price), with the estimated bill and
    what is left over after the plan. Twelve statements at most, whatever the size of the
    plan, and one more (the prepared stock on hand, docs/product.md §6.12) once any recipe
    uses a sub-recipe: thirteen, whatever the nesting. Raises NotFound for an unknown event
    and InvalidInput when more than one of ``event_id``, ``upcoming`` and ``scope`` is given.
    """
    events, label, key = _shopping_scope(session, event_id, upcoming, scope, today or date.today())
    event_ids = [event.id for event in events]
    catalog = load_planning_catalog(session)
    units = event_item_units(session, catalog, event_ids)
    produced = _produced_batches(session, event_ids)
    to_bake: dict[int, int] = defaultdict(int)
    still: list[EventToBake] = []
    for each_event in event_ids:
        by_item = units.get(each_event, {})
        left = {
            recipe_id: max(0, count - produced.get((each_event, recipe_id), 0))
            for recipe_id, count in batches_required(by_item, catalog.graph.items).items()
        }
        still.append(EventToBake(each_event, left))
        for recipe_id, count in left.items():
            to_bake[recipe_id] += count
    # Sub-recipe batches still to make, after the prepared stock on hand (allocated earliest
    # event first): their leaf ingredients are bought, prepared stock never twice (§6.12).
    on_hand_prepared = prepared_on_hand(session) if catalog.sub_recipes else {}
    for plans in plan_sub_recipes(catalog, still, on_hand_prepared).values():
        for recipe_id, plan in plans.items():
            to_bake[recipe_id] += plan.still_to_make
    needs = ingredient_needs(catalog, to_bake)
    ids = [need.ingredient_id for need in needs]
    # Stock past its best-before by the (first) event's date is not on hand (§6.14).
    good_on = events[0].event_date if events else today or date.today()
    on_hand, expired = stock_on_hand(session, ids, good_on=good_on)
    options = load_product_options(session, {i: catalog.ingredients[i] for i in ids})
    prices = latest_unit_prices(session, ids) if ids else {}
    lines = tuple(
        shopping_line(
            catalog.ingredients[need.ingredient_id],
            need.quantity,
            on_hand.get(need.ingredient_id, ZERO),
            choose_product(options.get(need.ingredient_id, [])),
            prices.get(need.ingredient_id),
        )
        for need in needs
    )
    return ShoppingList(
        scope=label,
        event_ids=tuple(event_ids),
        lines=lines,
        estimated_total=sum((line.estimated_cost or ZERO for line in lines), ZERO),
        unpriced=tuple(line.ingredient for line in lines if line.cost_note == "no price"),
        unbuyable=tuple(line.ingredient for line in lines if line.cost_note == "no product"),
        good_on=good_on,
        scope_key=key,
        expired=tuple(
            ExpiredLine(
                i, catalog.ingredients[i].name, catalog.ingredients[i].unit, e.quantity, e.since
            )
            for i, e in sorted(
                expired.items(), key=lambda pair: catalog.ingredients[pair[0]].name.lower()
            )
        ),
    )


def _shopping_scope(
    session: Session,
    event_id: int | None,
    upcoming: bool,
    scope: DateScope | None,
    today: date,
) -> tuple[list[Event], str, str]:
    if (event_id is not None) + upcoming + (scope is not None) > 1:
        raise InvalidInput(
            "name one event, or a season, or ask for all upcoming events: not more than one",
            field="event",
        )
    if event_id is not None:
        event = get_by_id(session, Event, "event", event_id)
        label = f"{event.name} ({event.event_date.isoformat()})"
        return [event], label, shopping_scope_key(event.id, None)
    if upcoming:
        scope = upcoming_scope(today)
    elif scope is None:
        scope = resolve_shopping_scope(session, today=today)
    query = select(Event).where(Event.event_date >= (scope.first or today))
    if scope.last is not None:
        query = query.where(Event.event_date <= scope.last)
    events = list(session.scalars(query.order_by(Event.event_date, Event.name)))
    key = shopping_scope_key(None, scope.key)
    if not events:
        return [], f"{scope.label}: no events", key
    names = ", ".join(event.name for event in events)
    return events, f"{scope.label}: {names}", key


def _produced_batches(session: Session, event_ids: Collection[int]) -> dict[tuple[int, int], int]:
    """Batches baked (not reversed) per (event, recipe), in one statement."""
    if not event_ids:
        return {}
    rows = session.execute(
        select(
            ProductionRecord.event_id,
            ProductionRecord.recipe_id,
            func.sum(ProductionRecord.batches),
        )
        .where(
            ProductionRecord.event_id.in_(sorted(event_ids)),
            ProductionRecord.reversed_at.is_(None),
            # Sub-recipe bakes are prepared stock, counted as stock on hand.
            ProductionRecord.makes_stock.is_(False),
        )
        .group_by(ProductionRecord.event_id, ProductionRecord.recipe_id)
    )
    return {
        (event_id, recipe_id): int(total or 0)
        for event_id, recipe_id, total in rows
        if event_id is not None
    }
