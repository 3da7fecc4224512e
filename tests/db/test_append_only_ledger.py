"""The database itself keeps the ledger append-only (migration 0003): a raw UPDATE or DELETE
of a stock movement is refused (and TRUNCATE on PostgreSQL), while ``import --replace``
still empties the ledger through its one allowed path. The migration is tested on a
database made at the previous revision with a season in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, func, select, text
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import alembic_config, current_revision
from bakehouse.io.export import export_document
from bakehouse.io.importer import import_document
from bakehouse.models import IdempotencyRecord, LedgerGuard, Lot, StockMovement
from bakehouse.services.pantry.ledger import empty_ledger
from tests.conftest import BACKENDS, fresh_database
from tests.factories.data_file import make_full_season

REFUSED = "stock movements are append-only"
RAW_CHANGES = [
    "UPDATE stock_movement SET quantity = quantity * 2",
    "UPDATE stock_movement SET note = 'edited' WHERE id = (SELECT MIN(id) FROM stock_movement)",
    "DELETE FROM stock_movement WHERE id = (SELECT MAX(id) FROM stock_movement)",
    "DELETE FROM stock_movement",
]


def refuses(db: Session, statement: str) -> bool:
    """Whether the database refuses ``statement`` (inside a savepoint, so we can go on)."""
    try:
        with db.begin_nested():
            db.execute(text(statement))
    except (IntegrityError, DBAPIError) as error:
        return REFUSED in str(error.orig)
    return False


def movements(db: Session) -> int:
    return int(db.scalar(select(func.count()).select_from(StockMovement)) or 0)


@pytest.mark.parametrize("statement", RAW_CHANGES)
def test_a_raw_change_to_a_stock_movement_is_refused(session: Session, statement: str) -> None:
    make_full_season(session)
    before = movements(session)

    assert refuses(session, statement)
    assert movements(session) == before


def test_truncate_is_refused_on_postgresql(session: Session) -> None:
    if session.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    make_full_season(session)

    assert refuses(session, "TRUNCATE stock_movement")


def test_import_replace_empties_the_ledger_and_a_plain_delete_is_still_refused(
    session: Session,
) -> None:
    make_full_season(session)
    document = export_document(session)

    report = import_document(session, document, mode="replace")

    assert report.counts["movements"] == movements(session) == len(document["movements"])
    assert session.get(LedgerGuard, 1) is not None
    assert session.scalar(select(LedgerGuard.emptying)) is False
    assert refuses(session, "DELETE FROM stock_movement")


def test_the_guard_is_on_only_inside_empty_ledger(session: Session) -> None:
    make_full_season(session)
    empty_ledger(session)

    assert movements(session) == 0
    assert session.scalar(select(LedgerGuard.emptying)) is False


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_migration_0003_upgrades_a_database_with_a_season_in_it(
    backend_name: str, tmp_path: Path
) -> None:
    with fresh_database(backend_name, tmp_path) as engine:
        config = alembic_config(engine)
        # The season is made with today's models, then taken down to 0001 as it was kept
        # there (the factories write columns later revisions added).
        command.upgrade(config, "head")
        factory = make_session_factory(engine)
        with transaction(factory) as session:
            make_full_season(session)
        command.downgrade(config, "0001")
        with transaction(factory) as session:
            before = _contents(session)
            assert refuses(session, "UPDATE stock_movement SET note = 'no guard yet'") is False

        command.upgrade(config, "0003")

        assert current_revision(engine) == "0003"
        with transaction(factory) as session:
            assert _contents(session) == before
            assert session.scalar(select(func.count()).select_from(IdempotencyRecord)) == 0
            assert session.scalar(select(LedgerGuard.emptying).where(LedgerGuard.id == 1)) is False
            for statement in RAW_CHANGES:
                assert refuses(session, statement)
        command.upgrade(config, "head")
        with transaction(factory) as session:
            import_document(session, export_document(session), mode="replace")
        _downgrade_and_upgrade_again(engine)


def _contents(session: Session) -> dict[str, object]:
    """What must survive the migration: every movement and every lot balance."""
    rows = session.execute(
        select(StockMovement.id, StockMovement.quantity, StockMovement.value).order_by(
            StockMovement.id
        )
    ).all()
    lots = session.execute(
        select(Lot.id, Lot.quantity_remaining, Lot.value_remaining).order_by(Lot.id)
    ).all()
    return {"movements": [tuple(r) for r in rows], "lots": [tuple(r) for r in lots]}


def _downgrade_and_upgrade_again(engine: Engine) -> None:
    config = alembic_config(engine)
    command.downgrade(config, "0001")
    with transaction(make_session_factory(engine)) as session:
        assert refuses(session, "UPDATE stock_movement SET note = 'free again'") is False
    command.upgrade(config, "head")
    with transaction(make_session_factory(engine)) as session:
        assert refuses(session, "UPDATE stock_movement SET note = 'guarded again'")
