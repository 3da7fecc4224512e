"""Revision 0005 (the lots a draw walks, the latest lot of a product) upgrades a pantry in
use at 0004: lots keep their balances, movements keep their recorded costs, and purchased
lots learn their product."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import inspect
from sqlalchemy.orm import Session

from bakehouse.db.migrate import alembic_config
from bakehouse.domain.fifo import LotBalance, book_value
from bakehouse.domain.kinds import AdjustmentReason, MovementKind
from bakehouse.models import Ingredient, Lot
from bakehouse.services.catalog.prices import latest_unit_prices
from bakehouse.services.pantry.draws import draw_stock, stock_request
from bakehouse.services.pantry.ledger import ledger_discrepancies
from bakehouse.units.conversion import Measure
from tests.conftest import BACKENDS
from tests.db.revisions import database_at, insert_rows, read_rows, upgrade

WHEN = datetime(2026, 11, 20, 18, 30, tzinfo=UTC)
#: A salt lot of 737 g for $1.19, drawn twenty times 15 g under the old rule (each draw
#: rounded on its own to $0.0242): it holds $0.0004 more than its book value of $0.7056.
SALT_DRAWS = 20
OLD_RULE_DRAW = Decimal("0.0242")


def ingredient(id_: int, name: str) -> dict[str, object]:
    return {"id": id_, "name": name, "slug": name.lower(), "category": "",
            "measure": Measure.MASS, "density": None, "grams_per_each": None,
            "allergens": [], "notes": "", "created_at": WHEN}  # fmt: skip


def lot(id_: int, ingredient_id: int, purchase_id: int | None, day: date, quantity: str,
        cost: str, left: str, value: str) -> dict[str, object]:  # fmt: skip
    return {"id": id_, "ingredient_id": ingredient_id, "purchase_id": purchase_id,
            "received_on": day, "initial_quantity": Decimal(quantity), "cost": Decimal(cost),
            "quantity_remaining": Decimal(left), "value_remaining": Decimal(value),
            "best_before": None, "location": None, "notes": "", "created_at": WHEN}  # fmt: skip


def movement(id_: int, lot_id: int, kind: MovementKind, quantity: str, value: str,
             reason: AdjustmentReason | None = None) -> dict[str, object]:  # fmt: skip
    return {"id": id_, "lot_id": lot_id, "kind": kind, "quantity": Decimal(quantity),
            "value": Decimal(value), "reason": reason, "note": "",
            "production_record_id": None, "reverses_id": None, "occurred_at": WHEN}  # fmt: skip


def fill_at_0004(engine: object) -> None:
    """Butter bought as two products (the preferred one longer ago), salt drawn often."""
    insert_rows(engine, "ingredient", [ingredient(1, "Butter"), ingredient(2, "Salt")])  # type: ignore[arg-type]
    insert_rows(engine, "product", [  # type: ignore[arg-type]
        {"id": id_, "ingredient_id": 1, "name": name, "slug": name.lower(), "brand": "",
         "package_size": Decimal(250), "package_unit": "g", "gtin": None, "supplier": None,
         "is_preferred": preferred, "notes": "", "created_at": WHEN}
        for id_, name, preferred in [(1, "Usual", True), (2, "Bargain", False)]
    ])  # fmt: skip
    insert_rows(engine, "purchase", [  # type: ignore[arg-type]
        {"id": id_, "product_id": id_, "purchased_on": day, "packages": Decimal(1),
         "total_price": Decimal(price), "supplier": None, "notes": "", "created_at": WHEN}
        for id_, day, price in [(1, date(2026, 10, 1), "3.00"), (2, date(2026, 11, 1), "1.00")]
    ])  # fmt: skip
    drawn = SALT_DRAWS * OLD_RULE_DRAW
    insert_rows(engine, "lot", [  # type: ignore[arg-type]
        lot(1, 1, 1, date(2026, 10, 1), "250", "3.00", "250", "3.00"),
        lot(2, 1, 2, date(2026, 11, 1), "250", "1.00", "250", "1.00"),
        lot(3, 2, None, date(2026, 9, 1), "737", "1.19", "437", str(Decimal("1.19") - drawn)),
    ])  # fmt: skip
    insert_rows(engine, "stock_movement", [  # type: ignore[arg-type]
        movement(1, 1, MovementKind.PURCHASE, "250", "3.00"),
        movement(2, 2, MovementKind.PURCHASE, "250", "1.00"),
        movement(3, 3, MovementKind.OPENING, "737", "1.19"),
        *(movement(4 + n, 3, MovementKind.ADJUSTMENT, "-15", str(-OLD_RULE_DRAW),
                   AdjustmentReason.SPOILAGE) for n in range(SALT_DRAWS)),
    ])  # fmt: skip


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0005_gives_bought_lots_their_product_and_keeps_every_recorded_cost(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at("0004", backend_name, tmp_path) as engine:
        fill_at_0004(engine)
        recorded = read_rows(engine, "stock_movement", "id", "quantity", "value")

        upgrade(engine, "0005")

        assert read_rows(engine, "lot", "id", "product_id") == [(1, 1), (2, 2), (3, None)]
        assert read_rows(engine, "stock_movement", "id", "quantity", "value") == recorded
        indexes = {index["name"] for index in inspect(engine).get_indexes("lot")}
        assert {"ix_lot_stocked", "ix_lot_product_latest"} <= indexes
        upgrade(engine)  # today's code, on the pantry as 0005 left it
        with Session(engine) as session:
            assert ledger_discrepancies(session) == []
            # The preferred product's lot, not the newer bargain.
            assert latest_unit_prices(session)[1].cost == Decimal("3.00")
            salt = session.get(Ingredient, 2)
            assert salt is not None
            drawn = draw_stock(
                session,
                [stock_request(salt, "37")],
                kind=MovementKind.ADJUSTMENT,
                reason=AdjustmentReason.SPOILAGE,
            )
            session.flush()
            # The first draw under the new rule brings the drifted lot back to its book value.
            salt_lot = session.get(Lot, 3)
            assert salt_lot is not None
            balance = LotBalance(3, salt_lot.received_on, Decimal(737), Decimal("1.19"),
                                 Decimal(400), salt_lot.value_remaining)  # fmt: skip
            assert salt_lot.quantity_remaining == 400
            assert salt_lot.value_remaining == book_value(balance, Decimal(400))
            assert drawn.total_cost == Decimal("0.7060") - Decimal("0.6459")
            assert ledger_discrepancies(session) == []
            session.commit()


@pytest.mark.parametrize("backend_name", BACKENDS)
def test_0005_goes_down_to_0004_and_up_again_with_the_pantry_in_it(
    backend_name: str, tmp_path: Path
) -> None:
    with database_at("0004", backend_name, tmp_path) as engine:
        fill_at_0004(engine)
        upgrade(engine, "0005")
        command.downgrade(alembic_config(engine), "0004")

        assert "product_id" not in {c["name"] for c in inspect(engine).get_columns("lot")}
        assert len(read_rows(engine, "stock_movement", "id")) == 3 + SALT_DRAWS

        upgrade(engine, "0005")
        assert read_rows(engine, "lot", "id", "product_id") == [(1, 1), (2, 2), (3, None)]
