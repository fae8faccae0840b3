"""Indexes of the deals an event sourced, directly or through its leads (local
only; see :data:`desktop.store.derived_leads.EVENT_DEALS`).

Revision ID: 0026_event_deals
Revises: 0025_deleted_accounts
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_leads

revision = "0026_event_deals"
down_revision = "0025_deleted_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in derived_leads.EVENT_DEALS.values():
        op.execute(statement)


def downgrade() -> None:
    for name in derived_leads.EVENT_DEALS:
        op.execute(f"DROP INDEX IF EXISTS {name}")
