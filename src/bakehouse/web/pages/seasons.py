"""Seasons and settings pages (docs/product.md §6.15): owners change them, everyone reads."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import BeforeValidator
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import MONEY, read_typed_number
from bakehouse.domain.locale import current, time_zone_names
from bakehouse.services.core import settings
from bakehouse.services.events import seasons
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.formatting import day
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.pages.form_fields import EmptyForm, FormModel, Text, flash_for

router = APIRouter(include_in_schema=False)
SEASONS = "pages/seasons.html"
SETTINGS = "pages/settings.html"


def _money_or_none(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return read_typed_number(value, MONEY, current().number_locale, current().currency)


OptionalMoney = Annotated[Decimal | None, BeforeValidator(_money_or_none)]


class SeasonForm(FormModel):
    name: Text
    starts_on: date
    ends_on: date
    budget: OptionalMoney = None
    notes: Text = ""


class SettingForm(FormModel):
    value: Text


class EventBudgetForm(FormModel):
    budget: OptionalMoney = None


def _seasons_context(session: Session) -> dict[str, Any]:
    return {"section": "seasons", "seasons": seasons.list_seasons(session)}


def _settings_context(session: Session) -> dict[str, Any]:
    return {
        "section": "settings",
        "settings": settings.list_settings(session),
        "time_zones": time_zone_names(),
        "shown_now": day(datetime.now(UTC)),
    }


@router.get("/seasons")
def seasons_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Every season with its dates and budget, and a form to add one."""
    with db.transaction() as session:
        context = _seasons_context(session) | {"flash": flash_for(done)}
        return render(request, SEASONS, context | {"errors": {}, "values": {}})


@router.post("/seasons")
def create_season(request: Request, db: DB, form: FormData) -> Response:
    def action(session: Session, data: SeasonForm) -> str:
        seasons.create_season(session, **data.model_dump())
        return "/seasons?done=created"

    return submit_form(request, db, form, SeasonForm, action, SEASONS, _seasons_context)


@router.post("/seasons/{season_id}")
def update_season(request: Request, season_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, data: SeasonForm) -> str:
        seasons.update_season(session, season_id, **data.model_dump())
        return "/seasons?done=saved"

    return submit_form(request, db, form, SeasonForm, action, SEASONS, _seasons_context)


@router.post("/seasons/{season_id}/delete")
def delete_season(request: Request, season_id: PathId, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        seasons.delete_season(session, season_id)
        return "/seasons?done=deleted"

    return submit_form(request, db, form, EmptyForm, action, SEASONS, _seasons_context)


@router.post("/events/{event_id}/budget")
def set_event_budget(request: Request, event_id: PathId, db: DB, form: FormData) -> Response:
    """An event's budget from its costs page (empty: no budget)."""

    def action(session: Session, data: EventBudgetForm) -> str:
        seasons.set_event_budget(session, event_id, data.budget)
        return f"/events/{event_id}#costs"

    def context(session: Session) -> dict[str, Any]:
        return _seasons_context(session)

    return submit_form(request, db, form, EventBudgetForm, action, SEASONS, context)


@router.get("/settings")
def settings_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Every setting, its value, and where the value comes from."""
    with db.transaction() as session:
        context = _settings_context(session) | {"flash": flash_for(done)}
        return render(request, SETTINGS, context | {"errors": {}, "values": {}})


@router.post("/settings/{key}")
def set_setting(request: Request, key: str, db: DB, form: FormData) -> Response:
    def action(session: Session, data: SettingForm) -> str:
        settings.set_setting(session, key, data.value)
        return "/settings?done=saved"

    def context(session: Session) -> dict[str, Any]:
        return _settings_context(session) | {"form_key": key}

    return submit_form(request, db, form, SettingForm, action, SETTINGS, context)


@router.post("/settings/{key}/reset")
def reset_setting(request: Request, key: str, db: DB, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        settings.reset_setting(session, key)
        return "/settings?done=saved"

    def context(session: Session) -> dict[str, Any]:
        return _settings_context(session) | {"form_key": key}

    return submit_form(request, db, form, EmptyForm, action, SETTINGS, context)
