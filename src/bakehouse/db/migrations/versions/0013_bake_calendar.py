"""the bake calendar's stored inputs

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-02 03:40:00

Per recipe: hands-on minutes per batch, the most batches in one session and how what it
makes freezes (freezable, frozen shelf life, thaw hours); per package: minutes to assemble
one; a delivery date per event and per assignment (NULL: the event's day). All NULL or
false on existing rows: nothing is known yet, and the calendar names what is missing.
``calendar_day`` holds one-off changes to the baker's hours and days off;
``calendar_feed_token`` the revocable secret addresses of the calendar feed
(docs/product.md §6.10).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

#: The revision before this one — the one constant to change when re-chained.
PREVIOUS = "0011"

revision: str = "0013"
down_revision: str | None = PREVIOUS
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("recipe", schema=None) as batch_op:
        batch_op.add_column(sa.Column("hands_on_minutes", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("max_batches_per_session", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("freezable", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(sa.Column("frozen_shelf_life_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("thaw_hours", bh_types.QuantityType(), nullable=True))
        batch_op.create_check_constraint(
            op.f("ck_recipe_hands_on_not_negative"),
            "hands_on_minutes IS NULL OR hands_on_minutes >= 0",
        )
        batch_op.create_check_constraint(
            op.f("ck_recipe_session_batches_positive"),
            "max_batches_per_session IS NULL OR max_batches_per_session > 0",
        )
        batch_op.create_check_constraint(
            op.f("ck_recipe_frozen_shelf_life_positive"),
            "frozen_shelf_life_days IS NULL OR frozen_shelf_life_days > 0",
        )
        batch_op.create_check_constraint(
            op.f("ck_recipe_thaw_hours_not_negative"), "thaw_hours IS NULL OR thaw_hours >= 0"
        )
    with op.batch_alter_table("package", schema=None) as batch_op:
        batch_op.add_column(sa.Column("assembly_minutes", sa.Integer(), nullable=True))
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_date", sa.Date(), nullable=True))
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("delivery_date", sa.Date(), nullable=True))
    op.create_table(
        "calendar_day",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=True),
        sa.Column("unavailable", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "minutes IS NULL OR minutes >= 0", name=op.f("ck_calendar_day_minutes_not_negative")
        ),
        sa.CheckConstraint(
            "unavailable OR minutes IS NOT NULL", name=op.f("ck_calendar_day_off_or_minutes")
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_day")),
    )
    op.create_table(
        "calendar_feed_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", bh_types.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", bh_types.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_calendar_feed_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_calendar_feed_token_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("calendar_feed_token")
    op.drop_table("calendar_day")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_column("delivery_date")
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("delivery_date")
    with op.batch_alter_table("package", schema=None) as batch_op:
        batch_op.drop_column("assembly_minutes")
    with op.batch_alter_table("recipe", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_recipe_thaw_hours_not_negative"), type_="check")
        batch_op.drop_constraint(op.f("ck_recipe_frozen_shelf_life_positive"), type_="check")
        batch_op.drop_constraint(op.f("ck_recipe_session_batches_positive"), type_="check")
        batch_op.drop_constraint(op.f("ck_recipe_hands_on_not_negative"), type_="check")
        batch_op.drop_column("thaw_hours")
        batch_op.drop_column("frozen_shelf_life_days")
        batch_op.drop_column("freezable")
        batch_op.drop_column("max_batches_per_session")
        batch_op.drop_column("hands_on_minutes")
