"""Revision 0013 (the bake calendar's stored inputs, docs/product.md §6.10) upgrades a
database at the revision before it with recipes, a package and an event with an
assignment in it: nothing is known yet of hands-on or assembly minutes, no recipe
freezes, every delivery is on its event's day, and the calendar names what is missing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.services.production.calendar import get_calendar
from bakehouse.services.production.calendar_days import set_calendar_day
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

#: The revision before 0013 — the one constant to change when it is re-chained.
PREVIOUS = "0011"
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: Engine) -> None:
    """A cookie recipe (24 a batch) in a box, given to one recipient for Christmas."""
    made = {"notes": "", "created_at": WHEN}
    insert_rows(engine, "recipe", [
        {"id": 1, "name": "Shortbread", "slug": "shortbread", "instructions": "",
         "shelf_life_days": 10, **made},
    ])  # fmt: skip
    insert_rows(engine, "item", [
        {"id": 1, "recipe_id": 1, "name": "Shortbread finger", "slug": "shortbread-finger",
         "items_per_batch": 24, "notes": ""},
    ])  # fmt: skip
    insert_rows(engine, "package", [{"id": 1, "name": "Tin", "slug": "tin", "notes": ""}])
    insert_rows(engine, "package_line", [
        {"id": 1, "package_id": 1, "item_id": 1, "bundle_id": None, "quantity": 12},
    ])  # fmt: skip
    insert_rows(engine, "recipient", [
        {"id": 1, "name": "Alice", "slug": "alice", "household": "", "address": "",
         "allergens": [], **made},
    ])  # fmt: skip
    insert_rows(engine, "event", [
        {"id": 1, "name": "Christmas", "slug": "christmas", "event_date": date(2026, 12, 24),
         **made},
    ])  # fmt: skip
    insert_rows(engine, "assignment", [
        {"id": 1, "event_id": 1, "recipient_id": 1, "package_id": 1, "quantity": 2,
         "status": "pending", "delivery_note": "", "created_at": WHEN},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0013_keeps_every_row_and_the_calendar_names_what_it_lacks(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0013")

        assert {"calendar_day", "calendar_feed_token"} <= set(inspect(engine).get_table_names())
        assert read_rows(engine, "recipe", "hands_on_minutes", "freezable") == [(None, False)]
        assert read_rows(engine, "event", "delivery_date") == [(None,)]
        assert read_rows(engine, "assignment", "delivery_date") == [(None,)]
        upgrade(engine)  # today's code, on the database as 0013 left it
        with Session(engine) as session:
            calendar = get_calendar(session, today=date(2026, 12, 20))
            assert [m.name for m in calendar.missing] == ["Shortbread", "Tin"]
            [delivery] = calendar.inputs.deliveries
            assert delivery.day == date(2026, 12, 24)
            set_calendar_day(session, date(2026, 12, 21), unavailable=True)
            session.commit()
        assert read_rows(engine, "calendar_day", "day", "unavailable") == [
            (date(2026, 12, 21), True)
        ]


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0013_goes_down_and_up_again_with_rows_in_it(backend_name: str, tmp_path: Path) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0013")
        command.downgrade(alembic_config(engine), PREVIOUS)

        assert "calendar_day" not in inspect(engine).get_table_names()
        assert "hands_on_minutes" not in {c["name"] for c in inspect(engine).get_columns("recipe")}
        assert read_rows(engine, "assignment", "id", "quantity") == [(1, 2)]
        upgrade(engine, "0013")
        assert read_rows(engine, "recipe", "id", "max_batches_per_session") == [(1, None)]
