"""The benchmark's season generator writes a consistent database, on both backends."""

from __future__ import annotations

import pytest
from benchmarks.generate import generate_season
from benchmarks.run import main
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import AssignmentStatus, MovementKind
from bakehouse.models import Assignment, ProductionRecord, RecipeLine, StockMovement
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import record_production
from bakehouse.services.production.dashboard import get_dashboard_summary


@pytest.fixture
def empty_session(session: Session) -> Session:
    if session.scalar(select(func.count()).select_from(RecipeLine)):
        pytest.skip("the generator needs an empty database")  # pragma: no cover
    return session


def test_a_generated_season_keeps_the_ledger_and_costs_consistent(empty_session: Session) -> None:
    session = empty_session
    season = generate_season(session, events=25)

    assert ledger_discrepancies(session) == []
    recorded = session.scalar(select(func.sum(ProductionRecord.actual_cost)))
    drawn = session.scalar(
        select(-func.sum(StockMovement.value)).where(StockMovement.kind == MovementKind.PRODUCTION)
    )
    assert recorded == drawn
    statuses = set(session.scalars(select(Assignment.status).distinct()))
    assert statuses == set(AssignmentStatus)
    rows = get_dashboard_summary(session).rows
    assert len(rows) == 25
    assert {r.state.label for r in rows} == {"complete", "in progress", "no packages planned"}
    lines = session.scalar(
        select(func.count()).where(RecipeLine.recipe_id == season.nine_ingredient_recipe_id)
    )
    assert lines == 9
    # Ids continue after the generated rows (PostgreSQL sequences were moved on).
    result = record_production(
        session,
        event_id=season.open_event_id,
        recipe_id=season.nine_ingredient_recipe_id,
        batches=1,
        confirm=["over_plan"],
    )
    assert result.record.id == season.production_records + 1


def test_the_benchmark_runs_end_to_end(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--events", "10", "--repeat", "1"])

    out = capsys.readouterr().out
    assert "dashboard" in out
    assert "bake (9" in out
