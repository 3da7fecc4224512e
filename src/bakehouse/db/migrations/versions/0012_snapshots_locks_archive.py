"""keep the past true: content snapshots, plan locks, archive flags

Revision ID: 0012
Revises: 0014
Create Date: 2026-12-02 03:40:00

docs/product.md §6.20:

* ``content_snapshot`` / ``content_snapshot_line``: a package's resolved contents (items
  and units, bundles expanded) frozen when an assignment is assembled;
  ``assignment.snapshot_id`` points at it. Every assignment already assembled or delivered
  gets its snapshot here, **from its package's contents today** (nothing older is known);
  the upgrade says how many it froze.
* ``event.locked_at``, ``event_price_lock``, ``event_recipe_lock``, ``event_lock_change``:
  plan locks (frozen prices) and their record; no event is locked.
* ``archived_at`` on ingredients, products, recipes, items, bundles, packages, recipients
  and events: nothing is archived.
"""

import logging
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from bakehouse.domain.planning import CatalogGraph, ContentLine
from bakehouse.models import types as bh_types

#: The revision this one follows: the one constant to change when re-chaining.
PREVIOUS = "0014"

revision: str = "0012"
down_revision: str | None = PREVIOUS
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")

ARCHIVABLE = (
    "ingredient",
    "product",
    "recipe",
    "item",
    "bundle",
    "package",
    "recipient",
    "event",
)


def upgrade() -> None:
    op.create_table(
        "content_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", bh_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"], ["package.id"], name=op.f("fk_content_snapshot_package_id_package")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_snapshot")),
    )
    op.create_index(
        op.f("ix_content_snapshot_package_id"), "content_snapshot", ["package_id"], unique=False
    )
    op.create_table(
        "content_snapshot_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("snapshot_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=False),
        sa.CheckConstraint("units > 0", name=op.f("ck_content_snapshot_line_units_positive")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["item.id"], name=op.f("fk_content_snapshot_line_item_id_item")
        ),
        sa.ForeignKeyConstraint(
            ["snapshot_id"],
            ["content_snapshot.id"],
            name=op.f("fk_content_snapshot_line_snapshot_id_content_snapshot"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_content_snapshot_line")),
        sa.UniqueConstraint(
            "snapshot_id", "item_id", name=op.f("uq_content_snapshot_line_snapshot_id_item_id")
        ),
    )
    for column in ("item_id", "snapshot_id"):
        op.create_index(
            op.f(f"ix_content_snapshot_line_{column}"),
            "content_snapshot_line",
            [column],
            unique=False,
        )
    _lock_tables()
    for table in ARCHIVABLE:
        op.add_column(table, sa.Column("archived_at", bh_types.UTCDateTime(), nullable=True))
    op.add_column("event", sa.Column("locked_at", bh_types.UTCDateTime(), nullable=True))
    op.drop_index("ix_assignment_event_sums", table_name="assignment")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("snapshot_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assignment_snapshot_id_content_snapshot"),
            "content_snapshot",
            ["snapshot_id"],
            ["id"],
        )
        batch_op.create_index(batch_op.f("ix_assignment_snapshot_id"), ["snapshot_id"])
    op.create_index(
        "ix_assignment_event_sums",
        "assignment",
        ["event_id", "package_id", "snapshot_id", "status", "quantity"],
    )
    frozen = _freeze_packed_assignments()
    message = (
        f"0012: gave {frozen} assembled or delivered assignment(s) a snapshot of their "
        "package's contents as they are today (docs/product.md §6.20)"
    )
    # A warning: told to whoever upgrades, even with no logging set up (Python's last
    # resort handler writes warnings to stderr).
    log.warning(message)


def _lock_tables() -> None:
    op.create_table(
        "event_lock_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("locked", sa.Boolean(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_at", bh_types.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_lock_change_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_lock_change")),
    )
    op.create_index(
        op.f("ix_event_lock_change_event_id"), "event_lock_change", ["event_id"], unique=False
    )
    op.create_table(
        "event_price_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("ingredient_id", sa.Integer(), nullable=False),
        sa.Column("cost", bh_types.MoneyType(), nullable=False),
        sa.Column("quantity", bh_types.QuantityType(), nullable=False),
        sa.CheckConstraint("quantity > 0", name=op.f("ck_event_price_lock_quantity_positive")),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_price_lock_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["ingredient_id"],
            ["ingredient.id"],
            name=op.f("fk_event_price_lock_ingredient_id_ingredient"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_price_lock")),
        sa.UniqueConstraint(
            "event_id", "ingredient_id", name=op.f("uq_event_price_lock_event_id_ingredient_id")
        ),
    )
    for column in ("event_id", "ingredient_id"):
        op.create_index(
            op.f(f"ix_event_price_lock_{column}"), "event_price_lock", [column], unique=False
        )
    op.create_table(
        "event_recipe_lock",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("recipe_id", sa.Integer(), nullable=False),
        sa.Column("batches", sa.Integer(), nullable=False),
        sa.Column("planned_cost", bh_types.MoneyType(), nullable=False),
        sa.Column("unpriced", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_event_recipe_lock_event_id_event"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipe_id"], ["recipe.id"], name=op.f("fk_event_recipe_lock_recipe_id_recipe")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_recipe_lock")),
        sa.UniqueConstraint(
            "event_id", "recipe_id", name=op.f("uq_event_recipe_lock_event_id_recipe_id")
        ),
    )
    for column in ("event_id", "recipe_id"):
        op.create_index(
            op.f(f"ix_event_recipe_lock_{column}"), "event_recipe_lock", [column], unique=False
        )


def _freeze_packed_assignments() -> int:
    """One snapshot per package that anyone has assembled or delivered, from its contents
    today; returns the number of assignments frozen."""
    bind = op.get_bind()
    packed = bind.execute(
        sa.text("SELECT id, package_id FROM assignment WHERE status <> 'pending' ORDER BY id")
    ).all()
    if not packed:
        return 0
    bundles: dict[int, list[ContentLine]] = defaultdict(list)
    for bundle_id, quantity, item_id, child in bind.execute(
        sa.text("SELECT bundle_id, quantity, item_id, child_bundle_id FROM bundle_line ORDER BY id")
    ):
        bundles[bundle_id].append(ContentLine(quantity, item_id, child))
    packages: dict[int, list[ContentLine]] = defaultdict(list)
    for package_id, quantity, item_id, bundle_id in bind.execute(
        sa.text("SELECT package_id, quantity, item_id, bundle_id FROM package_line ORDER BY id")
    ):
        packages[package_id].append(ContentLine(quantity, item_id, bundle_id))
    graph = CatalogGraph(bundles=dict(bundles), packages=dict(packages), items={})
    snapshot = sa.table(
        "content_snapshot",
        sa.column("id", sa.Integer),
        sa.column("package_id", sa.Integer),
        sa.column("taken_at", bh_types.UTCDateTime()),
    )
    line = sa.table(
        "content_snapshot_line",
        sa.column("snapshot_id", sa.Integer),
        sa.column("item_id", sa.Integer),
        sa.column("units", sa.Integer),
    )
    assignment = sa.table(
        "assignment", sa.column("id", sa.Integer), sa.column("snapshot_id", sa.Integer)
    )
    now = datetime.now(UTC)
    taken: dict[int, int] = {}
    for package_id in sorted({package_id for _id, package_id in packed}):
        snapshot_id = bind.execute(
            snapshot.insert().values(package_id=package_id, taken_at=now).returning(snapshot.c.id)
        ).scalar_one()
        units = graph.expand_package(package_id)
        rows = [
            {"snapshot_id": snapshot_id, "item_id": item_id, "units": count}
            for item_id, count in sorted(units.items())
            if count > 0
        ]
        if rows:
            bind.execute(line.insert(), rows)
        taken[package_id] = snapshot_id
    for assignment_id, package_id in packed:
        bind.execute(
            assignment.update()
            .where(assignment.c.id == assignment_id)
            .values(snapshot_id=taken[package_id])
        )
    return len(packed)


def downgrade() -> None:
    """Back to 0010: snapshots, locks and archive flags are dropped (assembled packages
    follow their package's contents again, every event is priced at today's prices)."""
    op.drop_index("ix_assignment_event_sums", table_name="assignment")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignment_snapshot_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_assignment_snapshot_id_content_snapshot"), type_="foreignkey"
        )
        batch_op.drop_column("snapshot_id")
    op.create_index(
        "ix_assignment_event_sums", "assignment", ["event_id", "package_id", "status", "quantity"]
    )
    op.execute(sa.text("ALTER TABLE event DROP COLUMN locked_at"))
    for table in ARCHIVABLE:
        op.execute(sa.text(f"ALTER TABLE {table} DROP COLUMN archived_at"))
    for table in ("event_recipe_lock", "event_price_lock", "event_lock_change"):
        op.drop_table(table)
    op.drop_table("content_snapshot_line")
    op.drop_table("content_snapshot")
