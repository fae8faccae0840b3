"""Indexes and sort keys so every sortable column pages through an index.

Revision ID: 0013_sort_keys
Revises: 0012_pipeline_search
"""

from __future__ import annotations

revision = "0013_sort_keys"
down_revision = "0012_pipeline_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
