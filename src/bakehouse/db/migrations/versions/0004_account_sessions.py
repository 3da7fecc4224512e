"""server-side sessions; sign-in attempts counted by address

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30 21:30:00

Adds ``account_session`` (one row per signed-in browser, so signing out, signing out
everywhere, disabling an account or changing its role ends sessions at once) and an index
on ``auth_event (ip, at)`` for the per-address sign-in limit. The new kinds of auth event
(``login_checking``, ``login_refused``, ``sessions_ended``) fit the existing column: kinds
are stored as text of at most 20 characters without a constraint. Cookies made before this
revision carry no session key, so everyone signs in once more after upgrading.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "account_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=False),
        sa.Column("created_at", bh_types.UTCDateTime(), nullable=False),
        sa.Column("ended_at", bh_types.UTCDateTime(), nullable=True),
        sa.Column("end_reason", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["user_account.id"],
            name=op.f("fk_account_session_user_id_user_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_account_session")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_account_session_key_hash")),
    )
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_session_user_id"), ["user_id"], unique=False)
    with op.batch_alter_table("auth_event", schema=None) as batch_op:
        batch_op.create_index("ix_auth_event_ip_at", ["ip", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_event", schema=None) as batch_op:
        batch_op.drop_index("ix_auth_event_ip_at")
    with op.batch_alter_table("account_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_session_user_id"))
    op.drop_table("account_session")
