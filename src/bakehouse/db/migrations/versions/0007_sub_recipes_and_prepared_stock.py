"""sub-recipes and prepared stock

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 04:25:00

docs/product.md §6.12:

* ``recipe``: a yield per batch (quantity, unit, optional density) and the shelf life of
  its prepared stock;
* ``recipe_line``: a line is an ingredient or a sub-recipe (``sub_recipe_id``), never both;
* ``lot``: prepared stock of a sub-recipe (``recipe_id``) made by a bake
  (``production_record_id``), never both an ingredient and a recipe; an index of the
  stocked prepared lots in draw order (best-before, then FIFO);
* ``production_record``: a sub-recipe bake makes stock (``makes_stock``), may name no event,
  and may have been made for a parent bake (``parent_id``).

``ix_production_record_live_sums`` (0006) also holds ``makes_stock``, so the dashboard's
sums of an event's own bakes are still read from the index alone.

Existing rows keep their meaning: every line is an ingredient line, every lot an
ingredient lot, every bake an ordinary one.
"""

from collections.abc import Sequence
from typing import Literal

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STOCKED = "quantity_remaining > 0"
PREPARED_STOCKED = "quantity_remaining > 0 AND recipe_id IS NOT NULL"
LIVE = "reversed_at IS NULL"
LIVE_SUMS = ["event_id", "recipe_id", "batches", "actual_cost", "reversed_at"]
ONE_OF = "(ingredient_id IS NULL) <> ({other} IS NULL)"


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.drop_index("ix_production_record_live_sums", table_name="production_record")
    if sqlite:
        # A partial index is not reflected by the rebuild: dropped here, made again below.
        op.drop_index("ix_lot_stocked", table_name="lot")
    recreate: Literal["always", "auto"] = "always" if sqlite else "auto"

    with op.batch_alter_table("recipe", recreate=recreate) as batch:
        batch.add_column(sa.Column("yield_quantity", bh_types.QuantityType(), nullable=True))
        batch.add_column(sa.Column("yield_unit", sa.String(length=20), nullable=True))
        batch.add_column(sa.Column("yield_density", bh_types.QuantityType(), nullable=True))
        batch.add_column(sa.Column("shelf_life_days", sa.Integer(), nullable=True))
        batch.create_check_constraint(
            op.f("ck_recipe_yield_quantity_and_unit"),
            "(yield_quantity IS NULL) = (yield_unit IS NULL)",
        )
        batch.create_check_constraint(
            op.f("ck_recipe_yield_positive"), "yield_quantity IS NULL OR yield_quantity > 0"
        )
        batch.create_check_constraint(
            op.f("ck_recipe_density_positive"), "yield_density IS NULL OR yield_density > 0"
        )
        batch.create_check_constraint(
            op.f("ck_recipe_shelf_life_not_negative"),
            "shelf_life_days IS NULL OR shelf_life_days >= 0",
        )

    with op.batch_alter_table("recipe_line", recreate=recreate) as batch:
        batch.alter_column("ingredient_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("sub_recipe_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_recipe_line_sub_recipe_id_recipe"), "recipe", ["sub_recipe_id"], ["id"]
        )
        batch.create_index(op.f("ix_recipe_line_sub_recipe_id"), ["sub_recipe_id"])
        batch.create_check_constraint(
            op.f("ck_recipe_line_ingredient_or_recipe"), ONE_OF.format(other="sub_recipe_id")
        )

    with op.batch_alter_table("production_record", recreate=recreate) as batch:
        batch.alter_column("event_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(
            sa.Column("makes_stock", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            op.f("fk_production_record_parent_id_production_record"),
            "production_record",
            ["parent_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_production_record_parent_id"), ["parent_id"])

    with op.batch_alter_table("lot", recreate=recreate) as batch:
        batch.alter_column("ingredient_id", existing_type=sa.Integer(), nullable=True)
        batch.add_column(sa.Column("recipe_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("production_record_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(op.f("fk_lot_recipe_id_recipe"), "recipe", ["recipe_id"], ["id"])
        batch.create_foreign_key(
            op.f("fk_lot_production_record_id_production_record"),
            "production_record",
            ["production_record_id"],
            ["id"],
        )
        batch.create_index(op.f("ix_lot_production_record_id"), ["production_record_id"])
        batch.create_check_constraint(
            op.f("ck_lot_ingredient_or_recipe"), ONE_OF.format(other="recipe_id")
        )

    if sqlite:
        op.create_index(
            "ix_lot_stocked",
            "lot",
            ["ingredient_id", "received_on", "id"],
            sqlite_where=sa.text(STOCKED),
        )
    op.create_index(
        "ix_production_record_live_sums",
        "production_record",
        [*LIVE_SUMS, "makes_stock"],
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    op.create_index(
        "ix_lot_prepared_stocked",
        "lot",
        ["recipe_id", "best_before", "received_on", "id"],
        sqlite_where=sa.text(PREPARED_STOCKED),
        postgresql_where=sa.text(PREPARED_STOCKED),
    )
    # The column default was only for the rows already there; the models set it.
    with op.batch_alter_table("production_record", recreate="never") as batch:
        if not sqlite:
            batch.alter_column("makes_stock", server_default=None)


def downgrade() -> None:
    """Back to 0006, when nothing of this revision was used (prepared stock, sub-recipe
    lines and bakes without an event cannot be represented there)."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.drop_index("ix_lot_stocked", table_name="lot")
    op.drop_index("ix_lot_prepared_stocked", table_name="lot")
    op.drop_index("ix_production_record_live_sums", table_name="production_record")
    recreate: Literal["always", "auto"] = "always" if sqlite else "auto"
    with op.batch_alter_table("lot", recreate=recreate) as batch:
        batch.drop_constraint(op.f("ck_lot_ingredient_or_recipe"), type_="check")
        batch.drop_index("ix_lot_production_record_id")
        batch.drop_constraint(
            op.f("fk_lot_production_record_id_production_record"), type_="foreignkey"
        )
        batch.drop_constraint(op.f("fk_lot_recipe_id_recipe"), type_="foreignkey")
        batch.drop_column("production_record_id")
        batch.drop_column("recipe_id")
        batch.alter_column("ingredient_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("production_record", recreate=recreate) as batch:
        batch.drop_index("ix_production_record_parent_id")
        batch.drop_constraint(
            op.f("fk_production_record_parent_id_production_record"), type_="foreignkey"
        )
        batch.drop_column("parent_id")
        batch.drop_column("makes_stock")
        batch.alter_column("event_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("recipe_line", recreate=recreate) as batch:
        batch.drop_constraint(op.f("ck_recipe_line_ingredient_or_recipe"), type_="check")
        batch.drop_index("ix_recipe_line_sub_recipe_id")
        batch.drop_constraint(op.f("fk_recipe_line_sub_recipe_id_recipe"), type_="foreignkey")
        batch.drop_column("sub_recipe_id")
        batch.alter_column("ingredient_id", existing_type=sa.Integer(), nullable=False)
    with op.batch_alter_table("recipe", recreate=recreate) as batch:
        for name in (
            "shelf_life_not_negative",
            "density_positive",
            "yield_positive",
            "yield_quantity_and_unit",
        ):
            batch.drop_constraint(op.f(f"ck_recipe_{name}"), type_="check")
        for column in ("shelf_life_days", "yield_density", "yield_unit", "yield_quantity"):
            batch.drop_column(column)
    if sqlite:
        op.create_index(
            "ix_lot_stocked",
            "lot",
            ["ingredient_id", "received_on", "id"],
            sqlite_where=sa.text(STOCKED),
        )
    op.create_index(
        "ix_production_record_live_sums",
        "production_record",
        LIVE_SUMS,
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
