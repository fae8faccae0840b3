"""Server sync scaling (issue 18) (reserved this session; filled in by its owner, or removed).

Revision ID: 0017_push_parallel
Revises: 0016_order_number_unique
"""

from __future__ import annotations

revision = "0017_push_parallel"
down_revision = "0016_order_number_unique"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
