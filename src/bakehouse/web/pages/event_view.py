"""What the event page shows: one read of the event (``get_event_overview``), shaped for
the template, with the window of its long lists the address asks for."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Query
from markupsafe import Markup
from sqlalchemy.orm import Session

from bakehouse.domain.inputs import MAX_ID
from bakehouse.domain.outcomes import LossReason
from bakehouse.domain.wording import count_of
from bakehouse.services.events.overview import EventOverview, Rows, Window, get_event_overview
from bakehouse.web.charts import CostBar, cost_chart
from bakehouse.web.pagination import DEFAULT_LIMIT, PageParams, Pager, Paging

NOTICES = {
    "assigned": "Packages assigned.",
    "assembled": "Package marked assembled.",
    "delivered": "Package marked delivered.",
    "removed": "Assignment removed.",
    "corrected": "Package status corrected; the correction is recorded with its reason.",
    "reversed": "Bake reversed: its ingredients are back in the pantry.",
    "written-off": "Bake written off as ruined: its items are lost, its ingredients stay used.",
    "created": "Event created. Give people packages below.",
    "cloned": "Event cloned: every package is pending again.",
    "edited": "Event saved.",
    "quantity": "Quantity changed.",
    "locked": "Prices locked: later purchases leave this plan's cost alone.",
    "unlocked": "Prices unlocked; the reason is recorded.",
}

#: What a baker may say happened to items that did not come out good (docs/product.md
#: §6.13); ``ruined`` is the whole bake, written off from the history.
LOSS_REASONS = tuple(
    (reason.value, reason.value.capitalize())
    for reason in LossReason
    if reason != LossReason.RUINED
)

#: Recipients listed at a time in the "give a package to people" form.
RECIPIENTS_PER_PAGE = 200
#: Allergen warnings listed at the top; the packing list shows every one.
WARNINGS_SHOWN = 20


@dataclass(frozen=True)
class EventPaging:
    """Which packages (``?offset=&limit=``) and which recipients (``?recipients_offset=``)
    the event page shows."""

    packages: PageParams = field(default_factory=lambda: PageParams(limit=DEFAULT_LIMIT, offset=0))
    recipients_offset: int = 0

    def query(self, **changes: int | str | None) -> str:
        """This page's address query with ``changes``, leaving out what is the default
        (so the first page's links and forms stay plain)."""
        values: dict[str, int | str | None] = {
            "offset": self.packages.offset,
            "limit": self.packages.limit,
            "recipients_offset": self.recipients_offset,
        }
        values.update(changes)
        defaults = {"offset": 0, "limit": DEFAULT_LIMIT, "recipients_offset": 0}
        kept = {k: v for k, v in values.items() if v is not None and v != defaults.get(k)}
        return f"?{urlencode(kept)}" if kept else ""


def event_paging(
    packages: Paging,
    recipients_offset: Annotated[int, Query(ge=0, le=MAX_ID, description="recipients to skip")] = 0,
) -> EventPaging:
    return EventPaging(packages, recipients_offset)


EventPages = Annotated[EventPaging, Depends(event_paging)]


def form_keys(page: EventOverview) -> set[str]:
    """The forms the event page draws, by the key ``_act`` gives their problems."""
    keys = {"assign", "bake-other", "lock"}
    keys.update(f"bake-{r.recipe_id}" for r in page.progress.recipes)
    keys.update(f"status-{row.id}" for row in page.packages.rows)
    keys.update(f"reverse-{entry.id}" for entry in page.history)
    keys.update(f"write-off-{entry.id}" for entry in page.history)
    return keys


def event_context(
    session: Session,
    event_id: int,
    query: dict[str, str] | None = None,
    paging: EventPaging | None = None,
) -> dict[str, Any]:
    """The template context of the event page; ``query`` may name a notice or a new bake.

    Raises NotFound for an unknown event.
    """
    paging = paging or EventPaging()
    packages = paging.packages
    page = get_event_overview(
        session,
        event_id,
        packages=Window(packages.offset, packages.limit),
        recipients=Window(paging.recipients_offset, RECIPIENTS_PER_PAGE),
    )
    query = query or {}
    notice = NOTICES.get(query.get("done", ""))
    baked = query.get("baked", "")
    for entry in page.history:
        if baked.isdigit() and entry.id == int(baked):
            notice = f"Recorded {count_of(entry.batches, 'batch')} of {entry.recipe_name}."
            if query.get("covered"):
                notice += " What the pantry lacked was booked as unrecorded stock (see the pantry)."
            if query.get("incomplete"):
                notice += " Its cost is incomplete: it drew stock that has no price."
    return {
        "section": "events",
        "page": page,
        "chart": _chart(page),
        "paging": paging,
        "package_pager": _pager(page.packages.offset, packages.limit, page.packages),
        "recipient_pager": _pager(paging.recipients_offset, RECIPIENTS_PER_PAGE, page.recipients),
        "notice": notice,
        "warnings_shown": WARNINGS_SHOWN,
        "loss_reasons": LOSS_REASONS,
        "recipe_options": [(r.id, r.name) for r in page.recipe_choices],
        "package_options": [(p.id, p.name) for p in page.package_choices],
        "errors": {},
        "values": {},
        "form_key": "",
        "problem": None,
        "cent": Decimal("0.01"),
        "form_keys": form_keys(page),
    }


def _chart(page: EventOverview) -> Markup:
    bars = [
        CostBar(r.recipe_name, r.planned_cost, r.actual_cost, r.unpriced)
        for r in page.breakdown.rows
    ]
    return cost_chart(bars, title=f"Planned and actual cost per recipe, {page.event.name}")


def _pager(offset: int, limit: int, rows: Rows[Any]) -> Pager:
    return Pager(offset=offset, limit=limit, total=rows.total, shown=len(rows.rows))
