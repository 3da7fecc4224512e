"""Revision 0014 (label inputs) upgrades a database at the revision before it with
ingredients and settings in it: every ingredient keeps its allergens and has no specific
names and no sub-ingredients, a stored setting keeps its value, and the label settings can
hold long text after (docs/product.md §6.8)."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.models import Ingredient
from bakehouse.services.catalog import update_ingredient
from bakehouse.services.core.settings import get_setting, set_setting
from tests.conftest import BACKENDS
from tests.db.revisions import (
    database_at,
    insert_rows,
    later_columns_for_today_models,
    read_rows,
    upgrade,
)

#: The revision 0014 follows (one constant: re-chaining is one edit here and in the migration).
PREVIOUS = "0013"
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
STATEMENT = "Made in a home kitchen that is not inspected by the state. " * 10


def fill_at_previous(engine: Engine) -> None:
    insert_rows(engine, "ingredient", [
        {"id": 1, "name": "Almond flour", "slug": "almond-flour", "category": "baking",
         "measure": "mass", "density": None, "grams_per_each": None,
         "allergens": ["tree_nuts"], "notes": "", "created_at": WHEN, "draw_order": "fifo"},
        {"id": 2, "name": "Butter", "slug": "butter", "category": "dairy", "measure": "mass",
         "density": Decimal("0.911"), "grams_per_each": None, "allergens": ["milk"],
         "notes": "unsalted", "created_at": WHEN, "draw_order": "fifo"},
    ])  # fmt: skip
    insert_rows(engine, "setting", [
        {"key": "shopping_horizon_weeks", "value": "8", "updated_at": WHEN},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0014_gives_every_ingredient_no_names_and_keeps_the_settings(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0014")

        # Today's models also read columns later revisions add (archive flags, §6.20).
        with later_columns_for_today_models(engine), Session(engine) as session:
            almond = session.get(Ingredient, 1)
            assert almond is not None
            assert (almond.allergens, almond.allergen_names, almond.sub_ingredients) == (
                ["tree_nuts"], {}, [],
            )  # fmt: skip
            assert get_setting(session, "shopping_horizon_weeks", environ={}).value == 8
            update_ingredient(session, 1, allergen_names="tree nuts: almonds")
            set_setting(session, "label_statement", STATEMENT, environ={})
            session.commit()
            assert get_setting(session, "label_statement", environ={}).value == STATEMENT.strip()
            assert almond.allergen_names == {"tree_nuts": ["almonds"]}


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0014_goes_down_and_up_again_with_ingredients_in_it(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0014")
        with Session(engine) as session:
            set_setting(session, "label_statement", STATEMENT, environ={})
            session.commit()
        command.downgrade(alembic_config(engine), PREVIOUS)

        columns = {c["name"] for c in inspect(engine).get_columns("ingredient")}
        assert {"allergen_names", "sub_ingredients"}.isdisjoint(columns)
        assert read_rows(engine, "ingredient", "id", "name") == [(1, "Almond flour"), (2, "Butter")]
        assert read_rows(engine, "setting", "key", "value") == [("shopping_horizon_weeks", "8")]
        upgrade(engine, "0014")
        assert read_rows(engine, "ingredient", "id", "sub_ingredients") == [(1, []), (2, [])]
