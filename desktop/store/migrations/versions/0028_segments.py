"""The reports' segment choices read through an index (see
:mod:`desktop.store.derived_segments`).

Revision ID: 0028_segments
Revises: 0027_name_order
"""

from __future__ import annotations

from alembic import op

revision = "0028_segments"
down_revision = "0027_name_order"
branch_labels = None
depends_on = None

# Frozen here: a later change to derived_segments must not change this migration.
UPGRADE = ["CREATE INDEX IF NOT EXISTS ix_accounts_segment ON accounts (segment) "
           "WHERE segment IS NOT NULL"]
DOWNGRADE = ["DROP INDEX IF EXISTS ix_accounts_segment"]


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
