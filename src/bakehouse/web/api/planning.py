"""JSON API for planning: what an event needs baked and bought, and the shopping list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bakehouse.domain.inputs import MAX_ID
from bakehouse.schemas.planning import EventNeedsRead, ShoppingListRead
from bakehouse.services.events import planning
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["planning"], route_class=StrictJsonRoute)

EventFilter = Annotated[int | None, Query(ge=1, le=MAX_ID, description="one event's list")]
Upcoming = Annotated[bool, Query(description="every event from today on, at once")]


@router.get("/events/{event_id}/needs", response_model=EventNeedsRead)
def get_event_needs(event_id: PathId, db: DB) -> EventNeedsRead:
    """Units per item (bundles expanded), batches per recipe, ingredients in canonical units."""
    with db.transaction() as session:
        return EventNeedsRead.model_validate(planning.get_event_needs(session, event_id))


@router.get("/shopping-list", response_model=ShoppingListRead)
def get_shopping_list(
    db: DB, event: EventFilter = None, upcoming: Upcoming = False
) -> ShoppingListRead:
    """What to buy for one event (``?event=``) or all upcoming ones (``?upcoming=true``):
    needs minus stock, in whole packages, with the estimated bill and the leftover."""
    with db.transaction() as session:
        found = planning.get_shopping_list(session, event, upcoming=upcoming)
        return ShoppingListRead.model_validate(found)
