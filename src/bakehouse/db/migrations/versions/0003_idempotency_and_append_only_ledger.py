"""idempotency keys, and a ledger the database keeps append-only

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-30 21:24:41.787368

* ``idempotency_key``: the answers to requests sent with an ``Idempotency-Key`` header.
* ``ledger_guard``: one row the stock-movement triggers read.
* Triggers refusing UPDATE and DELETE of ``stock_movement`` (and TRUNCATE on PostgreSQL),
  except a DELETE while ``ledger_guard.emptying`` is on, which only
  ``services.ledger.empty_ledger`` does (``import --replace``), inside its transaction.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from bakehouse.models import types as bh_types

revision: str = "0003"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

REFUSAL = "stock movements are append-only: record a reversal or an adjustment instead"

SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER stock_movement_no_update BEFORE UPDATE ON stock_movement
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
    """,
    f"""
    CREATE TRIGGER stock_movement_no_delete BEFORE DELETE ON stock_movement
    WHEN (SELECT emptying FROM ledger_guard WHERE id = 1) IS NOT 1
    BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END
    """,
)
POSTGRESQL_TRIGGERS = (
    f"""
    CREATE OR REPLACE FUNCTION stock_movement_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND EXISTS (SELECT 1 FROM ledger_guard WHERE id = 1 AND emptying) THEN
            RETURN NULL;
        END IF;
        RAISE EXCEPTION '{REFUSAL}' USING ERRCODE = 'restrict_violation';
    END
    $$
    """,
    """
    CREATE TRIGGER stock_movement_append_only
    BEFORE UPDATE OR DELETE OR TRUNCATE ON stock_movement
    FOR EACH STATEMENT EXECUTE FUNCTION stock_movement_append_only()
    """,
)


def upgrade() -> None:
    op.create_table(
        "idempotency_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("location", sa.String(length=2000), nullable=True),
        sa.Column("body", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", bh_types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_key")),
        sa.UniqueConstraint("owner", "key", name=op.f("uq_idempotency_key_owner_key")),
    )
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.create_index("ix_idempotency_key_created_at", ["created_at"], unique=False)

    guard = op.create_table(
        "ledger_guard",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("emptying", sa.Boolean(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_ledger_guard_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_guard")),
    )
    op.bulk_insert(guard, [{"id": 1, "emptying": False}])

    triggers = SQLITE_TRIGGERS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_TRIGGERS
    for statement in triggers:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER stock_movement_no_update")
        op.execute("DROP TRIGGER stock_movement_no_delete")
    else:
        op.execute("DROP TRIGGER stock_movement_append_only ON stock_movement")
        op.execute("DROP FUNCTION stock_movement_append_only()")
    op.drop_table("ledger_guard")
    with op.batch_alter_table("idempotency_key", schema=None) as batch_op:
        batch_op.drop_index("ix_idempotency_key_created_at")
    op.drop_table("idempotency_key")
