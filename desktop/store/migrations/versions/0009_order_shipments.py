"""Shipments carry their ship date and what they carried; orders page by entry time.

Revision ID: 0009_order_shipments
Revises: 0008_planning
Create Date: 2026-11-24 03:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_order_shipments"
down_revision = "0008_planning"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): nullable columns, nothing to rewrite.
    op.add_column("order_events", sa.Column("ship_date", sa.Date(), nullable=True))
    op.add_column("order_events", sa.Column("shipped", sa.JSON(), nullable=True))
    op.create_index(op.f("ix_orders_entered_at"), "orders", ["entered_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_orders_entered_at"), table_name="orders")
    with op.batch_alter_table("order_events", schema=None) as batch_op:
        batch_op.drop_column("shipped")
        batch_op.drop_column("ship_date")
