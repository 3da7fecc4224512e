"""Which prices an event's plan is priced at (docs/product.md §6.2, §6.20).

- A **locked** event uses the unit prices frozen when it was locked (an ingredient the
  plan gained since is priced as an unlocked event's would be).
- An event that is not locked and whose date has **passed** is priced as of its date:
  purchases received up to that day. Nothing is written to make that true; a purchase
  made later never moves its planned cost or variance.
- Any other event uses today's prices.

Every event also carries today's prices, so a locked or past plan can be shown re-priced
beside. :func:`load_event_prices` reads all of it for any number of events in one
statement.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from sqlalchemy import (
    Date,
    Integer,
    String,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy import union_all as sql_union_all
from sqlalchemy.orm import Session

from bakehouse.domain.costing import UnitPrice
from bakehouse.domain.kinds import PRICE_ORIGINS
from bakehouse.models import Event, EventPriceLock, Ingredient, Lot
from bakehouse.services.catalog.prices import latest_lot_statement, latest_unit_prices

__all__ = ["EventPrices", "PriceBasis", "PriceBook", "load_event_prices"]


class PriceBasis(StrEnum):
    """Where an event's planning prices come from."""

    CURRENT = "current"
    AS_OF_DATE = "as_of_date"
    LOCKED = "locked"


@dataclass(frozen=True)
class EventPrices:
    """The prices an event is planned at, and today's (for the re-priced plan)."""

    basis: PriceBasis
    prices: Mapping[int, UnitPrice]
    current: Mapping[int, UnitPrice]
    #: The event's date when its prices are as of it (past and not locked).
    as_of: date | None = None
    #: Ingredients whose unit price was frozen by the lock.
    locked_ingredients: frozenset[int] = field(default_factory=frozenset)


@dataclass
class PriceBook:
    """Every event's prices as read by :func:`load_event_prices` (no more statements)."""

    current: dict[int, UnitPrice]
    #: Per past or locked event: (past, locked, event date, whether its day's prices are
    #: today's: nothing priced was received after it).
    marked: dict[int, tuple[bool, bool, date, bool]]
    as_of: dict[int, dict[int, UnitPrice]]
    frozen: dict[int, dict[int, UnitPrice]]

    def of(self, event_id: int) -> EventPrices:
        """The event's prices: today's for an event neither past nor locked."""
        mark = self.marked.get(event_id)
        if mark is None:
            return EventPrices(PriceBasis.CURRENT, self.current, self.current)
        past, locked, on, same = mark
        fallback = self.as_of.get(event_id, {}) if past and not same else self.current
        if locked:
            frozen = self.frozen.get(event_id, {})
            return EventPrices(
                PriceBasis.LOCKED, {**fallback, **frozen}, self.current, None, frozenset(frozen)
            )
        return EventPrices(PriceBasis.AS_OF_DATE, fallback, self.current, on)


def load_event_prices(
    session: Session,
    event_ids: Collection[int] | None = None,
    *,
    today: date | None = None,
    only_today: bool = False,
) -> PriceBook:
    """Today's prices (:func:`latest_unit_prices`: purchases and list prices, §6.2), and
    the prices of each past or locked event among ``event_ids`` (every event when
    ``None``): two statements, whatever the number of events; one when the caller knows
    its events are upcoming and not locked (``only_today``).

    Past means dated before ``today`` (default: the date today).
    """
    day = today or date.today()
    book = PriceBook(latest_unit_prices(session), {}, defaultdict(dict), defaultdict(dict))
    if only_today:
        return book
    params: dict[str, Any] = {"today": day}
    if event_ids is not None:
        params["ids"] = sorted(event_ids) or [0]
    for tag, event_id, ingredient_id, cost, quantity, on in session.execute(
        _statement(chosen=event_ids is not None), params
    ):
        if tag == "as_of":
            book.as_of[event_id][ingredient_id] = UnitPrice(cost=cost, quantity=quantity)
        elif tag == "locked":
            book.frozen[event_id][ingredient_id] = UnitPrice(cost=cost, quantity=quantity)
        else:  # the event's mark: past or locked, and whether its day's prices are today's
            book.marked[event_id] = (
                tag != "locked_future",
                tag.startswith("locked"),
                on,
                tag.endswith("_today"),
            )
    return book


@cache
def _statement(*, chosen: bool) -> Any:
    """Today's prices, the marks of past and locked events, past events' prices as of
    their dates and locked events' frozen prices: one tagged UNION ALL."""
    tag = String(20)
    no_date = cast(null(), Date)
    today = bindparam("today", type_=Date)

    def of_events(column: Any) -> Any:
        return column.in_(bindparam("ids", expanding=True)) if chosen else true()

    # Once nothing priced was received after an event's day, its day's prices are today's:
    # such events share today's prices (and the dashboard's one calculator at them).
    last_day = (
        select(func.max(Lot.received_on))
        .where(Lot.origin.in_(PRICE_ORIGINS), Lot.priced.is_(True))
        .scalar_subquery()
    )
    unlocked = Event.locked_at.is_(None)
    marks = select(
        case(
            (
                and_(Event.event_date >= today, Event.locked_at.is_not(None)),
                literal("locked_future", tag),
            ),
            (and_(unlocked, Event.event_date >= last_day), literal("past_today", tag)),
            (unlocked, literal("past", tag)),
            (Event.event_date >= last_day, literal("locked_past_today", tag)),
            else_=literal("locked_past", tag),
        ),
        Event.id,
        cast(null(), Integer),
        cast(null(), Lot.cost.type),
        cast(null(), Lot.initial_quantity.type),
        Event.event_date,
    ).where(or_(Event.event_date < today, Event.locked_at.is_not(None)), of_events(Event.id))
    as_of_part = (
        select(
            literal("as_of", tag),
            Event.id,
            Ingredient.id,
            Lot.cost,
            Lot.initial_quantity,
            no_date,
        )
        .select_from(Event)
        .join(Ingredient, true())
        .join(Lot, Lot.id == latest_lot_statement(bound=Event.event_date))
        .where(Event.event_date < today, Event.event_date < last_day, of_events(Event.id))
    )
    locked_part = (
        select(
            literal("locked", tag),
            EventPriceLock.event_id,
            EventPriceLock.ingredient_id,
            EventPriceLock.cost,
            EventPriceLock.quantity,
            no_date,
        )
        .join(Event, Event.id == EventPriceLock.event_id)
        .where(Event.locked_at.is_not(None), of_events(Event.id))
    )
    return sql_union_all(marks, as_of_part, locked_part)
