"""Revision 0008 (losses and moves of good items) upgrades a database at 0007 with bakes in
it, sub-recipe bakes and prepared stock included: bakes recorded before it count every
expected item as good, so every figure stays what it was, and losses and moves can be
recorded against them (docs/product.md §6.13)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.models import Recipe, RecipeLine
from bakehouse.services.production.outcomes import record_loss
from bakehouse.services.production.progress import get_production_progress
from tests.conftest import BACKENDS
from tests.db.revisions import (
    database_at,
    insert_rows,
    later_columns_for_today_models,
    read_rows,
    upgrade,
)
from tests.services.test_outcomes import make_kitchen

PREVIOUS = "0007"
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: object) -> tuple[int, int, int]:
    """The cookie swap of the acceptance examples, baked: 2 batches for $10.00; the
    cookies use a glaze (a sub-recipe, revision 0007: docs/product.md §6.12) made for the
    bake now, and more glaze made ahead for no event, each bake leaving prepared stock.
    The kitchen is made through today's models (tests/db/revisions.py)."""
    with (
        later_columns_for_today_models(engine),  # type: ignore[arg-type]
        Session(engine) as session,  # type: ignore[call-overload]
    ):
        kitchen = make_kitchen(session)
        glaze = Recipe(name="Glaze", slug="glaze", yield_quantity=Decimal(4), yield_unit="cup",
                       shelf_life_days=5)  # fmt: skip
        session.add(glaze)
        session.flush()
        session.add(RecipeLine(recipe_id=kitchen.recipe.id, sub_recipe_id=glaze.id,
                               quantity=Decimal("0.5"), unit="cup", position=1))  # fmt: skip
        ids = (kitchen.event.id, kitchen.cookie.id, glaze.id)
        recipe_id = kitchen.recipe.id
        session.commit()
    insert_rows(engine, "production_record", [  # type: ignore[arg-type]
        {"id": 1, "event_id": ids[0], "recipe_id": recipe_id, "batches": 2,
         "actual_cost": Decimal("10.00"), "produced_at": WHEN, "notes": "",
         "reversed_at": None, "reversal_reason": "", "created_at": WHEN,
         "makes_stock": False, "parent_id": None},
        {"id": 2, "event_id": ids[0], "recipe_id": ids[2], "batches": 1,
         "actual_cost": Decimal("2.00"), "produced_at": WHEN, "notes": "made for bake 1",
         "reversed_at": None, "reversal_reason": "", "created_at": WHEN,
         "makes_stock": True, "parent_id": 1},
        {"id": 3, "event_id": None, "recipe_id": ids[2], "batches": 1,
         "actual_cost": Decimal("2.00"), "produced_at": WHEN, "notes": "",
         "reversed_at": None, "reversal_reason": "", "created_at": WHEN,
         "makes_stock": True, "parent_id": None},
    ])  # fmt: skip
    insert_rows(engine, "lot", [  # type: ignore[arg-type]
        {"id": 100 + bake, "ingredient_id": None, "recipe_id": ids[2],
         "production_record_id": bake, "purchase_id": None, "product_id": None,
         "received_on": WHEN.date(), "initial_quantity": Decimal(4), "cost": Decimal("2.00"),
         "quantity_remaining": Decimal(left), "value_remaining": Decimal(value),
         "best_before": date(2026, 11, 25), "location": None, "notes": "", "created_at": WHEN}
        for bake, left, value in [(2, "3", "1.50"), (3, "4", "2.00")]
    ])  # fmt: skip
    return ids


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0008_keeps_every_bake_good_and_takes_losses_after(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        event_id, cookie_id, glaze_id = fill_at_previous(engine)
        upgrade(engine, "0008")

        assert "item_outcome" in inspect(engine).get_table_names()
        # Today's services read today's schema: the later migrations keep these rows too.
        upgrade(engine)
        with Session(engine) as session:
            # The glaze's bakes make prepared stock, not items: a sub-recipe row, and not
            # in the cookies' batches or cost.
            recipe, glaze = get_production_progress(session, event_id).recipes
            assert (glaze.recipe_id, glaze.is_sub_recipe, glaze.items) == (glaze_id, True, ())
            assert (recipe.batches_produced, recipe.is_complete) == (2, True)
            assert recipe.items[0].items_made == 48
            assert recipe.actual_cost == Decimal("10.00")
            [loss] = record_loss(
                session, event_id=event_id, item_id=cookie_id, quantity=8, reason="burnt"
            )
            assert (loss.bake_id, loss.cost) == (1, Decimal("1.6667"))
            session.commit()
            recipe, _glaze = get_production_progress(session, event_id).recipes
            assert (recipe.items[0].items_made, recipe.batches_still_to_bake) == (40, 1)


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0008_goes_down_and_up_again_with_bakes_in_it(backend_name: str, tmp_path: Path) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        _event_id, _cookie_id, glaze_id = fill_at_previous(engine)
        upgrade(engine, "0008")
        command.downgrade(alembic_config(engine), PREVIOUS)

        assert "item_outcome" not in inspect(engine).get_table_names()
        assert read_rows(engine, "production_record", "id", "batches") == [(1, 2), (2, 1), (3, 1)]
        prepared = [(102, glaze_id), (103, glaze_id)]
        assert read_rows(engine, "lot", "id", "recipe_id") == [(1, None), *prepared]
        upgrade(engine, "0008")
        assert read_rows(engine, "item_outcome", "id") == []
