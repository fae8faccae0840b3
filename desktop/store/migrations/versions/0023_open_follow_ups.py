"""An index of open follow-ups by due date, for the Follow-ups view (local
only; see :data:`desktop.store.derived_today.OPEN_DUE`).

Revision ID: 0023_open_follow_ups
Revises: 0022_first_shipment
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_today

revision = "0023_open_follow_ups"
down_revision = "0022_first_shipment"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(derived_today.OPEN_DUE_DDL)


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {derived_today.OPEN_DUE}")
