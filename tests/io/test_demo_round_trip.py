"""Issue 6 acceptance: the demo season exported, imported into an empty SQLite and an empty
PostgreSQL database, and exported again gives the identical document."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.demo.season import build_demo_season
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.dashboard import get_dashboard_summary
from tests.conftest import BACKENDS, fresh_database

EXPORTED_AT = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)
TODAY = date(2026, 12, 10)


@pytest.mark.parametrize("target_backend", BACKENDS)
def test_the_demo_season_round_trips_identically(
    session: Session, target_backend: str, tmp_path: Path
) -> None:
    build_demo_season(session, today=TODAY)
    first = export_document(session, exported_at=EXPORTED_AT)
    dashboard_before = get_dashboard_summary(session, today=TODAY)

    with fresh_database(target_backend, tmp_path) as engine:
        upgrade_to_head(engine)
        with transaction(make_session_factory(engine)) as target:
            import_document(target, first, mode="replace")
        with transaction(make_session_factory(engine)) as target:
            second = export_document(target, exported_at=EXPORTED_AT)
            dashboard_after = get_dashboard_summary(target, today=TODAY)
            assert ledger_discrepancies(target) == []

    assert second == first
    assert len(first["recipes"]) >= 10
    assert len(first["recipients"]) >= 20
    # The imported season answers the same questions as the original.
    before = [(r.event_name, r.packages_delivered, r.actual_cost) for r in dashboard_before.rows]
    after = [(r.event_name, r.packages_delivered, r.actual_cost) for r in dashboard_after.rows]
    assert after == before
