"""Shopping from the list: ticks shared by the household, the aisles' order, and turning
the ticked lines into purchases (docs/product.md §6.17).

A tick belongs to (the list's scope key, the ingredient) and keeps the shortfall the line
showed when it was ticked, so the list can say "changed since ticked". Ticks clear when
their purchase is recorded, or when the scope's events are past (an event's day has gone,
a season has ended). Every function takes the caller's session and never commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.domain.numbers import ZERO, quantize_money
from bakehouse.domain.shopping import (
    AisleGroup,
    aisle_order,
    changed_since_ticked,
    group_by_aisle,
    parse_scope_key,
    shopping_scope_key,
)
from bakehouse.errors import BakehouseError, InvalidInput, NotFound
from bakehouse.models import Aisle, Event, Ingredient, Purchase, Season, ShoppingTick
from bakehouse.services.catalog.buying import ShoppingLine
from bakehouse.services.catalog.products import get_product
from bakehouse.services.core.checks import (
    decimal_input,
    money_input,
    optional_date_input,
    optional_text,
)
from bakehouse.services.events.events import get_event
from bakehouse.services.events.planning import ShoppingList, get_shopping_list
from bakehouse.services.events.seasons import resolve_shopping_scope
from bakehouse.services.pantry.stock import record_purchase


@dataclass(frozen=True)
class Tick:
    """A ticked line: what it asked for when ticked, and whether that changed since."""

    ingredient_id: int
    shortfall: Decimal
    ticked_by: str
    changed: bool = False


@dataclass(frozen=True)
class ShoppingView:
    """A shopping list with its ticks and its lines to buy grouped by aisle."""

    shopping: ShoppingList
    ticks: dict[int, Tick]
    aisles: tuple[AisleGroup[ShoppingLine], ...]
    aisle_order: tuple[str, ...]

    @property
    def ticked_lines(self) -> tuple[ShoppingLine, ...]:
        return tuple(line for line in self.shopping.lines if line.ingredient_id in self.ticks)


def scope_key_input(key: object) -> str:
    """A list's key as typed; :class:`InvalidInput` (field ``scope``) otherwise."""
    try:
        kind, number = parse_scope_key(str(key))
    except ValueError as error:
        raise InvalidInput(str(error), field="scope") from None
    return kind if number is None else f"{kind}:{number}"


def key_for(
    session: Session,
    event: int | str | None = None,
    season: str | None = None,
    *,
    today: date | None = None,
) -> str:
    """The key of the list a person names: an event (id, slug or name), a season (or
    "upcoming"), else the default list (the current season's, else the upcoming one).
    Raises :class:`NotFound` and :class:`InvalidInput` (both named)."""
    if event is not None and season is not None:
        raise InvalidInput("name one event or one season, not both", field="event")
    if event is not None:
        return shopping_scope_key(get_event(session, event).id, None)
    scope = resolve_shopping_scope(session, season, today=today)
    return shopping_scope_key(None, scope.key)


def list_for_key(session: Session, key: str, *, today: date | None = None) -> ShoppingList:
    """The shopping list a key names: one event's, a season's upcoming events', or every
    upcoming event's. Raises :class:`NotFound` for an unknown event or season."""
    kind, number = parse_scope_key(scope_key_input(key))
    if kind == "event":
        return get_shopping_list(session, number, today=today)
    if kind == "season":
        scope = resolve_shopping_scope(session, str(number), today=today)
        return get_shopping_list(session, scope=scope, today=today)
    return get_shopping_list(session, upcoming=True, today=today)


def get_shopping_view(
    session: Session,
    event_id: int | None = None,
    *,
    upcoming: bool = False,
    scope_choice: str | None = None,
    today: date | None = None,
) -> ShoppingView:
    """The shopping list (as :func:`get_shopping_list`) with its ticks and aisles: two
    statements more than the list, whatever its size."""
    scope = None
    if scope_choice is not None and event_id is None and not upcoming:
        scope = resolve_shopping_scope(session, scope_choice, today=today)
    shopping = get_shopping_list(session, event_id, upcoming=upcoming, scope=scope, today=today)
    return view_of(session, shopping)


def view_of(session: Session, shopping: ShoppingList) -> ShoppingView:
    """``shopping`` with its ticks (one statement) and the aisle order (one statement)."""
    stored = session.scalars(
        select(ShoppingTick).where(ShoppingTick.scope_key == shopping.scope_key)
    )
    by_ingredient = {tick.ingredient_id: tick for tick in stored}
    ticks: dict[int, Tick] = {}
    for line in shopping.lines:
        tick = by_ingredient.get(line.ingredient_id)
        if tick is not None:
            ticks[line.ingredient_id] = Tick(
                line.ingredient_id,
                tick.shortfall,
                tick.ticked_by,
                changed_since_ticked(tick.shortfall, line.shortfall),
            )
    order = tuple(list_aisles(session))
    to_buy = [line for line in shopping.lines if line.shortfall > 0 or line.ingredient_id in ticks]
    groups = group_by_aisle(to_buy, lambda line: line.category, order)
    return ShoppingView(shopping, ticks, tuple(groups), order)


def set_tick(
    session: Session,
    key: str,
    ingredient_id: int,
    *,
    ticked: bool = True,
    shortfall: Decimal | str | None = None,
    by: str = "",
    today: date | None = None,
) -> Tick | None:
    """Tick (or untick) one line of the list ``key`` for everyone in the household.

    ``shortfall`` is what the line showed when ticked (a tick made offline says so); by
    default the list's shortfall now. Ticking twice keeps the first tick. Returns the
    tick, or None once unticked. Raises :class:`InvalidInput` and :class:`NotFound`.
    """
    key = scope_key_input(key)
    day = today or date.today()
    clear_past_ticks(session, today=day)
    ingredient = session.get(Ingredient, ingredient_id)
    if ingredient is None:
        raise NotFound("ingredient", ingredient_id)
    existing = session.scalars(
        select(ShoppingTick).where(
            ShoppingTick.scope_key == key, ShoppingTick.ingredient_id == ingredient.id
        )
    ).first()
    if not ticked:
        if existing is not None:
            session.delete(existing)
            session.flush()
        return None
    if existing is not None:
        return Tick(existing.ingredient_id, existing.shortfall, existing.ticked_by)
    if shortfall is None:
        shopping = list_for_key(session, key, today=day)
        line = next((ln for ln in shopping.lines if ln.ingredient_id == ingredient.id), None)
        if line is None:
            raise InvalidInput(
                f"{ingredient.name} is not on this shopping list", field="ingredient"
            )
        amount = line.shortfall
    else:
        amount = decimal_input(shortfall, field="shortfall")
        if amount < 0:
            raise InvalidInput("a shortfall cannot be negative", field="shortfall")
    who = optional_text(by, field="ticked_by", max_length=TextLimit.SHORT) or ""
    tick = ShoppingTick(scope_key=key, ingredient_id=ingredient.id, shortfall=amount, ticked_by=who)
    session.add(tick)
    session.flush()
    return Tick(tick.ingredient_id, tick.shortfall, tick.ticked_by)


def clear_past_ticks(session: Session, *, today: date) -> int:
    """Drop the ticks of lists whose events are past (an event before ``today``, a season
    ended before it); returns how many. Three statements at most."""
    keys = set(session.scalars(select(ShoppingTick.scope_key).distinct()))
    events = {int(k.split(":")[1]) for k in keys if k.startswith("event:")}
    seasons = {int(k.split(":")[1]) for k in keys if k.startswith("season:")}
    past = set()
    if events:
        rows = session.execute(select(Event.id, Event.event_date).where(Event.id.in_(events)))
        found = {row[0]: row[1] for row in rows}
        past |= {f"event:{i}" for i in events if i not in found or found[i] < today}
    if seasons:
        rows = session.execute(select(Season.id, Season.ends_on).where(Season.id.in_(seasons)))
        found = {row[0]: row[1] for row in rows}
        past |= {f"season:{i}" for i in seasons if i not in found or found[i] < today}
    if not past:
        return 0
    result = session.execute(delete(ShoppingTick).where(ShoppingTick.scope_key.in_(sorted(past))))
    return int(getattr(result, "rowcount", 0) or 0)


@dataclass(frozen=True)
class BoughtLine:
    """One ticked line as bought: the product, how many packages and what they cost, and
    an optional best-before. Defaults come from the list."""

    ingredient_id: int
    product_id: int | str | None = None
    packages: Decimal | int | str | None = None
    total_price: Decimal | str | None = None
    best_before: date | str | None = None


@dataclass(frozen=True)
class Bought:
    """What recording the ticked lines did: one purchase per line, and the list after."""

    scope_key: str
    purchases: tuple[Purchase, ...]


def record_bought(
    session: Session,
    key: str,
    lines: Sequence[BoughtLine] | None = None,
    *,
    purchased_on: date | str | None = None,
    store: str | None = None,
    today: date | None = None,
) -> Bought:
    """Turn the ticked lines of the list ``key`` into purchases, all in the caller's
    transaction, and clear their ticks (docs/product.md §6.17).

    ``lines`` (default: every ticked line as the list proposes it) may change a line's
    product, packages and price and add a best-before. Only ticked lines are recorded, so
    a second submit finds nothing ticked and records nothing. Raises
    :class:`InvalidInput` naming the line (nothing ticked, a line not ticked, a price
    unknown, a product of another ingredient) and :class:`NotFound`; then nothing is
    recorded.
    """
    key = scope_key_input(key)
    day = today or date.today()
    bought_on = optional_date_input(purchased_on, field="purchased_on") or day
    where = optional_text(store, field="store", max_length=TextLimit.SHORT)
    shopping = list_for_key(session, key, today=day)
    view = view_of(session, shopping)
    if not view.ticks:
        raise InvalidInput("nothing is ticked on this list: tick what you bought", field="lines")
    proposed = {line.ingredient_id: line for line in shopping.lines}
    wanted = list(lines) if lines is not None else [BoughtLine(i) for i in view.ticks]
    if not wanted:
        raise InvalidInput("say what you bought: no line is given", field="lines")
    seen: set[int] = set()
    # Every line is checked before any is recorded: all or nothing, whatever the caller.
    checked: list[dict[str, Any]] = []
    for index, bought in enumerate(wanted):
        field = f"lines.{index}"
        line = proposed.get(bought.ingredient_id)
        name = line.ingredient if line is not None else f"ingredient {bought.ingredient_id}"
        if line is None or bought.ingredient_id not in view.ticks:
            raise InvalidInput(f"{name} is not ticked on this list", field=field)
        if bought.ingredient_id in seen:
            raise InvalidInput(f"{name} is given twice", field=field)
        seen.add(bought.ingredient_id)
        checked.append(_checked_line(session, line, bought, field))
    purchases = [
        record_purchase(session, purchased_on=bought_on, supplier=where, **values)
        for values in checked
    ]
    session.execute(
        delete(ShoppingTick).where(
            ShoppingTick.scope_key == key, ShoppingTick.ingredient_id.in_(sorted(seen))
        )
    )
    session.flush()
    return Bought(key, tuple(purchases))


def _checked_line(
    session: Session, line: ShoppingLine, bought: BoughtLine, field: str
) -> dict[str, Any]:
    """The purchase one line makes, checked; :class:`InvalidInput` names the line."""
    product_key = bought.product_id if bought.product_id is not None else line.product_id
    if product_key is None:
        raise InvalidInput(
            f"{line.ingredient}: choose the product bought", field=f"{field}.product"
        )
    try:
        product = get_product(session, product_key)
        if product.ingredient_id != line.ingredient_id:
            raise InvalidInput(
                f"{product.label} is not a product of {line.ingredient}", field="product"
            )
        packages = bought.packages
        if packages is None or (isinstance(packages, str) and not packages.strip()):
            packages = line.packages_to_buy if product.id == line.product_id else None
        count = None if packages is None else decimal_input(packages, field="packages")
        if count is None or count <= ZERO:
            raise InvalidInput("say how many packages were bought", field="packages")
        price = bought.total_price
        if price is None or (isinstance(price, str) and not price.strip()):
            same = product.id == line.product_id and line.package_price is not None
            if not same:
                raise InvalidInput("no price is known: give what was paid", field="total_price")
            price = quantize_money(line.package_price * count)  # type: ignore[operator]
        return {
            "product_id": product.id,
            "packages": count,
            "total_price": money_input(price, field="total_price"),
            "best_before": optional_date_input(bought.best_before, field="best_before"),
        }
    except BakehouseError as error:
        if isinstance(error, InvalidInput | NotFound):
            inner = getattr(error, "field", None) or "line"
            raise InvalidInput(f"{line.ingredient}: {error}", field=f"{field}.{inner}") from error
        raise


def list_aisles(session: Session) -> list[str]:
    """The categories in the order the shop has them (one statement)."""
    return list(session.scalars(select(Aisle.category).order_by(Aisle.position)))


def set_aisles(session: Session, categories: Sequence[str]) -> list[str]:
    """Set the order of the aisles: the categories named come first, in this order; the
    rest follow by name. Raises :class:`InvalidInput` (field ``aisles``)."""
    try:
        order = aisle_order(categories)
    except ValueError as error:
        raise InvalidInput(str(error), field="aisles") from None
    for name in order:
        if len(name) > TextLimit.CATEGORY:
            raise InvalidInput(f"{name[:20]}…: a category name is too long", field="aisles")
    session.execute(delete(Aisle))
    session.add_all(Aisle(category=name, position=i) for i, name in enumerate(order))
    session.flush()
    return order
