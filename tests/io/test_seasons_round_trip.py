"""Seasons, budgets and settings go through the data file (version 5, docs/product.md
§6.15); seasons that overlap or a setting the app does not know are refused where they are."""

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
from bakehouse.services.core.settings import set_setting
from bakehouse.services.events.seasons import create_season, set_event_budget
from tests.factories.planning import make_event

WHEN = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def seasons_document(session: Session) -> dict[str, Any]:
    create_season(session, name="Spring 2027", starts_on="2027-03-01", ends_on="2027-05-31")
    create_season(
        session, name="Holiday 2026", starts_on="2026-11-01", ends_on="2027-01-15", budget="250"
    )
    event = make_event(session, name="Christmas", event_date=date(2026, 12, 24))
    set_event_budget(session, event.id, "80.50")
    set_setting(session, "shopping_horizon_weeks", "8", environ={})
    session.flush()
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def reimport(session: Session, document: dict[str, Any]) -> dict[str, Any]:
    import_document(session, parse_document_text(json.dumps(document)), mode="replace")
    return json.loads(json.dumps(export_document(session, exported_at=WHEN)))


def test_seasons_budgets_and_settings_round_trip(session: Session) -> None:
    document = seasons_document(session)
    assert document["version"] == 9
    assert [(s["slug"], s["starts_on"], s["budget"]) for s in document["seasons"]] == [
        ("holiday-2026", "2026-11-01", "250"),
        ("spring-2027", "2027-03-01", None),
    ]
    assert [e["budget"] for e in document["events"]] == ["80.5"]
    assert [(s["key"], s["value"]) for s in document["settings"]] == [
        ("shopping_horizon_weeks", "8")
    ]
    assert reimport(session, document) == document


def test_overlapping_seasons_and_unknown_settings_are_refused_where_they_are(
    session: Session,
) -> None:
    bad = copy.deepcopy(seasons_document(session))
    bad["seasons"][1]["starts_on"] = "2027-01-10"
    bad["settings"].append({"key": "colour", "value": "blue"})
    bad["settings"][0]["value"] = "0"
    with pytest.raises(ValidationFailed) as refused:
        import_document(session, parse_document_text(json.dumps(bad)), mode="replace")
    found = {p.location: p.message for p in refused.value.problems}
    assert "overlaps Holiday 2026" in found["$.seasons[1]"]
    assert "at least 1" in found["$.settings[0].key"]
    assert "setting 'colour' was not found" in found["$.settings[1].key"]
