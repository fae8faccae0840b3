"""Each order line's first shipment day, kept by triggers, and the index the
delivery report reads it through (local only; see
:mod:`desktop.store.derived_delivery`).

Revision ID: 0022_first_shipment
Revises: 0021_busy_times
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_delivery

revision = "0022_first_shipment"
down_revision = "0021_busy_times"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_delivery.DDL, *derived_delivery.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_delivery.DROP:
        op.execute(statement)
