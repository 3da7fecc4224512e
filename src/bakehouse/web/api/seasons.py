"""JSON API for seasons, budgets and settings (docs/product.md §6.15). Changes are for
owners (``domain/permissions.py``)."""

from __future__ import annotations

from fastapi import APIRouter

from bakehouse.schemas.events import EventRead
from bakehouse.schemas.seasons import SeasonRead, SettingRead
from bakehouse.services.core import settings
from bakehouse.services.events import seasons
from bakehouse.web.api.schemas_fields import Deleted, PathId
from bakehouse.web.api.schemas_seasons import BudgetSet, SeasonCreate, SeasonUpdate, SettingSet
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["seasons"], route_class=StrictJsonRoute)


@router.get("/seasons", response_model=list[SeasonRead])
def list_seasons(db: DB) -> list[SeasonRead]:
    """Every season, earliest first."""
    with db.transaction() as session:
        return [SeasonRead.model_validate(s) for s in seasons.list_seasons(session)]


@router.post("/seasons", response_model=SeasonRead, status_code=201)
def create_season(body: SeasonCreate, db: DB) -> SeasonRead:
    """Add a season; 409 ``seasons_overlap`` naming the season it would share days with."""
    with db.transaction() as session:
        return SeasonRead.model_validate(seasons.create_season(session, **body.model_dump()))


@router.get("/seasons/{season_id}", response_model=SeasonRead)
def get_season(season_id: PathId, db: DB) -> SeasonRead:
    with db.transaction() as session:
        return SeasonRead.model_validate(seasons.get_season(session, season_id))


@router.patch("/seasons/{season_id}", response_model=SeasonRead)
def update_season(season_id: PathId, body: SeasonUpdate, db: DB) -> SeasonRead:
    """Change the fields sent; ``"budget": null`` removes the budget."""
    with db.transaction() as session:
        changes = body.model_dump(exclude_unset=True)
        return SeasonRead.model_validate(seasons.update_season(session, season_id, **changes))


@router.delete("/seasons/{season_id}", response_model=Deleted)
def delete_season(season_id: PathId, db: DB) -> Deleted:
    """Remove a season; its events stay, under "no season"."""
    with db.transaction() as session:
        seasons.delete_season(session, season_id)
    return Deleted(kind="season", id=season_id)


@router.put("/events/{event_id}/budget", response_model=EventRead)
def set_event_budget(event_id: PathId, body: BudgetSet, db: DB) -> EventRead:
    """Set an event's budget (``null`` removes it)."""
    with db.transaction() as session:
        return EventRead.model_validate(seasons.set_event_budget(session, event_id, body.budget))


@router.get("/settings", response_model=list[SettingRead])
def list_settings(db: DB) -> list[SettingRead]:
    """Every setting, its value and where the value comes from."""
    with db.transaction() as session:
        return [SettingRead.model_validate(s) for s in settings.list_settings(session)]


@router.put("/settings/{key}", response_model=SettingRead)
def set_setting(key: str, body: SettingSet, db: DB) -> SettingRead:
    """Store a setting's value; 409 while an environment variable overrides it."""
    with db.transaction() as session:
        return SettingRead.model_validate(settings.set_setting(session, key, body.value))


@router.delete("/settings/{key}", response_model=SettingRead)
def reset_setting(key: str, db: DB) -> SettingRead:
    """Forget a setting's stored value: it reads its default again."""
    with db.transaction() as session:
        return SettingRead.model_validate(settings.reset_setting(session, key))
