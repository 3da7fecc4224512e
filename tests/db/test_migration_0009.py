"""Revision 0009 (the pantry as it really is, docs/product.md §6.14) upgrades a database at
0008 with a pantry in it: a purchased lot, opening stock and a sub-recipe's prepared stock
get their origins from what they already say, every lot stays a price as it was, every
ingredient draws FIFO and no bake's cost is incomplete; a short bake is then covered by
unrecorded stock on it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.services.production.bakes import record_production
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

PREVIOUS = "0008"
WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)


def fill_at_previous(engine: Engine) -> None:
    """Flour bought (1000 g for $4.00) and opening stock (500 g for $1.00, received
    later), a glaze (a sub-recipe) made once into prepared stock, a cookie recipe using
    200 g of flour a batch, and an event."""
    made = {"notes": "", "created_at": WHEN}
    insert_rows(engine, "ingredient", [
        {"id": 1, "name": "Flour", "slug": "flour", "category": "dry", "measure": "mass",
         "allergens": [], **made},
    ])  # fmt: skip
    insert_rows(engine, "product", [
        {"id": 1, "ingredient_id": 1, "slug": "flour-bag", "brand": "", "name": "Bag",
         "package_size": Decimal(1000), "package_unit": "g", "is_preferred": True, **made},
    ])  # fmt: skip
    insert_rows(engine, "purchase", [
        {"id": 1, "product_id": 1, "purchased_on": date(2026, 11, 1), "packages": Decimal(1),
         "total_price": Decimal("4.00"), **made},
    ])  # fmt: skip
    insert_rows(engine, "recipe", [
        {"id": 1, "name": "Glaze", "slug": "glaze", "instructions": "", **made},
        {"id": 2, "name": "Cookies", "slug": "cookies", "instructions": "", **made},
    ])  # fmt: skip
    insert_rows(engine, "recipe_line", [
        {"id": 1, "recipe_id": 2, "ingredient_id": 1, "quantity": Decimal(200), "unit": "g",
         "position": 0, "note": "", "sub_recipe_id": None},
        {"id": 2, "recipe_id": 1, "ingredient_id": 1, "quantity": Decimal(10), "unit": "g",
         "position": 0, "note": "", "sub_recipe_id": None},
    ])  # fmt: skip
    insert_rows(engine, "event", [
        {"id": 1, "name": "Christmas", "slug": "christmas", "event_date": date(2026, 12, 24),
         **made},
    ])  # fmt: skip
    insert_rows(engine, "production_record", [
        {"id": 1, "event_id": None, "recipe_id": 1, "batches": 1, "actual_cost": Decimal("0.04"),
         "produced_at": WHEN, "reversal_reason": "", "makes_stock": True, **made},
    ])  # fmt: skip
    unset = ("ingredient_id", "recipe_id", "purchase_id", "product_id", "production_record_id")
    lot = {"location": None, "best_before": None, **dict.fromkeys(unset), **made}
    insert_rows(engine, "lot", [
        {**lot, "id": 1, "ingredient_id": 1, "purchase_id": 1, "product_id": 1,
         "received_on": date(2026, 11, 1), "initial_quantity": Decimal(1000),
         "cost": Decimal("4.00"), "quantity_remaining": Decimal(990),
         "value_remaining": Decimal("3.96")},
        {**lot, "id": 2, "ingredient_id": 1, "received_on": date(2026, 11, 2),
         "initial_quantity": Decimal(500), "cost": Decimal("1.00"),
         "quantity_remaining": Decimal(500), "value_remaining": Decimal("1.00")},
        {**lot, "id": 3, "recipe_id": 1, "production_record_id": 1, "received_on": WHEN.date(),
         "initial_quantity": Decimal(1), "cost": Decimal("0.04"),
         "quantity_remaining": Decimal(1), "value_remaining": Decimal("0.04")},
    ])  # fmt: skip
    moved = {"note": "", "occurred_at": WHEN, "reason": None, "reverses_id": None,
             "production_record_id": None}  # fmt: skip
    insert_rows(engine, "stock_movement", [
        {**moved, "id": 1, "lot_id": 1, "kind": "purchase", "quantity": Decimal(1000),
         "value": Decimal("4.00")},
        {**moved, "id": 2, "lot_id": 2, "kind": "opening", "quantity": Decimal(500),
         "value": Decimal("1.00")},
        {**moved, "id": 3, "lot_id": 1, "kind": "production", "quantity": Decimal(-10),
         "value": Decimal("-0.04"), "production_record_id": 1},
        {**moved, "id": 4, "lot_id": 3, "kind": "prepared", "quantity": Decimal(1),
         "value": Decimal("0.04"), "production_record_id": 1},
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0009_gives_every_lot_its_origin_and_then_covers_a_short_bake(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0009")

        assert read_rows(engine, "lot", "id", "origin", "priced") == [
            (1, "purchase", True),
            (2, "opening", True),
            (3, "prepared", True),
        ]
        assert read_rows(engine, "ingredient", "id", "draw_order") == [(1, "fifo")]
        assert read_rows(engine, "production_record", "id", "cost_incomplete") == [(1, False)]
        # Today's services read today's schema: the later migrations keep these rows too.
        upgrade(engine)
        with Session(engine) as session:
            # The preferred product's purchase is still the price ($4.00 for 1000 g).
            price = latest_unit_prices(session, [1])[1]
            assert (price.cost, price.quantity) == (Decimal(4), Decimal(1000))
            baked = record_production(
                session, event_id=1, recipe_id=2, batches=8, produced_at=WHEN,
                confirm=["over_plan", "cover_shortage"],
            )  # fmt: skip
            [booked] = baked.unrecorded
            assert (booked.quantity, booked.value) == (Decimal(110), Decimal("0.4400"))
            assert ledger_discrepancies(session) == []
            session.commit()


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0009_goes_down_and_up_again_with_a_pantry_in_it(backend_name: str, tmp_path: Path) -> None:
    with database_at(PREVIOUS, backend_name, tmp_path) as engine:
        fill_at_previous(engine)
        upgrade(engine, "0009")
        command.downgrade(alembic_config(engine), PREVIOUS)

        assert read_rows(engine, "lot", "id", "quantity_remaining") == [
            (1, Decimal(990)),
            (2, Decimal(500)),
            (3, Decimal(1)),
        ]
        upgrade(engine, "0009")
        assert read_rows(engine, "lot", "id", "origin") == [
            (1, "purchase"),
            (2, "opening"),
            (3, "prepared"),
        ]
