"""JSON API of the bake calendar (docs/product.md §6.10): the days, a day's baker's sheet,
the .ics file, changed days and feeds. Changing days and feeds is for owners
(``domain/permissions.py``)."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Query
from fastapi.responses import Response

from bakehouse.models import CalendarFeedToken
from bakehouse.schemas.calendar import (
    BakersSheetRead,
    CalendarDayChangeRead,
    CalendarRead,
    DeliveryDateRead,
    FeedCreatedRead,
    FeedTokenRead,
    PackageAssemblyRead,
    RecipeTimingRead,
)
from bakehouse.services.production import calendar_days, calendar_feeds, calendar_inputs
from bakehouse.services.production.calendar import get_calendar, read_day, read_range
from bakehouse.services.production.calendar_ics import calendar_ics
from bakehouse.services.production.calendar_views import bakers_sheet, calendar_view
from bakehouse.web.api.schemas_calendar import (
    AssemblySet,
    CalendarDaySet,
    DeliverySet,
    FeedCreate,
    RecipeTimingSet,
)
from bakehouse.web.api.schemas_fields import PathId
from bakehouse.web.api.strict_json import StrictJsonRoute
from bakehouse.web.deps import DB

router = APIRouter(tags=["calendar"], route_class=StrictJsonRoute)
FROM = Query(None, alias="from", description="First day, e.g. 2026-12-18 (default: today).")
TO = Query(None, alias="to", description="Last day (default: a week from the first).")


@router.get("/calendar", response_model=CalendarRead)
def get_days(db: DB, first: str | None = FROM, last: str | None = TO) -> CalendarRead:
    """Each day's tasks in order, its minutes against the baker's hours, and what could not
    be placed, the extra batches, stale items and missing inputs (``notices``)."""
    today = date.today()
    start, end = read_range(first, last, today=today)
    with db.transaction() as session:
        view = calendar_view(get_calendar(session, today=today), start, end)
    return CalendarRead.model_validate(view)


@router.get("/calendar/sheet/{day}", response_model=BakersSheetRead)
def get_sheet(day: str, db: DB) -> BakersSheetRead:
    """The baker's sheet of one day: makes and bakes, and the day's ingredient totals."""
    on = read_day(day, "day", date.today())
    with db.transaction() as session:
        return BakersSheetRead.model_validate(
            bakers_sheet(get_calendar(session, today=date.today()), on)
        )


@router.get(
    "/calendar.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}},
)
def get_ics(db: DB, first: str | None = FROM, last: str | None = TO) -> Response:
    """The calendar as an iCalendar file (default: today and the next 120 days)."""
    today = date.today()
    start, end = read_range(first, last or (today + timedelta(days=120)).isoformat(), today=today)
    with db.transaction() as session:
        view = calendar_view(get_calendar(session, today=today), start, end)
    return Response(calendar_ics(view), media_type="text/calendar; charset=utf-8")


@router.get("/calendar/days", response_model=list[CalendarDayChangeRead])
def list_days(db: DB) -> list[CalendarDayChangeRead]:
    """Days whose hours were changed or taken off, from today on."""
    with db.transaction() as session:
        rows = calendar_days.list_calendar_days(session, first=date.today())
        return [CalendarDayChangeRead.model_validate(r) for r in rows]


@router.put("/calendar/days/{day}", response_model=CalendarDayChangeRead)
def set_day(day: str, body: CalendarDaySet, db: DB) -> CalendarDayChangeRead:
    on = read_day(day, "day", date.today())
    with db.transaction() as session:
        row = calendar_days.set_calendar_day(
            session, on, minutes=body.minutes, unavailable=body.unavailable
        )
        return CalendarDayChangeRead.model_validate(row)


@router.delete("/calendar/days/{day}", response_model=CalendarDayChangeRead)
def clear_day(day: str, db: DB) -> CalendarDayChangeRead:
    """The day has its usual hours again."""
    on = read_day(day, "day", date.today())
    with db.transaction() as session:
        calendar_days.clear_calendar_day(session, on)
    return CalendarDayChangeRead(day=on, minutes=None, unavailable=False)


@router.get("/calendar/feeds", response_model=list[FeedTokenRead])
def list_feeds(db: DB) -> list[FeedTokenRead]:
    with db.transaction() as session:
        return [_feed(f) for f in calendar_feeds.list_feeds(session)]


@router.post("/calendar/feeds", response_model=FeedCreatedRead, status_code=201)
def create_feed(body: FeedCreate, db: DB) -> FeedCreatedRead:
    """A new feed; its ``path`` (``/calendar/feed/<token>.ics``) is answered this once."""
    with db.transaction() as session:
        made = calendar_feeds.create_feed(session, body.name)
        feed = _feed(made.feed)
        return FeedCreatedRead(**feed.model_dump(), path=f"/calendar/feed/{made.token}.ics")


@router.post("/calendar/feeds/{feed_id}/revoke", response_model=FeedTokenRead)
def revoke_feed(feed_id: PathId, db: DB) -> FeedTokenRead:
    with db.transaction() as session:
        return _feed(calendar_feeds.revoke_feed(session, feed_id))


def _feed(feed: CalendarFeedToken) -> FeedTokenRead:
    return FeedTokenRead(
        id=feed.id, name=feed.name, created_by=feed.created_by,
        revoked=feed.revoked_at is not None,
    )  # fmt: skip


@router.get("/calendar/recipes", response_model=list[RecipeTimingRead])
def list_recipe_timings(db: DB) -> list[RecipeTimingRead]:
    """Every recipe's calendar inputs (``null``: not given yet)."""
    with db.transaction() as session:
        return [
            RecipeTimingRead.model_validate(t) for t in calendar_inputs.list_recipe_timings(session)
        ]


@router.put("/calendar/recipes/{recipe_id}", response_model=RecipeTimingRead)
def set_recipe_timing(recipe_id: PathId, body: RecipeTimingSet, db: DB) -> RecipeTimingRead:
    """Hands-on minutes per batch, most batches per session, and freezing."""
    with db.transaction() as session:
        calendar_inputs.set_recipe_timing(session, recipe_id, **body.model_dump())
        [timing] = [
            t for t in calendar_inputs.list_recipe_timings(session) if t.recipe_id == recipe_id
        ]
        return RecipeTimingRead.model_validate(timing)


@router.put("/calendar/packages/{package_id}", response_model=PackageAssemblyRead)
def set_package_assembly(package_id: PathId, body: AssemblySet, db: DB) -> PackageAssemblyRead:
    """Minutes to assemble one of the package."""
    with db.transaction() as session:
        package = calendar_inputs.set_package_assembly(session, package_id, body.assembly_minutes)
        return PackageAssemblyRead.model_validate(package)


@router.put("/calendar/events/{event_id}", response_model=DeliveryDateRead)
def set_event_delivery(event_id: PathId, body: DeliverySet, db: DB) -> DeliveryDateRead:
    """The day the event's gifts are delivered (``null``: the event's day)."""
    with db.transaction() as session:
        event = calendar_inputs.set_event_delivery(session, event_id, body.delivery_date)
        return DeliveryDateRead.model_validate(event)


@router.put("/calendar/assignments/{assignment_id}", response_model=DeliveryDateRead)
def set_assignment_delivery(assignment_id: PathId, body: DeliverySet, db: DB) -> DeliveryDateRead:
    """A delivery day of one assignment's own (``null``: the event's)."""
    with db.transaction() as session:
        assignment = calendar_inputs.set_assignment_delivery(
            session, assignment_id, body.delivery_date
        )
        return DeliveryDateRead.model_validate(assignment)
