"""Local search and derived data for leads and opportunities: the lead search
index (FTS5, kept by triggers), the lead inbox's sort indexes and the indexes
the duplicate check's exact phone and email lookups use.

Revision ID: 0012_pipeline_search
Revises: 0011_pipeline
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_leads

revision = "0012_pipeline_search"
down_revision = "0011_pipeline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_leads.DDL, *derived_leads.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_leads.DROP:
        op.execute(statement)
