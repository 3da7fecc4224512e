"""Plan locks: an event's prices frozen, its quantities not (docs/product.md §6.20).

Locking keeps the unit price of every ingredient the plan needs (at the prices the
event is planned at: today's, or its date's once past) and each recipe's planned cost
then. From then on the plan is priced at those prices whatever is bought later; batches
still follow the plan as packages change. Unlocking needs a reason; both are recorded.
A status correction never touches a lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import TextLimit
from bakehouse.errors import Conflict, InvalidInput
from bakehouse.models import Event, EventLockChange, EventPriceLock, EventRecipeLock, Recipe
from bakehouse.models.types import utcnow
from bakehouse.services.core.checks import line_input
from bakehouse.services.core.naming import get_by_id
from bakehouse.services.events.planning import get_ingredient_needs
from bakehouse.services.events.pricing import load_event_prices
from bakehouse.services.production.progress import get_recipe_cost_breakdown

__all__ = [
    "LockChange",
    "LockedRecipe",
    "PlanLock",
    "get_plan_lock",
    "lock_event_plan",
    "unlock_event_plan",
]


@dataclass(frozen=True)
class LockedRecipe:
    recipe_id: int
    recipe: str
    batches: int
    planned_cost: Decimal
    unpriced: bool


@dataclass(frozen=True)
class LockChange:
    locked: bool
    reason: str
    changed_at: datetime


@dataclass(frozen=True)
class PlanLock:
    """An event's lock: when, each recipe as planned then, and every lock and unlock."""

    event_id: int
    locked_at: datetime | None
    recipes: tuple[LockedRecipe, ...]
    #: Ingredients whose unit price is frozen.
    ingredient_ids: tuple[int, ...]
    history: tuple[LockChange, ...]

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


def lock_event_plan(
    session: Session, event_id: int, *, note: str | None = None, today: date | None = None
) -> PlanLock:
    """Freeze the event's prices as they are planned now. Raises :class:`Conflict` when
    it is already locked, :class:`NotFound` for an unknown event."""
    event = _event_for_update(session, event_id)
    if event.locked_at is not None:
        raise Conflict(f"the plan of {event.name!r} is already locked")
    why = line_input(note, field="note", max_length=TextLimit.NOTE)
    prices = load_event_prices(session, [event.id], today=today).of(event.id).prices
    needed = [need.ingredient_id for need in get_ingredient_needs(session, event.id)]
    session.add_all(
        EventPriceLock(
            event_id=event.id,
            ingredient_id=ingredient_id,
            cost=prices[ingredient_id].cost,
            quantity=prices[ingredient_id].quantity,
        )
        for ingredient_id in needed
        if ingredient_id in prices
    )
    breakdown = get_recipe_cost_breakdown(session, event.id, today=today)
    session.add_all(
        EventRecipeLock(
            event_id=event.id,
            recipe_id=row.recipe_id,
            batches=row.batches_required,
            planned_cost=row.planned_cost,
            unpriced=row.unpriced,
        )
        for row in breakdown.rows
    )
    event.locked_at = utcnow()
    session.add(EventLockChange(event_id=event.id, locked=True, reason=why))
    session.flush()
    return get_plan_lock(session, event.id)


def unlock_event_plan(session: Session, event_id: int, reason: str) -> PlanLock:
    """Let the event's prices follow again; ``reason`` (why) is required and recorded.
    Raises :class:`InvalidInput` without a reason, :class:`Conflict` when not locked."""
    why = line_input(reason, field="reason", max_length=TextLimit.NOTE)
    if not why:
        raise InvalidInput("say why the plan is unlocked", field="reason")
    event = _event_for_update(session, event_id)
    if event.locked_at is None:
        raise Conflict(f"the plan of {event.name!r} is not locked")
    session.execute(delete(EventPriceLock).where(EventPriceLock.event_id == event.id))
    session.execute(delete(EventRecipeLock).where(EventRecipeLock.event_id == event.id))
    event.locked_at = None
    session.add(EventLockChange(event_id=event.id, locked=False, reason=why))
    session.flush()
    return get_plan_lock(session, event.id)


def get_plan_lock(session: Session, event_id: int) -> PlanLock:
    """The event's lock and its record, in four statements. Raises :class:`NotFound`."""
    event = get_by_id(session, Event, "event", event_id)
    recipes = session.execute(
        select(
            EventRecipeLock.recipe_id,
            Recipe.name,
            EventRecipeLock.batches,
            EventRecipeLock.planned_cost,
            EventRecipeLock.unpriced,
        )
        .join(Recipe, Recipe.id == EventRecipeLock.recipe_id)
        .where(EventRecipeLock.event_id == event.id)
        .order_by(Recipe.name, Recipe.id)
    ).all()
    ingredients = session.scalars(
        select(EventPriceLock.ingredient_id)
        .where(EventPriceLock.event_id == event.id)
        .order_by(EventPriceLock.ingredient_id)
    ).all()
    history = session.execute(
        select(EventLockChange.locked, EventLockChange.reason, EventLockChange.changed_at)
        .where(EventLockChange.event_id == event.id)
        .order_by(EventLockChange.id)
    ).all()
    return PlanLock(
        event.id,
        event.locked_at,
        tuple(LockedRecipe(*row) for row in recipes),
        tuple(ingredients),
        tuple(LockChange(*row) for row in history),
    )


def _event_for_update(session: Session, event_id: int) -> Event:
    get_by_id(session, Event, "event", event_id)
    return session.scalars(
        select(Event)
        .where(Event.id == event_id)
        .with_for_update(key_share=True)
        .execution_options(populate_existing=True)
    ).one()
