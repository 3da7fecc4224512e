"""Revision 0007 (sub-recipes and prepared stock) upgrades a season in use at 0006: recipes,
lines, lots, bakes and movements keep every value, old rows read as ingredient lines,
ingredient lots and ordinary bakes, and the new shapes can be written at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bakehouse.domain.kinds import MovementKind
from bakehouse.models import Lot, ProductionRecord, Recipe, RecipeLine
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.units.conversion import Measure
from tests.conftest import BACKENDS
from tests.db.revisions import (
    database_at,
    insert_rows,
    later_columns_for_today_models,
    read_rows,
    upgrade,
)

WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_0006(engine: object) -> None:
    """Butter bought once, a shortbread recipe baked once for an event."""
    insert_rows(engine, "ingredient", [  # type: ignore[arg-type]
        {"id": 1, "name": "Butter", "slug": "butter", "category": "", "measure": Measure.MASS,
         "density": None, "grams_per_each": None, "allergens": [], "notes": "",
         "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "recipe", [  # type: ignore[arg-type]
        {"id": 1, "name": "Shortbread", "slug": "shortbread", "instructions": "", "notes": "",
         "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "recipe_line", [  # type: ignore[arg-type]
        {"id": 1, "recipe_id": 1, "ingredient_id": 1, "quantity": Decimal(100), "unit": "g",
         "position": 0, "note": ""},
    ])  # fmt: skip
    insert_rows(engine, "event", [  # type: ignore[arg-type]
        {"id": 1, "name": "Christmas", "slug": "christmas", "event_date": date(2026, 12, 24),
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "lot", [  # type: ignore[arg-type]
        {"id": 1, "ingredient_id": 1, "purchase_id": None, "product_id": None,
         "received_on": date(2026, 11, 1), "initial_quantity": Decimal(500),
         "cost": Decimal("5.00"), "quantity_remaining": Decimal(400),
         "value_remaining": Decimal("4.00"), "best_before": None, "location": None,
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "production_record", [  # type: ignore[arg-type]
        {"id": 1, "event_id": 1, "recipe_id": 1, "batches": 1, "actual_cost": Decimal("1.00"),
         "produced_at": WHEN, "notes": "", "reversed_at": None, "reversal_reason": "",
         "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "stock_movement", [  # type: ignore[arg-type]
        {"id": id_, "lot_id": 1, "kind": kind, "quantity": Decimal(q), "value": Decimal(v),
         "reason": None, "note": "", "production_record_id": bake, "reverses_id": None,
         "occurred_at": WHEN}
        for id_, kind, q, v, bake in [
            (1, MovementKind.OPENING, "500", "5.00", None),
            (2, MovementKind.PRODUCTION, "-100", "-1.00", 1),
        ]
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0007_keeps_a_season_and_reads_old_rows_as_ingredients_and_ordinary_bakes(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at("0006", backend_name, tmp_path) as engine:
        fill_at_0006(engine)
        movements = read_rows(engine, "stock_movement", "id", "lot_id", "quantity", "value")
        lots = read_rows(engine, "lot", "id", "quantity_remaining", "value_remaining")

        upgrade(engine, "0007")

        assert read_rows(engine, "stock_movement", "id", "lot_id", "quantity", "value") == (
            movements
        )
        assert read_rows(engine, "lot", "id", "quantity_remaining", "value_remaining") == lots
        assert read_rows(engine, "lot", "ingredient_id", "recipe_id") == [(1, None)]
        assert read_rows(engine, "recipe_line", "ingredient_id", "sub_recipe_id") == [(1, None)]
        assert read_rows(engine, "production_record", "event_id", "makes_stock", "parent_id") == [
            (1, False, None)
        ]
        indexes = {index["name"] for index in inspect(engine).get_indexes("lot")}
        assert {"ix_lot_stocked", "ix_lot_prepared_stocked", "ix_lot_fifo"} <= indexes

        # Today's models write columns later revisions add (tests/db/revisions.py).
        with later_columns_for_today_models(engine), Session(engine) as session:
            assert ledger_discrepancies(session) == []
            # The new shapes: a buttercream with a yield used by the shortbread, and its
            # prepared stock made by a bake for no event.
            cream = Recipe(
                name="Buttercream",
                slug="buttercream",
                yield_quantity=Decimal(4),
                yield_unit="cup",
                shelf_life_days=5,
            )
            session.add(cream)
            session.flush()
            session.add(RecipeLine(recipe_id=1, sub_recipe_id=cream.id, quantity=Decimal("0.5"),
                                   unit="cup", position=1))  # fmt: skip
            bake = ProductionRecord(recipe_id=cream.id, batches=1, actual_cost=Decimal(0),
                                    makes_stock=True)  # fmt: skip
            session.add(bake)
            session.flush()
            session.add(Lot(recipe_id=cream.id, production_record_id=bake.id,
                            received_on=date(2026, 12, 1), initial_quantity=Decimal(4),
                            cost=Decimal(0), quantity_remaining=Decimal(4),
                            value_remaining=Decimal(0), best_before=date(2026, 12, 6)))  # fmt: skip
            session.commit()
        assert read_rows(engine, "lot", "id", "recipe_id") == [(1, None), (2, 2)]
