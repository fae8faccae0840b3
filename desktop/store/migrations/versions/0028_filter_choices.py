"""Filter choices read through indexes: the reports' segments and the events'
live attendees (see :mod:`desktop.store.derived_choices`).

Revision ID: 0028_filter_choices
Revises: 0027_name_order
"""

from __future__ import annotations

from alembic import op

revision = "0028_filter_choices"
down_revision = "0027_name_order"
branch_labels = None
depends_on = None

# Frozen here: a later change to derived_choices must not change this migration.
UPGRADE = [
    "CREATE INDEX IF NOT EXISTS ix_accounts_segment ON accounts (segment) "
    "WHERE segment IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS ix_event_attendees_live ON event_attendees (event_id, deleted_at) "
    "WHERE deleted_at IS NULL",
]
DOWNGRADE = ["DROP INDEX IF EXISTS ix_accounts_segment",
             "DROP INDEX IF EXISTS ix_event_attendees_live"]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
