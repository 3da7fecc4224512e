"""seasons, budgets and the settings store

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01 23:40:00

``season`` holds named date ranges with an optional budget; events belong to a season by
their date, so no event row changes. ``event.budget`` is an optional budget per event
(NULL for every event made before it: no budget, so nothing reads "left" or "over").
``setting`` holds the settings an owner changed from their defaults; none at first, so
every setting reads its default (docs/product.md §6.15).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "season",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("budget", bh_types.MoneyType(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "budget IS NULL OR budget >= 0", name=op.f("ck_season_budget_not_negative")
        ),
        sa.CheckConstraint("ends_on >= starts_on", name=op.f("ck_season_ends_after_start")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_season")),
        sa.UniqueConstraint("name", name=op.f("uq_season_name")),
        sa.UniqueConstraint("slug", name=op.f("uq_season_slug")),
    )
    with op.batch_alter_table("season", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_season_starts_on"), ["starts_on"], unique=False)
    op.create_table(
        "setting",
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.Column("updated_at", bh_types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_setting")),
    )
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("budget", bh_types.MoneyType(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("budget")
    op.drop_table("setting")
    with op.batch_alter_table("season", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_season_starts_on"))
    op.drop_table("season")
