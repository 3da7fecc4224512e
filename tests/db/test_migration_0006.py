"""Revision 0006 (covering indexes for the dashboard's grouped sums) upgrades a season in
use at 0005: no row changes, and the dashboard reads the same figures from the indexes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.domain.kinds import AssignmentStatus
from bakehouse.services.production.dashboard import get_dashboard_summary
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
INDEXES = {
    "assignment": "ix_assignment_event_sums",
    "production_record": "ix_production_record_live_sums",
    "event": "ix_event_calendar",
    "purchase": "ix_purchase_product_latest",
}


def fill_at_0005(engine: object) -> None:
    """Two events: one with packages in every status and a live and a reversed bake, one
    with nothing planned."""
    insert_rows(engine, "recipe", [  # type: ignore[arg-type]
        {"id": 1, "name": "Shortbread", "slug": "shortbread", "instructions": "",
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "item", [  # type: ignore[arg-type]
        {"id": 1, "recipe_id": 1, "name": "Shortbread", "slug": "shortbread",
         "items_per_batch": 12, "notes": ""},
    ])  # fmt: skip
    insert_rows(engine, "package", [  # type: ignore[arg-type]
        {"id": 1, "name": "Tin", "slug": "tin", "notes": ""},
    ])  # fmt: skip
    insert_rows(engine, "package_line", [  # type: ignore[arg-type]
        {"id": 1, "package_id": 1, "item_id": 1, "bundle_id": None, "quantity": 6},
    ])  # fmt: skip
    insert_rows(engine, "recipient", [  # type: ignore[arg-type]
        {"id": n, "name": f"Neighbour {n}", "slug": f"neighbour-{n}", "household": "",
         "address": "", "allergens": [], "notes": ""} for n in (1, 2, 3)
    ])  # fmt: skip
    insert_rows(engine, "event", [  # type: ignore[arg-type]
        {"id": 1, "name": "Christmas", "slug": "christmas", "event_date": date(2026, 12, 24),
         "notes": "", "created_at": WHEN},
        {"id": 2, "name": "Advent", "slug": "advent", "event_date": date(2026, 12, 1),
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "assignment", [  # type: ignore[arg-type]
        {"id": n, "event_id": 1, "recipient_id": n, "package_id": 1, "quantity": n,
         "status": status, "assembled_at": None, "delivered_at": None, "delivery_note": "",
         "created_at": WHEN}
        for n, status in zip((1, 2, 3), AssignmentStatus, strict=True)
    ])  # fmt: skip
    insert_rows(engine, "production_record", [  # type: ignore[arg-type]
        {"id": n, "event_id": 1, "recipe_id": 1, "batches": 1, "actual_cost": Decimal(cost),
         "produced_at": WHEN, "notes": "", "reversed_at": reversed_at, "reversal_reason": "",
         "created_at": WHEN}
        for n, cost, reversed_at in [(1, "2.5000", None), (2, "9.0000", WHEN)]
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0006_adds_the_covering_indexes_and_the_dashboard_reads_the_same(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at("0005", backend_name, tmp_path) as engine:
        fill_at_0005(engine)
        assignments = read_rows(engine, "assignment", "id", "status", "quantity")

        upgrade(engine, "0006")

        for table, index in INDEXES.items():
            assert index in {i["name"] for i in inspect(engine).get_indexes(table)}
        assert read_rows(engine, "assignment", "id", "status", "quantity") == assignments
        # Today's code reads the newest schema (0007 added sub-recipe columns, 0008 the
        # item outcomes): the same season's dashboard, figure by figure.
        upgrade(engine)
        with Session(engine) as session:
            after = get_dashboard_summary(session, today=date(2026, 11, 30))
        advent, christmas = after.rows
        assert (advent.event_name, advent.packages_total) == ("Advent", 0)
        assert (christmas.packages_pending, christmas.packages_assembled) == (1, 2)
        assert (christmas.packages_delivered, christmas.packages_total) == (3, 6)
        # 36 shortbread need 3 batches; the reversed bake is not counted.
        assert (christmas.recipes_complete, christmas.recipes_total) == (0, 1)
        assert christmas.actual_cost == Decimal("2.5000")


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0006_goes_down_to_0005_and_up_again(backend_name: str, tmp_path: Path) -> None:
    with database_at("0005", backend_name, tmp_path) as engine:
        fill_at_0005(engine)
        upgrade(engine, "0006")
        command.downgrade(alembic_config(engine), "0005")

        for table, index in INDEXES.items():
            assert index not in {i["name"] for i in inspect(engine).get_indexes(table)}
        assert len(read_rows(engine, "assignment", "id")) == 3

        upgrade(engine, "0006")
        assert len(read_rows(engine, "production_record", "id")) == 2
