"""JSON API for planning: what an event needs baked and bought, and the shopping list."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from bakehouse.domain.inputs import MAX_ID
from bakehouse.schemas.planning import EventNeedsRead, ShoppingListRead
from bakehouse.services.events import planning
from bakehouse.services.events.seasons import resolve_shopping_scope
from bakehouse.web.api.schemas_fields import PathId, SeasonChoice
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
    db: DB, event: EventFilter = None, upcoming: Upcoming = False, season: SeasonChoice = None
) -> ShoppingListRead:
    """What to buy for one event (``?event=``), a season's upcoming events (``?season=``)
    or all upcoming ones (``?upcoming=true``); by default the current season's upcoming
    events, else the next ``shopping_horizon_weeks`` weeks (docs/product.md §6.15). Needs
    minus stock, in whole packages, with the estimated bill and the leftover."""
    with db.transaction() as session:
        scope = None if season is None else resolve_shopping_scope(session, season)
        found = planning.get_shopping_list(session, event, upcoming=upcoming, scope=scope)
        return ShoppingListRead.model_validate(found)
