"""Daily activity counts kept by triggers (issue 14) (reserved this session; filled in by its owner, or removed).

Revision ID: 0020_activity_rollup
Revises: 0019_ship_schedule
"""

from __future__ import annotations

revision = "0020_activity_rollup"
down_revision = "0019_ship_schedule"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
