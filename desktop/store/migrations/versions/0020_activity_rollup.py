"""Interactions counted by day, author, channel and their account's kind and
status, kept by triggers (local only; see :mod:`desktop.store.derived_activity`):
the activity report's counts and its goals' adherence.

Revision ID: 0020_activity_rollup
Revises: 0019_ship_schedule
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_activity

revision = "0020_activity_rollup"
down_revision = "0019_ship_schedule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_activity.DDL, *derived_activity.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_activity.DROP:
        op.execute(statement)
