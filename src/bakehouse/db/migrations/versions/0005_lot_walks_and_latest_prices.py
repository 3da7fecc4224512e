"""lots a draw walks, and the latest lot of a product, by index

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 00:47:19

* ``ix_lot_stocked``: the lots with stock left, in draw order (a partial index), so a bake
  reads only the oldest lots that cover it however long the pantry's history
  (docs/product.md §2.2).
* ``lot.product_id``: the product of the lot's purchase, copied from it (filled in here
  for the lots already bought), and ``ix_lot_product_latest``, so the latest price of a
  product is one index look-up (docs/product.md §2.4).

Recorded draw costs are history: no movement is touched.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STOCKED = "quantity_remaining > 0"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # ADD COLUMN in place: batch mode would rebuild ``lot``, and dropping the old table
        # trips the foreign keys of the movements that point at it.
        op.execute(
            "ALTER TABLE lot ADD COLUMN product_id INTEGER "
            "CONSTRAINT fk_lot_product_id_product REFERENCES product (id)"
        )
    else:
        op.add_column("lot", sa.Column("product_id", sa.Integer(), nullable=True))
        op.create_foreign_key(
            op.f("fk_lot_product_id_product"), "lot", "product", ["product_id"], ["id"]
        )
    op.execute(
        "UPDATE lot SET product_id = "
        "(SELECT purchase.product_id FROM purchase WHERE purchase.id = lot.purchase_id) "
        "WHERE purchase_id IS NOT NULL"
    )
    op.create_index("ix_lot_product_latest", "lot", ["product_id", "received_on", "id"])
    op.create_index(
        "ix_lot_stocked",
        "lot",
        ["ingredient_id", "received_on", "id"],
        sqlite_where=sa.text(STOCKED),
        postgresql_where=sa.text(STOCKED),
    )


def downgrade() -> None:
    op.drop_index("ix_lot_stocked", table_name="lot")
    op.drop_index("ix_lot_product_latest", table_name="lot")
    if op.get_bind().dialect.name == "sqlite":
        # A rebuild: a later revision's rebuild of ``lot`` made the column's foreign key a
        # table constraint, which SQLite's DROP COLUMN cannot drop.
        with op.batch_alter_table("lot", recreate="always") as batch:
            batch.drop_column("product_id")
    else:
        op.drop_constraint(op.f("fk_lot_product_id_product"), "lot", type_="foreignkey")
        op.drop_column("lot", "product_id")
