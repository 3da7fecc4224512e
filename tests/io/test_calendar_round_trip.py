"""The bake calendar's inputs go through the data file (version 6, docs/product.md §6.10):
per recipe, per package, per event and assignment, and the changed days; a day listed
twice or without minutes is refused where it is. Feed addresses are never written."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session

from bakehouse.errors import ValidationFailed
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document, parse_document_text
from bakehouse.services.production.calendar_days import set_calendar_day
from bakehouse.services.production.calendar_feeds import create_feed
from bakehouse.services.production.calendar_inputs import (
    set_assignment_delivery,
    set_event_delivery,
    set_package_assembly,
    set_recipe_timing,
)
from tests.factories.season import make_cookie_season

WHEN = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def calendar_document(session: Session) -> dict[str, Any]:
    season = make_cookie_season(session)
    set_recipe_timing(session, season.recipe.id, hands_on_minutes=40, max_batches_per_session=3,
                      freezable=True, frozen_shelf_life_days=90, thaw_hours="1.5")  # fmt: skip
    set_package_assembly(session, season.package.id, 6)
    set_event_delivery(session, season.event.id, "2024-12-23")
    set_assignment_delivery(session, season.assignment.id, "2024-12-22")
    set_calendar_day(session, date(2024, 12, 20), minutes="360")
    set_calendar_day(session, date(2024, 12, 21), unavailable=True)
    create_feed(session, "My phone")
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def test_the_calendar_inputs_round_trip(session: Session) -> None:
    document = calendar_document(session)
    [recipe] = document["recipes"]
    timing = ("hands_on_minutes", "max_batches_per_session", "freezable",
              "frozen_shelf_life_days", "thaw_hours")  # fmt: skip
    assert [recipe[key] for key in timing] == [40, 3, True, 90, "1.5"]
    assert document["packages"][0]["assembly_minutes"] == 6
    assert document["events"][0]["delivery_date"] == "2024-12-23"
    assert document["assignments"][0]["delivery_date"] == "2024-12-22"
    assert document["calendar_days"] == [
        {"day": "2024-12-20", "minutes": 360, "unavailable": False},
        {"day": "2024-12-21", "minutes": None, "unavailable": True},
    ]
    assert "My phone" not in json.dumps(document)

    import_document(session, parse_document_text(json.dumps(document)), mode="replace")
    assert json.loads(json.dumps(export_document(session, exported_at=WHEN))) == document


def test_a_day_twice_or_without_minutes_is_refused_where_it_is(session: Session) -> None:
    bad = copy.deepcopy(calendar_document(session))
    bad["calendar_days"].append({"day": "2024-12-20", "minutes": 60, "unavailable": False})
    bad["calendar_days"].append({"day": "2024-12-22", "minutes": None, "unavailable": False})
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, parse_document_text(json.dumps(bad)), mode="replace")
    found = {p.location: p.message for p in refused.value.problems}
    assert "listed twice" in found["$.calendar_days[2].day"]
    assert "needs its minutes" in found["$.calendar_days[3]"]
