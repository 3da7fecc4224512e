"""The event page benchmark grows a real event: the packages it says, baked through the
services, with a consistent ledger, on both backends."""

from __future__ import annotations

from benchmarks.event_page import DEMO_DAY, grow_event
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.demo.season import build_demo_season
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.models import Assignment
from bakehouse.services.events.overview import Window, get_event_overview
from bakehouse.services.pantry.ledger import ledger_discrepancies


def test_growing_an_event_gives_it_that_many_packages_all_baked(session: Session) -> None:
    season = build_demo_season(session, today=DEMO_DAY)
    event_id = season.this_year_event_id

    added = grow_event(session, event_id, 150)

    assert added > 0
    count = session.scalar(select(func.count()).where(Assignment.event_id == event_id))
    assert count is not None
    assert 150 <= count < 150 + 4
    assert ledger_discrepancies(session) == []
    overview = get_event_overview(session, event_id, packages=Window(0, 10))
    # Every recipe baked; a sub-recipe complete once nothing is still to make (§6.12).
    assert all(r.is_complete for r in overview.progress.recipes)
    statuses = set(
        session.scalars(select(Assignment.status).where(Assignment.event_id == event_id))
    )
    assert statuses == set(AssignmentStatus)
    assert overview.conflicts
