"""label inputs: ingredients' specific allergen names and sub-ingredients; longer settings

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02 03:40:00

``ingredient.allergen_names`` holds the specific allergen names labels print, by allergen
code ({"tree_nuts": ["almonds"]}); ``ingredient.sub_ingredients`` what the ingredient is made
of, as its packet lists it. Every ingredient made before has none of either (``{}`` and
``[]``): its labels name the allergen generally until a name is set. ``item.baked_weight_g``
is what one baked piece weighs (NULL: not weighed, the label uses the ingredients' weight).
``setting.value`` grows
to 1,000 characters for the label settings (the maker's address and statement,
docs/product.md §6.8).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

#: The revision this one follows: main's head when it was written.
PREVIOUS = "0013"

revision: str = "0014"
down_revision: str | None = PREVIOUS
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ingredient", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("allergen_names", sa.JSON(), nullable=False, server_default="{}")
        )
        batch_op.add_column(
            sa.Column("sub_ingredients", sa.JSON(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("ingredient", schema=None) as batch_op:
        batch_op.alter_column("allergen_names", server_default=None)
        batch_op.alter_column("sub_ingredients", server_default=None)
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.String(length=200), type_=sa.String(length=1000)
        )
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.add_column(sa.Column("baked_weight_g", bh_types.QuantityType(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("item", schema=None) as batch_op:
        batch_op.drop_column("baked_weight_g")
    # The revision before knows no label setting (and its column holds 200 characters):
    # the label settings are forgotten going down.
    op.execute(
        sa.text("DELETE FROM setting WHERE key IN "
                "('label_style', 'label_maker_name', 'label_maker_address', 'label_statement')")
    )  # fmt: skip
    with op.batch_alter_table("setting", schema=None) as batch_op:
        batch_op.alter_column(
            "value", existing_type=sa.String(length=1000), type_=sa.String(length=200)
        )
    with op.batch_alter_table("ingredient", schema=None) as batch_op:
        batch_op.drop_column("sub_ingredients")
        batch_op.drop_column("allergen_names")
