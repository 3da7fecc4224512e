"""covering indexes for the dashboard's grouped sums, latest purchase by index

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 04:20:00

The dashboard sums every event's assignments per package and status, and its live
production per recipe (docs/product.md §3). These indexes hold every column those sums
read, so the database answers them from the index alone, in group order, without
visiting the tables or sorting:

* ``ix_assignment_event_sums``: assignment (event, package, status, quantity);
* ``ix_production_record_live_sums``: production_record (event, recipe, batches, actual
  cost) of bakes not reversed (a partial index; ``reversed_at`` is in it too, or SQLite
  would still visit the table to check the condition);
* ``ix_event_calendar``: event (date, name, id), the dashboard's order, so the nearest
  upcoming events are an index range;
* ``ix_purchase_product_latest``: purchase (product, date, id), so the shopping list finds
  each product's latest purchase with one look-up instead of ranking every purchase.

No row changes.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LIVE = "reversed_at IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_assignment_event_sums", "assignment", ["event_id", "package_id", "status", "quantity"]
    )
    op.create_index(
        "ix_production_record_live_sums",
        "production_record",
        ["event_id", "recipe_id", "batches", "actual_cost", "reversed_at"],
        sqlite_where=sa.text(LIVE),
        postgresql_where=sa.text(LIVE),
    )
    op.create_index("ix_event_calendar", "event", ["event_date", "name", "id"])
    op.create_index("ix_purchase_product_latest", "purchase", ["product_id", "purchased_on", "id"])


def downgrade() -> None:
    op.drop_index("ix_purchase_product_latest", table_name="purchase")
    op.drop_index("ix_event_calendar", table_name="event")
    op.drop_index("ix_production_record_live_sums", table_name="production_record")
    op.drop_index("ix_assignment_event_sums", table_name="assignment")
