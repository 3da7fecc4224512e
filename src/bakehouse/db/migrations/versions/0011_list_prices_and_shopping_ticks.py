"""list prices, shopping-list ticks and aisles

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 03:40:00

``product`` gains an optional list price (shelf price of one package), the day it was
seen and the store: NULL for every product made before it, so nothing changes until a
baker enters one. ``shopping_tick`` holds the lines ticked on a shopping list, per scope
key and ingredient; ``shopping_aisle`` the order of the categories in the shop. Both start
empty (docs/product.md §6.17).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

#: The revision this one follows: one constant, so re-chaining is one edit.
PREVIOUS = "0010"

revision: str = "0011"
down_revision: str | None = PREVIOUS
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.add_column(sa.Column("list_price", bh_types.MoneyType(), nullable=True))
        batch_op.add_column(sa.Column("list_price_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("list_price_store", sa.String(length=120), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_product_list_price_not_negative"), "list_price IS NULL OR list_price >= 0"
        )
    op.create_table(
        "shopping_tick",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope_key", sa.String(length=60), nullable=False),
        sa.Column("ingredient_id", sa.Integer(), nullable=False),
        sa.Column("shortfall", bh_types.QuantityType(), nullable=False),
        sa.Column("ticked_at", bh_types.UTCDateTime(), nullable=False),
        sa.Column("ticked_by", sa.String(length=120), nullable=False),
        sa.CheckConstraint("shortfall >= 0", name=op.f("ck_shopping_tick_shortfall_not_negative")),
        sa.ForeignKeyConstraint(
            ["ingredient_id"],
            ["ingredient.id"],
            name=op.f("fk_shopping_tick_ingredient_id_ingredient"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shopping_tick")),
        sa.UniqueConstraint(
            "scope_key", "ingredient_id", name=op.f("uq_shopping_tick_scope_key_ingredient_id")
        ),
    )
    with op.batch_alter_table("shopping_tick", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_shopping_tick_scope_key"), ["scope_key"])
        batch_op.create_index(batch_op.f("ix_shopping_tick_ingredient_id"), ["ingredient_id"])
    op.create_table(
        "shopping_aisle",
        sa.Column("category", sa.String(length=60), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint("position >= 0", name=op.f("ck_shopping_aisle_position_not_negative")),
        sa.PrimaryKeyConstraint("category", name=op.f("pk_shopping_aisle")),
    )


def downgrade() -> None:
    op.drop_table("shopping_aisle")
    with op.batch_alter_table("shopping_tick", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_shopping_tick_ingredient_id"))
        batch_op.drop_index(batch_op.f("ix_shopping_tick_scope_key"))
    op.drop_table("shopping_tick")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_product_list_price_not_negative"), type_="check")
        batch_op.drop_column("list_price_store")
        batch_op.drop_column("list_price_on")
        batch_op.drop_column("list_price")
