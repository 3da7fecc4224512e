"""Printable pages: the shopping list (one event or all upcoming) and an event's packing
and delivery list."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import Annotated, Any, TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from pydantic import field_validator, model_validator
from sqlalchemy.orm import Session

from bakehouse.domain.allergens import allergen_label
from bakehouse.domain.inputs import MAX_ID, TextLimit
from bakehouse.errors import BakehouseError
from bakehouse.services.events import events
from bakehouse.services.events.contents import resolved_contents
from bakehouse.services.events.seasons import list_seasons
from bakehouse.services.packaging import costing as package_costing
from bakehouse.services.pantry import shopping as shopping_service
from bakehouse.services.pantry.shopping import BoughtLine
from bakehouse.web.acting import acting, actor_name
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import GENERAL, FormData, Redraw, errors_from, parse_form, run_form
from bakehouse.web.pages.form_fields import Chosen, FormModel, Text, flash_for

router = APIRouter(include_in_schema=False)
SHOPPING = "pages/shopping_list.html"
PACKING = "pages/packing_list.html"

EventChoice = Annotated[int | None, Query(ge=1, le=MAX_ID)]
ListFormT = TypeVar("ListFormT", bound="ListForm")


def _shopping_context(
    session: Session, event_id: int | None, season: str | None = None
) -> dict[str, Any]:
    chosen = season is not None and event_id is None
    view = shopping_service.get_shopping_view(
        session, event_id, scope_choice=season if chosen else None
    )
    shopping = view.shopping
    to_buy = [line for line in shopping.lines if line.shortfall > 0]
    covered = [line for line in shopping.lines if line.shortfall <= 0]
    return {
        "section": "shopping", "shopping": shopping, "to_buy": to_buy, "covered": covered,
        "events": events.list_events(session), "event_id": event_id,
        "seasons": list_seasons(session), "season": season, "view": view,
        "ticks": view.ticks, "aisles": view.aisles, "today": date.today(),
        "values": {}, "errors": {},
    }  # fmt: skip


def _back(event_id: int | None, season: str | None, done: str = "") -> str:
    """The list's own address, to go back to after a form."""
    query = {"event": event_id, "season": season, "done": done}
    return "/shopping-list?" + urlencode({k: v for k, v in query.items() if v})


class ListForm(FormModel):
    """Which list a form acts on: its tick key, and the page's own choice to go back to."""

    scope_key: Text
    event: Chosen | None = None
    season: Text = ""


class TicksForm(ListForm):
    """Without JavaScript: the boxes ticked among the lines shown."""

    shown: list[int] = []
    tick: list[int] = []

    @field_validator("shown", "tick", mode="before")
    @classmethod
    def _many(cls, value: Any) -> Any:
        return [] if value is None else [value] if isinstance(value, str) else value


class BoughtForm(ListForm):
    """Record what I bought: the ticked lines (``bought``) with their packages, price and
    best-before (``packages-<id>``, ``price-<id>``, ``best_before-<id>``)."""

    purchased_on: Text = ""
    store: Text = ""
    bought: list[int] = []
    rows: dict[str, str] = {}

    @field_validator("bought", mode="before")
    @classmethod
    def _many(cls, value: Any) -> Any:
        return [] if value is None else [value] if isinstance(value, str) else value

    @model_validator(mode="before")
    @classmethod
    def _rows(cls, form: Any) -> Any:
        if not isinstance(form, dict):
            return form
        rows = {
            key: str(value)
            for key, value in form.items()
            if key.split("-")[0] in ROW_FIELDS and value not in (None, "")
        }
        return {**form, "rows": rows}

    def lines(self) -> list[BoughtLine]:
        return [
            BoughtLine(
                i,
                packages=self.rows.get(f"packages-{i}"),
                total_price=self.rows.get(f"price-{i}"),
                best_before=self.rows.get(f"best_before-{i}"),
            )
            for i in self.bought
        ]


ROW_FIELDS = {"packages", "price", "best_before"}
_ROW_OF = {"packages": "packages", "total_price": "price", "best_before": "best_before"}


def _row_errors(data: BoughtForm) -> Callable[[BakehouseError], dict[str, str]]:
    """A line's problem next to its box: ``lines.2.total_price`` → ``price-<id>``."""

    def messages(error: BakehouseError) -> dict[str, str]:
        field = getattr(error, "field", None) or ""
        parts = field.split(".")
        if len(parts) >= 2 and parts[0] == "lines" and parts[1].isdigit():
            index = int(parts[1])
            if index < len(data.bought):
                box = _ROW_OF.get(parts[-1], "packages")
                return {f"{box}-{data.bought[index]}": error.message, GENERAL: error.message}
        return errors_from(error)

    return messages


def _packing_context(session: Session, event_id: int) -> dict[str, Any]:
    event = events.get_event(session, event_id)
    assignments = events.list_assignments(session, event.id)
    packages = {s.package_id: s for s in package_costing.list_package_summaries(session)}
    warnings = {
        (w.recipient_id, w.package_id): w for w in events.get_allergen_conflicts(session, event.id)
    }
    counts: Counter[str] = Counter()
    by_package: Counter[str] = Counter()
    for assignment in assignments:
        counts[assignment.status.value] += assignment.quantity
        by_package[assignment.package.name] += assignment.quantity
    used = sorted({a.package_id for a in assignments}, key=lambda i: packages[i].package.lower())
    # Assembled and delivered packages hold what they held then (docs/product.md §6.20):
    # where that differs from the package today, the list says so.
    held = resolved_contents(session, [a.id for a in assignments])
    today = {p.package_id: sorted((i.item_id, i.units) for i in p.items) for p in packages.values()}
    as_assembled = {
        a.id: ", ".join(f"{i.units} × {i.item}" for i in held[a.id].items) or "nothing"
        for a in assignments
        if held[a.id].frozen
        and sorted((i.item_id, i.units) for i in held[a.id].items) != today.get(a.package_id)
    }
    return {
        "section": "events", "event": event, "assignments": assignments,
        "packages": [packages[i] for i in used], "warnings": warnings, "counts": counts,
        "by_package": by_package, "allergen_label": allergen_label,
        "as_assembled": as_assembled,
    }  # fmt: skip


@router.get("/shopping-list")
def shopping_list_page(
    request: Request,
    db: DB,
    event: EventChoice = None,
    upcoming: bool = False,
    season: Annotated[str | None, Query(max_length=TextLimit.NAME)] = None,
    done: Annotated[str | None, Query(max_length=TextLimit.QUERY_WORD)] = None,
) -> Response:
    """What to buy for one event (``?event=``), a season's upcoming events (``?season=``,
    "upcoming" for all), else the default scope (docs/product.md §6.15)."""
    if upcoming:
        event, season = None, "upcoming"
    with db.transaction() as session:
        context = _shopping_context(session, event, season or None)
        return render(request, SHOPPING, context | {"flash": flash_for(done)})


@router.post("/shopping-list/ticks")
def save_ticks(request: Request, db: DB, form: FormData) -> Response:
    """The list's ticks without JavaScript: the boxes ticked among the lines shown."""

    def action(session: Session, data: TicksForm) -> str:
        who = actor_name(acting(request))
        for ingredient_id in data.shown:
            shopping_service.set_tick(
                session, data.scope_key, ingredient_id, ticked=ingredient_id in data.tick, by=who
            )
        return _back(data.event, data.season or None, "ticks")

    return _list_form(request, db, form, TicksForm, action)


@router.post("/shopping-list/purchases")
def record_bought(request: Request, db: DB, form: FormData) -> Response:
    """Record what I bought: the ticked lines become purchases, once (docs/product.md
    §6.17); the list is drawn again, recomputed."""
    data, errors = parse_form(BoughtForm, form)

    def action(session: Session, data: BoughtForm) -> str:
        shopping_service.record_bought(
            session, data.scope_key, data.lines(), purchased_on=data.purchased_on or None,
            store=data.store or None,
        )  # fmt: skip
        return _back(data.event, data.season or None, "bought")

    redraw = _redraw(form)
    if data is not None:
        redraw = replace(redraw, messages=_row_errors(data))
    return run_form(request, db, data, errors, action, redraw)


@router.post("/shopping-list/aisles")
def save_aisles(request: Request, db: DB, form: FormData) -> Response:
    """The aisles' order, typed as categories separated by commas."""

    def action(session: Session, data: AislesForm) -> str:
        shopping_service.set_aisles(session, data.aisles.split(","))
        return _back(data.event, data.season or None, "aisles")

    return _list_form(request, db, form, AislesForm, action)


class AislesForm(ListForm):
    aisles: Text = ""


def _redraw(form: dict[str, Any]) -> Redraw:
    event = form.get("event") or None
    event_id = int(event) if isinstance(event, str) and event.isdigit() else None
    season = form.get("season") or None

    def context(session: Session) -> dict[str, Any]:
        return _shopping_context(session, event_id, season if isinstance(season, str) else None)

    return Redraw(SHOPPING, context, {"values": dict(form)})


def _list_form(
    request: Request,
    db: DB,
    form: dict[str, Any],
    model: type[ListFormT],
    action: Callable[[Session, ListFormT], str],
) -> Response:
    data, errors = parse_form(model, form)
    return run_form(request, db, data, errors, action, _redraw(form))


@router.get("/events/{event_id}/packing")
def packing_list_page(request: Request, event_id: PathId, db: DB) -> Response:
    """Who gets what, where it goes, and where each package stands; made to print."""
    with db.transaction() as session:
        return render(request, PACKING, _packing_context(session, event_id))
