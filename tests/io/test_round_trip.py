"""Export → import → export gives the same document, on every pair of backends."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from bakehouse.db.engine import make_session_factory, transaction
from bakehouse.db.migrate import upgrade_to_head
from bakehouse.io.export import begin_consistent_read, export_document
from bakehouse.io.importer import database_is_empty, import_document
from bakehouse.io.shape import schema_problems
from bakehouse.models import Lot, StockMovement
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.recipes.costing import get_recipe_cost
from bakehouse.services.recipes.recipes import get_recipe
from tests.conftest import BACKENDS, fresh_database
from tests.factories.data_file import add_pantry_reality, add_sub_recipes, make_full_season

EXPORTED_AT = datetime(2026, 12, 31, 23, 0, tzinfo=UTC)


def export(session: Session) -> dict[str, Any]:
    return export_document(session, exported_at=EXPORTED_AT)


@pytest.mark.parametrize("target_backend", BACKENDS)
def test_a_season_round_trips_into_an_empty_database(
    session: Session, target_backend: str, tmp_path: Path
) -> None:
    make_full_season(session)
    first = export(session)

    with fresh_database(target_backend, tmp_path) as engine:
        upgrade_to_head(engine)
        with transaction(make_session_factory(engine)) as target:
            report = import_document(target, first)
        with transaction(make_session_factory(engine)) as target:
            second = export(target)
            assert ledger_discrepancies(target) == []

    assert second == first
    assert report.counts["movements"] == len(first["movements"]) == 24
    assert report.total == sum(len(first[s]) for s in report.counts)


def test_replace_on_the_same_database_gives_the_same_document(session: Session) -> None:
    make_full_season(session)
    first = export(session)

    import_document(session, first, mode="replace")

    assert export(session) == first
    assert ledger_discrepancies(session) == []


def test_the_export_holds_every_table_and_fits_the_schema(session: Session) -> None:
    make_full_season(session)
    document = export(session)

    assert schema_problems(document) == []
    assert document["format"] == "bakehouse"
    assert document["version"] == 9
    assert document["exported_at"] == "2026-12-31T23:00:00+00:00"
    assert all(document[section] for section in ("bundles", "production", "movements"))
    flour_lot = document["lots"][0]
    assert flour_lot["initial_quantity"] == "2267.96185"
    assert flour_lot["purchase"] == "purchase-1"
    reversal = next(m for m in document["movements"] if m["kind"] == "reversal")
    assert reversal["reverses"] is not None


def test_export_reads_each_table_once_whatever_its_size(
    session: Session, count_statements: Callable[[], Any]
) -> None:
    with count_statements() as empty:
        export(session)
    make_full_season(session)
    with count_statements() as full:
        export(session)

    # One more each for seasons and settings (§6.15), for ticks and aisles (§6.17), for
    # the calendar's days (§6.10), and for snapshot lines, frozen prices, locked recipe
    # costs and lock changes (§6.20).
    assert empty.count == full.count == 27


def test_exporting_twice_gives_the_same_document(session: Session) -> None:
    make_full_season(session)

    assert export(session) == export(session)


def test_an_empty_database_exports_an_empty_document_and_imports_it_back(
    session: Session,
) -> None:
    assert database_is_empty(session)
    document = export(session)

    report = import_document(session, document, mode="merge")

    assert report.total == 0
    assert export(session) == document


def test_replace_empties_the_database_before_importing(session: Session) -> None:
    make_full_season(session)
    empty = {"format": "bakehouse", "version": 1}

    import_document(session, empty, mode="replace")

    assert database_is_empty(session)
    assert session.scalar(select(func.count()).select_from(Lot)) == 0
    assert session.scalar(select(func.count()).select_from(StockMovement)) == 0


def test_an_export_on_postgresql_reads_one_snapshot(tmp_path: Path) -> None:
    # PostgreSQL only: a SQLite transaction always reads one snapshot.
    with fresh_database("postgresql", tmp_path) as engine, Session(engine) as fresh:
        begin_consistent_read(fresh)

        assert fresh.execute(text("SHOW transaction_isolation")).scalar() == "repeatable read"


def test_a_session_already_reading_keeps_its_isolation(session: Session) -> None:
    begin_consistent_read(session)  # bound to the test's connection: left alone

    assert export(session)["ingredients"] == []


@pytest.mark.parametrize("target_backend", BACKENDS)
def test_sub_recipes_and_prepared_stock_round_trip(
    session: Session, target_backend: str, tmp_path: Path
) -> None:
    """Version 2 (docs/product.md §6.12): yields, sub-recipe lines, prepared-stock lots
    and the bakes that made and drew them come back the same, and still cost the same."""
    add_sub_recipes(session, make_full_season(session))
    first = export(session)
    assert schema_problems(first) == []
    assert [lot["recipe"] for lot in first["lots"] if lot["recipe"]] == [
        "buttercream", "glaze", "buttercream", "glaze"
    ]  # fmt: skip
    made = [r["makes_stock"] for r in first["production"]][-5:]
    assert made == [True, True, False, True, True]
    parent = first["production"][-3]["ref"]
    assert [r["parent"] for r in first["production"]][-2:] == [parent, parent]

    with fresh_database(target_backend, tmp_path) as engine:
        upgrade_to_head(engine)
        with transaction(make_session_factory(engine)) as target:
            import_document(target, first)
        with transaction(make_session_factory(engine)) as target:
            second = export(target)
            assert ledger_discrepancies(target) == []
            cost = get_recipe_cost(target, get_recipe(target, "frosted-shortbread").id)
            assert [s.sub_recipe for s in cost.sub_lines] == ["Buttercream", "Glaze"]

    assert second == first


@pytest.mark.parametrize("target_backend", BACKENDS)
def test_lot_origins_draw_orders_and_incomplete_bakes_round_trip(
    session: Session, target_backend: str, tmp_path: Path
) -> None:
    """Version 4 (docs/product.md §6.14): unrecorded and found lots, an unpriced lot, a
    FEFO ingredient and a bake whose cost is incomplete come back the same."""
    add_pantry_reality(session, make_full_season(session))
    first = export(session)
    assert schema_problems(first) == []
    assert {lot["origin"] for lot in first["lots"]} == {
        "purchase",
        "opening",
        "unrecorded",
        "found",
    }
    assert [lot["priced"] for lot in first["lots"] if lot["origin"] == "unrecorded"] == [False]
    assert [i["draw_order"] for i in first["ingredients"] if i["slug"] == "saffron"] == ["fefo"]
    assert [r["cost_incomplete"] for r in first["production"]][-1] is True
    kinds = {m["kind"] for m in first["movements"]}
    assert {"unrecorded", "found"} <= kinds

    with fresh_database(target_backend, tmp_path) as engine:
        upgrade_to_head(engine)
        with transaction(make_session_factory(engine)) as target:
            import_document(target, first)
        with transaction(make_session_factory(engine)) as target:
            assert export(target) == first
            assert ledger_discrepancies(target) == []
