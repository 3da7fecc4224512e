"""the pantry as it really is: lot origins, unpriced lots, draw order, incomplete bakes

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 23:45:00

docs/product.md §6.14:

* ``lot.origin``: where a lot's stock came from (purchase, opening, unrecorded, found,
  prepared); only purchases and opening stock are prices. Existing lots get theirs from
  what they already say: a purchase's lot is a purchase, a sub-recipe's lot prepared
  stock, any other lot opening stock.
* ``lot.priced``: false when the lot's cost is not known; every existing lot was priced.
* ``ingredient.draw_order``: FIFO (every existing ingredient) or earliest best-before first.
* ``production_record.cost_incomplete``: the bake drew a lot whose cost is not known;
  no existing bake did.

New stock-movement kinds (``unrecorded``, ``found``) and the adjustment reason
``stock_take`` need no change: those columns are plain strings.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ORIGIN = sa.Enum(
    "purchase",
    "opening",
    "unrecorded",
    "found",
    "prepared",
    name="lotorigin",
    native_enum=False,
    length=20,
)
DRAW_ORDER = sa.Enum("fifo", "fefo", name="draworder", native_enum=False, length=20)


def upgrade() -> None:
    # Plain ADD COLUMN with a constant default: no table is rebuilt (SQLite keeps its
    # partial indexes and the ledger's triggers as they are).
    op.add_column("lot", sa.Column("origin", ORIGIN, nullable=False, server_default="purchase"))
    op.add_column(
        "lot", sa.Column("priced", sa.Boolean(), nullable=False, server_default=sa.true())
    )
    op.add_column(
        "ingredient",
        sa.Column("draw_order", DRAW_ORDER, nullable=False, server_default="fifo"),
    )
    op.add_column(
        "production_record",
        sa.Column("cost_incomplete", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    lot = sa.table(
        "lot",
        sa.column("origin", sa.String),
        sa.column("purchase_id", sa.Integer),
        sa.column("recipe_id", sa.Integer),
    )
    op.execute(lot.update().where(lot.c.recipe_id.is_not(None)).values(origin="prepared"))
    op.execute(
        lot.update()
        .where(lot.c.recipe_id.is_(None), lot.c.purchase_id.is_(None))
        .values(origin="opening")
    )
    if op.get_bind().dialect.name != "sqlite":
        # The defaults were only for the rows already there; the models set them.
        op.alter_column("lot", "origin", server_default=None)
        op.alter_column("lot", "priced", server_default=None)
        op.alter_column("ingredient", "draw_order", server_default=None)
        op.alter_column("production_record", "cost_incomplete", server_default=None)


def downgrade() -> None:
    """Back to 0008, when nothing of this revision was used: unrecorded and found stock
    (movements of kinds 0008 does not know) cannot be represented there."""
    # Plain DROP COLUMN (SQLite 3.35+ has it): no table rebuilt, so SQLite's partial
    # indexes and triggers stay as they are.
    for table, column in (
        ("production_record", "cost_incomplete"),
        ("ingredient", "draw_order"),
        ("lot", "priced"),
        ("lot", "origin"),
    ):
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN {column}"))
