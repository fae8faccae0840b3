"""History and order search through FTS, and a leaner cache.

Revision ID: 0014_lean_search
Revises: 0013_sort_keys
"""

from __future__ import annotations

revision = "0014_lean_search"
down_revision = "0013_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
