"""Revision 0012 (snapshots, locks, archive) upgrades a database at the revision before it
with packages already assembled and delivered: each gets a snapshot of its package's
contents as they are at the upgrade, and says so; nothing is locked or archived; editing
the package afterwards leaves what was given as it was (docs/product.md §6.20)."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.models import Event, Recipe
from bakehouse.services.events.contents import resolved_contents
from bakehouse.services.events.planning import get_event_needs
from bakehouse.services.packaging.packages import ContentInput, set_bundle_lines
from bakehouse.services.recipes.recipes import list_recipes
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

#: The revision 0012 follows: the one constant to change when re-chaining.
PREVIOUS = "0014"
WHEN = datetime(2025, 12, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: Engine) -> None:
    """A tin (a bundle of 12 cookies) in a gift box, given three times at last Christmas:
    one pending, one assembled, one delivered (two boxes)."""
    insert_rows(engine, "recipe", [
        {"id": 1, "name": "Shortbread", "slug": "shortbread", "instructions": "", "notes": "",
         "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "item", [
        {"id": 1, "name": "Finger", "slug": "finger", "recipe_id": 1, "items_per_batch": 24,
         "notes": ""},
    ])  # fmt: skip
    insert_rows(engine, "bundle", [{"id": 1, "name": "Tin", "slug": "tin", "notes": ""}])
    insert_rows(engine, "bundle_line", [
        {"id": 1, "bundle_id": 1, "item_id": 1, "child_bundle_id": None, "quantity": 12},
    ])  # fmt: skip
    insert_rows(engine, "package", [{"id": 1, "name": "Gift", "slug": "gift", "notes": ""}])
    insert_rows(engine, "package_line", [
        {"id": 1, "package_id": 1, "item_id": None, "bundle_id": 1, "quantity": 1},
    ])  # fmt: skip
    insert_rows(engine, "event", [
        {"id": 1, "name": "Christmas 2025", "slug": "christmas-2025",
         "event_date": date(2025, 12, 24), "notes": "", "created_at": WHEN, "budget": None},
    ])  # fmt: skip
    insert_rows(engine, "recipient", [
        {"id": n, "name": name, "slug": name.lower(), "household": "", "address": "",
         "notes": "", "allergens": []}
        for n, name in ((1, "Ann"), (2, "Bo"), (3, "Cy"))
    ])  # fmt: skip
    insert_rows(engine, "assignment", [
        {"id": 1, "event_id": 1, "recipient_id": 1, "package_id": 1, "quantity": 1,
         "status": "pending", "assembled_at": None, "delivered_at": None,
         "delivery_note": "", "created_at": WHEN},
        {"id": 2, "event_id": 1, "recipient_id": 2, "package_id": 1, "quantity": 1,
         "status": "assembled", "assembled_at": WHEN, "delivered_at": None,
         "delivery_note": "", "created_at": WHEN},
        {"id": 3, "event_id": 1, "recipient_id": 3, "package_id": 1, "quantity": 2,
         "status": "delivered", "assembled_at": WHEN, "delivered_at": WHEN,
         "delivery_note": "porch", "created_at": WHEN},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0012_freezes_what_was_assembled_and_delivered_and_says_so(
    backend_name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        with caplog.at_level(logging.WARNING, logger="alembic.runtime.migration"):
            upgrade(engine, "0012")
        assert "gave 2 assembled or delivered assignment(s) a snapshot" in caplog.text

        # One snapshot of the gift (equal contents share it): 12 fingers.
        assert read_rows(engine, "content_snapshot", "id", "package_id") == [(1, 1)]
        assert read_rows(engine, "content_snapshot_line", "snapshot_id", "item_id", "units") == [
            (1, 1, 12)
        ]
        assert read_rows(engine, "assignment", "id", "snapshot_id") == [
            (1, None),
            (2, 1),
            (3, 1),
        ]
        with Session(engine) as session:
            event = session.get(Event, 1)
            assert event is not None
            assert (event.locked_at, event.archived_at) == (None, None)
            assert [r.name for r in list_recipes(session)] == ["Shortbread"]
            assert get_event_needs(session, 1).items[0].units == 48
            # The tin grows: Ann's pending box follows, Bo's and Cy's stay as given.
            set_bundle_lines(session, 1, [ContentInput(20, item_id=1)])
            contents = resolved_contents(session, [1, 2, 3])
            assert [contents[n].items[0].units for n in (1, 2, 3)] == [20, 12, 12]
            assert get_event_needs(session, 1).items[0].units == 20 + 12 + 24
            session.commit()


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0012_goes_down_and_up_again_with_assignments_in_it(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0012")
        command.downgrade(alembic_config(engine), PREVIOUS)

        tables = set(inspect(engine).get_table_names())
        assert not tables & {"content_snapshot", "event_price_lock", "event_lock_change"}
        columns = {c["name"] for c in inspect(engine).get_columns("assignment")}
        assert "snapshot_id" not in columns
        assert "archived_at" not in {c["name"] for c in inspect(engine).get_columns("recipe")}
        assert read_rows(engine, "assignment", "id", "status") == [
            (1, "pending"),
            (2, "assembled"),
            (3, "delivered"),
        ]
        upgrade(engine, "0012")
        assert read_rows(engine, "assignment", "id", "snapshot_id") == [
            (1, None),
            (2, 1),
            (3, 1),
        ]
        with Session(engine) as session:
            assert session.get(Recipe, 1) is not None
