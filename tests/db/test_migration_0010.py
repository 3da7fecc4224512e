"""Revision 0010 (seasons, budgets, settings) upgrades a database at the revision before it
with events and bakes in it: every event keeps its figures and has no budget, no season
exists and every setting reads its default; seasons and budgets can be set after
(docs/product.md §6.15)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.models import Event
from bakehouse.services.core.settings import get_setting
from bakehouse.services.events.seasons import (
    create_season,
    resolve_dashboard_scope,
    set_event_budget,
)
from bakehouse.services.production.dashboard import get_dashboard_summary
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

PREVIOUS = "0009"
TODAY = date(2026, 12, 1)
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: Engine) -> tuple[int, int, int]:
    """Two events at the revision before (rows as the tables were then), one baked for:
    a recipe's two batches for $10.00."""
    insert_rows(engine, "event", [
        {"id": 1, "name": "Christmas", "slug": "christmas", "event_date": date(2026, 12, 24),
         "notes": "", "created_at": WHEN},
        {"id": 2, "name": "Next Christmas", "slug": "next-christmas",
         "event_date": date(2027, 12, 24), "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "recipe", [
        {"id": 1, "name": "Shortbread", "slug": "shortbread", "instructions": "", "notes": "",
         "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "production_record", [
        {"id": 1, "event_id": 1, "recipe_id": 1, "batches": 2, "actual_cost": Decimal("10.00"),
         "produced_at": WHEN, "notes": "", "reversed_at": None, "reversal_reason": "",
         "created_at": WHEN, "makes_stock": False, "parent_id": None,
         "cost_incomplete": False},
    ])  # fmt: skip
    return 1, 2, 1


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0010_keeps_every_event_and_adds_seasons_budgets_and_settings(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        event_id, _next_id, _recipe_id = fill_at_previous(engine)
        upgrade(engine, "0010")

        tables = inspect(engine).get_table_names()
        assert {"season", "setting"} <= set(tables)
        upgrade(engine)  # today's code, on the database as 0010 left it
        with Session(engine) as session:
            after = get_dashboard_summary(session, today=TODAY)
            assert [r.event_id for r in after.rows] == [1, 2]
            assert after.totals.actual_cost == Decimal("10.00")
            assert session.get(Event, event_id).budget is None  # type: ignore[union-attr]
            setting = get_setting(session, "shopping_horizon_weeks", environ={})
            assert (setting.value, setting.source) == (6, "default")
            event_date = session.get(Event, event_id).event_date  # type: ignore[union-attr]
            season = create_season(
                session, name="Holiday", starts_on=event_date, ends_on=event_date,
                budget="50",
            )  # fmt: skip
            set_event_budget(session, event_id, "12.50")
            session.commit()
            scope = resolve_dashboard_scope(session, str(season.id), today=TODAY)
            [row] = get_dashboard_summary(session, scope=scope, today=TODAY).rows
            assert (row.event_id, row.budget) == (event_id, Decimal("12.5000"))


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0010_goes_down_and_up_again_with_events_in_it(backend_name: str, tmp_path: Path) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0010")
        command.downgrade(alembic_config(engine), PREVIOUS)

        assert "season" not in inspect(engine).get_table_names()
        assert "budget" not in {c["name"] for c in inspect(engine).get_columns("event")}
        assert read_rows(engine, "production_record", "id") == [(1,)]
        assert read_rows(engine, "event", "id", "name") == [(1, "Christmas"), (2, "Next Christmas")]
        upgrade(engine, "0010")
        assert read_rows(engine, "season", "id") == []
