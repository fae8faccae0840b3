"""Local search and derived data for leads and opportunities (filled by the pipeline work).

Revision ID: 0012_pipeline_search
Revises: 0011_pipeline
"""

from __future__ import annotations

revision = "0012_pipeline_search"
down_revision = "0011_pipeline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
