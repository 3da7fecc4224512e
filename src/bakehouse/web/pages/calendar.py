"""The bake calendar's pages (docs/product.md §6.10): the week, today's list with a button
to record each bake, the baker's sheet of a day to print, the .ics file, changed days and
the subscribable feeds."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from bakehouse.errors import NotFound
from bakehouse.services.events.events import list_events
from bakehouse.services.packaging.packages import list_packages
from bakehouse.services.production import calendar_days, calendar_feeds, calendar_inputs
from bakehouse.services.production.calendar import get_calendar, read_day, read_range
from bakehouse.services.production.calendar_ics import calendar_ics
from bakehouse.services.production.calendar_views import bakers_sheet, calendar_view
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.auth import principal_of
from bakehouse.web.deps import DB, render
from bakehouse.web.forms import FormData, submit_form
from bakehouse.web.pages.form_fields import EmptyForm, FormModel, Text, flash_for

router = APIRouter(include_in_schema=False)
WEEK = "pages/calendar.html"
TODAY = "pages/calendar_today.html"
INPUTS = "pages/calendar_inputs.html"
SHEET = "pages/calendar_sheet.html"
#: How far ahead the .ics download and the feed reach.
ICS_DAYS = 120


class DayForm(FormModel):
    day: date
    minutes: Text = ""
    off: bool = False


class FeedForm(FormModel):
    name: Text


class TimingForm(FormModel):
    hands_on_minutes: Text = ""
    max_batches_per_session: Text = ""
    freezable: bool = False
    frozen_shelf_life_days: Text = ""
    thaw_hours: Text = ""


class AssemblyForm(FormModel):
    assembly_minutes: Text = ""


class DeliveryForm(FormModel):
    delivery_date: Text = ""


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _week_context(session: Session, start: str | None, today: date) -> dict[str, Any]:
    first = _monday(read_day(start, "from", today))
    view = calendar_view(get_calendar(session, today=today), first, first + timedelta(days=6))
    return {
        "section": "calendar",
        "view": view,
        "previous": first - timedelta(days=7),
        "next": first + timedelta(days=7),
        "this_week": _monday(today),
        "changed_days": calendar_days.list_calendar_days(session, first=today),
        "feeds": calendar_feeds.list_feeds(session),
        "new_feed": None,
    }


@router.get("/calendar")
def week_page(
    request: Request, db: DB, start: str | None = None, done: str | None = None
) -> Response:
    """The week (Monday to Sunday) holding ``start`` (default: this week)."""
    with db.transaction() as session:
        context = _week_context(session, start, date.today())
        return render(
            request, WEEK, context | {"flash": flash_for(done), "errors": {}, "values": {}}
        )


@router.get("/calendar/today")
def today_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Today's tasks, each bake with a button that records it."""
    with db.transaction() as session:
        calendar = get_calendar(session, today=date.today())
        view = calendar_view(calendar, calendar.today, calendar.today)
        context = {"section": "calendar", "day": view.days[0], "notices": view.notices,
                   "flash": flash_for(done)}  # fmt: skip
        return render(request, TODAY, context)


@router.get("/calendar/sheet/{day}")
def sheet_page(request: Request, db: DB, day: str) -> Response:
    """The baker's sheet of one day, to print: recipes, batches, ingredient totals."""
    on = read_day(day, "day", date.today())
    with db.transaction() as session:
        sheet = bakers_sheet(get_calendar(session, today=date.today()), on)
        return render(request, SHEET, {"section": "calendar", "sheet": sheet})


@router.get("/calendar.ics")
def ics_download(db: DB, start: str | None = None, end: str | None = None) -> Response:
    """The calendar as an iCalendar file (default: today and the next 120 days)."""
    today = date.today()
    first, last = read_range(start, end or (today + timedelta(days=ICS_DAYS)).isoformat(),
                             today=today)  # fmt: skip
    with db.transaction() as session:
        view = calendar_view(get_calendar(session, today=today), first, last)
    return _ics_response(calendar_ics(view), attachment=True)


@router.get("/calendar/feed/{token}.ics")
def feed(db: DB, token: str) -> Response:
    """A subscribed calendar app's read, by secret address (no sign-in; see
    docs/multi-user.md). An unknown or revoked address is 404."""
    today = date.today()
    with db.transaction() as session:
        if not calendar_feeds.feed_is_live(session, token):
            raise NotFound("calendar feed", "this address")
        view = calendar_view(
            get_calendar(session, today=today), today, today + timedelta(days=ICS_DAYS)
        )
    return _ics_response(calendar_ics(view), attachment=False)


def _ics_response(body: bytes, *, attachment: bool) -> Response:
    headers = {"Cache-Control": "no-store"}
    if attachment:
        headers["Content-Disposition"] = 'attachment; filename="bake-calendar.ics"'
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


def _redraw_context(session: Session) -> dict[str, Any]:
    return _week_context(session, None, date.today())


@router.post("/calendar/days")
def change_day(request: Request, db: DB, form: FormData) -> Response:
    """One day's hours changed, or the day taken off."""

    def action(session: Session, data: DayForm) -> str:
        calendar_days.set_calendar_day(
            session, data.day, minutes=data.minutes, unavailable=data.off
        )
        return f"/calendar?start={data.day.isoformat()}&done=saved"

    return submit_form(request, db, form, DayForm, action, WEEK, _redraw_context)


@router.post("/calendar/days/{day}/clear")
def clear_day(request: Request, db: DB, day: str, form: FormData) -> Response:
    on = read_day(day, "day", date.today())

    def action(session: Session, _: EmptyForm) -> str:
        calendar_days.clear_calendar_day(session, on)
        return f"/calendar?start={on.isoformat()}&done=saved"

    return submit_form(request, db, form, EmptyForm, action, WEEK, _redraw_context)


@router.post("/calendar/feeds")
def create_feed(request: Request, db: DB, form: FormData) -> Response:
    """A new feed address, shown on the page this once (no redirect: it is never stored)."""

    def action(session: Session, data: FeedForm) -> Response:
        who = principal_of(request)
        made = calendar_feeds.create_feed(
            session, data.name, created_by=who.username if who else ""
        )
        address = str(request.base_url).rstrip("/") + f"/calendar/feed/{made.token}.ics"
        context = _week_context(session, None, date.today())
        shown: dict[str, Any] = {"new_feed": address, "errors": {}, "values": {}, "flash": None}
        return render(request, WEEK, context | shown)

    return submit_form(request, db, form, FeedForm, action, WEEK, _redraw_context)


@router.post("/calendar/feeds/{feed_id}/revoke")
def revoke_feed(request: Request, db: DB, feed_id: PathId, form: FormData) -> Response:
    def action(session: Session, _: EmptyForm) -> str:
        calendar_feeds.revoke_feed(session, feed_id)
        return "/calendar?done=saved#feeds"

    return submit_form(request, db, form, EmptyForm, action, WEEK, _redraw_context)


def _inputs_context(session: Session) -> dict[str, Any]:
    today = date.today()
    calendar = get_calendar(session, today=today)
    needed = {d.ref.event_id for d in calendar.inputs.deliveries}
    return {
        "section": "calendar",
        "recipes": calendar_inputs.list_recipe_timings(session),
        "packages": list_packages(session),
        "events": [e for e in list_events(session) if e.id in needed],
        "missing": calendar.missing,
    }


@router.get("/calendar/inputs")
def inputs_page(request: Request, db: DB, done: str | None = None) -> Response:
    """Everything the calendar plans from that a baker sets: per recipe, per package, per
    event."""
    with db.transaction() as session:
        context = _inputs_context(session) | {"flash": flash_for(done)}
        return render(request, INPUTS, context | {"errors": {}, "values": {}})


@router.post("/calendar/recipes/{recipe_id}")
def set_recipe_timing(request: Request, db: DB, recipe_id: PathId, form: FormData) -> Response:
    def action(session: Session, data: TimingForm) -> str:
        calendar_inputs.set_recipe_timing(session, recipe_id, **data.model_dump())
        return f"/calendar/inputs?done=saved#recipe-{recipe_id}"

    return submit_form(request, db, form, TimingForm, action, INPUTS, _inputs_context)


@router.post("/calendar/packages/{package_id}")
def set_package_assembly(request: Request, db: DB, package_id: PathId, form: FormData) -> Response:
    def action(session: Session, data: AssemblyForm) -> str:
        calendar_inputs.set_package_assembly(session, package_id, data.assembly_minutes)
        return f"/calendar/inputs?done=saved#package-{package_id}"

    return submit_form(request, db, form, AssemblyForm, action, INPUTS, _inputs_context)


@router.post("/calendar/events/{event_id}")
def set_event_delivery(request: Request, db: DB, event_id: PathId, form: FormData) -> Response:
    def action(session: Session, data: DeliveryForm) -> str:
        calendar_inputs.set_event_delivery(session, event_id, data.delivery_date)
        return f"/calendar/inputs?done=saved#event-{event_id}"

    return submit_form(request, db, form, DeliveryForm, action, INPUTS, _inputs_context)
