"""Revision 0011 (list prices, shopping ticks, aisles) upgrades a database at the revision
before it with products and a purchase in it: every product keeps its row and has no list
price, no tick or aisle exists, and the shopping list prices as before until a list price
is written down (docs/product.md §6.17)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine, inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.models import Product
from bakehouse.services.catalog import update_product
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.pantry.shopping import set_tick
from tests.conftest import BACKENDS
from tests.db.revisions import (
    database_at,
    insert_rows,
    later_columns_for_today_models,
    read_rows,
    upgrade,
)

#: The revision 0011 follows (one constant: re-chaining is one edit here and in the file).
PREVIOUS = "0010"
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: Engine) -> None:
    """Flour with a bought 2 kg bag ($4.00 on Nov 20) and sugar with a never-bought bag."""
    insert_rows(engine, "ingredient", [
        {"id": 1, "name": "Flour", "slug": "flour", "category": "baking", "measure": "mass",
         "allergens": [], "notes": "", "created_at": WHEN, "draw_order": "fifo"},
        {"id": 2, "name": "Sugar", "slug": "sugar", "category": "baking", "measure": "mass",
         "allergens": [], "notes": "", "created_at": WHEN, "draw_order": "fifo"},
    ])  # fmt: skip
    insert_rows(engine, "product", [
        {"id": 1, "ingredient_id": 1, "slug": "flour-bag", "brand": "", "name": "Flour bag",
         "package_size": Decimal(2000), "package_unit": "g", "is_preferred": True, "notes": "",
         "created_at": WHEN},
        {"id": 2, "ingredient_id": 2, "slug": "sugar-bag", "brand": "", "name": "Sugar bag",
         "package_size": Decimal(1000), "package_unit": "g", "is_preferred": False,
         "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "purchase", [
        {"id": 1, "product_id": 1, "purchased_on": date(2026, 11, 20), "packages": Decimal(1),
         "total_price": Decimal("4.00"), "notes": "", "created_at": WHEN},
    ])  # fmt: skip
    insert_rows(engine, "lot", [
        {"id": 1, "ingredient_id": 1, "product_id": 1, "purchase_id": 1,
         "received_on": date(2026, 11, 20), "initial_quantity": Decimal(2000),
         "cost": Decimal("4.00"), "quantity_remaining": Decimal(0),
         "value_remaining": Decimal(0), "notes": "", "created_at": WHEN,
         "origin": "purchase", "priced": True},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0011_keeps_every_product_and_adds_list_prices_and_ticks(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0011")

        assert {"shopping_tick", "shopping_aisle"} <= set(inspect(engine).get_table_names())
        # Today's models also read columns later revisions add (label facts, archive flags).
        with later_columns_for_today_models(engine), Session(engine) as session:
            products = session.query(Product).order_by(Product.id).all()
            assert [(p.slug, p.list_price, p.list_price_on) for p in products] == [
                ("flour-bag", None, None), ("sugar-bag", None, None)
            ]  # fmt: skip
            prices = latest_unit_prices(session, [1, 2])
            assert (prices[1].cost, prices[1].estimate) == (Decimal("4.00"), False)
            assert 2 not in prices  # never bought, no list price: unpriced
            update_product(session, 2, list_price="1.80", list_price_on="2026-11-25")
            set_tick(session, "upcoming", 2, shortfall="500", today=date(2026, 12, 1))
            session.commit()
            price = latest_unit_prices(session, [2])[2]
            assert (price.cost, price.quantity, price.estimate) == (
                Decimal("1.8000"), Decimal(1000), True
            )  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0011_goes_down_and_up_again_with_products_in_it(backend_name: str, tmp_path: Path) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0011")
        command.downgrade(alembic_config(engine), PREVIOUS)

        assert "shopping_tick" not in inspect(engine).get_table_names()
        assert "list_price" not in {c["name"] for c in inspect(engine).get_columns("product")}
        assert read_rows(engine, "product", "id", "slug") == [(1, "flour-bag"), (2, "sugar-bag")]
        assert read_rows(engine, "purchase", "id") == [(1,)]
        upgrade(engine, "0011")
        assert read_rows(engine, "shopping_tick", "id") == []
