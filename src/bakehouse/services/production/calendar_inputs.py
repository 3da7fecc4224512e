"""What the bake calendar plans from, set by the baker (docs/product.md §6.10): a recipe's
hands-on minutes per batch, its most batches in one session and how what it makes
freezes; a package's minutes to assemble; the delivery day of an event or of one
assignment. Shelf life is the recipe's own (set with its yield, §6.12).

Every setter checks every value before changing anything and names the field it refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import (
    MAX_DAY_MINUTES,
    MAX_SESSION_BATCHES,
    MAX_SHELF_LIFE_DAYS,
    MAX_THAW_HOURS,
)
from bakehouse.errors import InvalidInput
from bakehouse.models import Assignment, Event, Package, Recipe
from bakehouse.services.core.checks import count_input, optional_positive_quantity
from bakehouse.services.core.naming import get_by_id
from bakehouse.services.production.calendar import read_day

MOST_MINUTES = MAX_DAY_MINUTES
MOST_SESSION_BATCHES = MAX_SESSION_BATCHES
MOST_FROZEN_DAYS = MAX_SHELF_LIFE_DAYS
MOST_THAW_HOURS = MAX_THAW_HOURS


@dataclass(frozen=True)
class RecipeTiming:
    """A recipe's calendar inputs as they are stored (None: not given)."""

    recipe_id: int
    recipe: str
    hands_on_minutes: int | None
    max_batches_per_session: int | None
    shelf_life_days: int | None
    freezable: bool
    frozen_shelf_life_days: int | None
    thaw_hours: Decimal | None


def _whole(value: object, field: str, *, minimum: int, maximum: int) -> int | None:
    """A whole number, or None for an empty value (not given)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise InvalidInput(
                f"{field} must be a whole number from {minimum} to {maximum}, not {value!r}",
                field=field,
            )
        value = int(text)
    return count_input(value, field=field, minimum=minimum, maximum=maximum)


def set_recipe_timing(
    session: Session,
    recipe_id: int,
    *,
    hands_on_minutes: object = None,
    max_batches_per_session: object = None,
    freezable: bool = False,
    frozen_shelf_life_days: object = None,
    thaw_hours: object = None,
) -> Recipe:
    """Set a recipe's calendar inputs (empty: not given). :class:`NotFound` for an unknown
    recipe; :class:`InvalidInput` naming the field for a value out of range, or a frozen
    shelf life or thaw time for a recipe that does not freeze."""
    recipe = get_by_id(session, Recipe, "recipe", recipe_id)
    minutes = _whole(hands_on_minutes, "hands_on_minutes", minimum=0, maximum=MOST_MINUTES)
    session_batches = _whole(
        max_batches_per_session, "max_batches_per_session", minimum=1,
        maximum=MOST_SESSION_BATCHES,
    )  # fmt: skip
    frozen_days = _whole(
        frozen_shelf_life_days, "frozen_shelf_life_days", minimum=1, maximum=MOST_FROZEN_DAYS
    )
    thaw = optional_positive_quantity(thaw_hours, field="thaw_hours")
    if thaw is not None and thaw > MOST_THAW_HOURS:
        raise InvalidInput(f"thaw_hours must be at most {MOST_THAW_HOURS}", field="thaw_hours")
    if not freezable and (frozen_days is not None or thaw is not None):
        field = "frozen_shelf_life_days" if frozen_days is not None else "thaw_hours"
        raise InvalidInput(
            f"{recipe.name} is not marked freezable: tick it, or leave {field} empty",
            field=field,
        )
    recipe.hands_on_minutes = minutes
    recipe.max_batches_per_session = session_batches
    recipe.freezable = freezable
    recipe.frozen_shelf_life_days = frozen_days
    recipe.thaw_hours = thaw
    session.flush()
    return recipe


def list_recipe_timings(session: Session) -> list[RecipeTiming]:
    """Every recipe's calendar inputs, by name: one statement."""
    rows = session.execute(
        select(Recipe.id, Recipe.name, Recipe.hands_on_minutes, Recipe.max_batches_per_session,
               Recipe.shelf_life_days, Recipe.freezable, Recipe.frozen_shelf_life_days,
               Recipe.thaw_hours)
        .order_by(Recipe.name, Recipe.id)
    ).all()  # fmt: skip
    return [RecipeTiming(*row) for row in rows]


def set_package_assembly(session: Session, package_id: int, minutes: object) -> Package:
    """Minutes to assemble one of a package (empty: not given)."""
    package = get_by_id(session, Package, "package", package_id)
    package.assembly_minutes = _whole(minutes, "assembly_minutes", minimum=0, maximum=MOST_MINUTES)
    session.flush()
    return package


def _delivery_day(value: object) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return read_day(value, "delivery_date", date.min)


def set_event_delivery(session: Session, event_id: int, delivery_date: object) -> Event:
    """The day an event's gifts are delivered (empty: on the event's day)."""
    event = get_by_id(session, Event, "event", event_id)
    event.delivery_date = _delivery_day(delivery_date)
    session.flush()
    return event


def set_assignment_delivery(
    session: Session, assignment_id: int, delivery_date: object
) -> Assignment:
    """A delivery day of one assignment's own (empty: the event's)."""
    assignment = get_by_id(session, Assignment, "assignment", assignment_id)
    assignment.delivery_date = _delivery_day(delivery_date)
    session.flush()
    return assignment
