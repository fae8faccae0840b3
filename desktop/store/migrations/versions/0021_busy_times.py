"""Busy times on the client (issue 15) (reserved this session; filled in by its owner, or removed).

Revision ID: 0021_busy_times
Revises: 0020_activity_rollup
"""

from __future__ import annotations

revision = "0021_busy_times"
down_revision = "0020_activity_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
