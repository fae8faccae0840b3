"""Busy times on the server (issue 15) (reserved this session; filled in by its owner, or removed).

Revision ID: 0018_busy_times
Revises: 0017_push_parallel
"""

from __future__ import annotations

revision = "0018_busy_times"
down_revision = "0017_push_parallel"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
