"""Merged duplicates, for sending later edits and references on to the survivor.

Revision ID: 0010_merged_records
Revises: 0009_pipeline
Create Date: 2026-12-07 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_merged_records"
down_revision = "0009_pipeline"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "merged_records",
        sa.Column("table_name", sa.String(length=24), nullable=False),
        sa.Column("loser_id", sa.Uuid(), nullable=False),
        sa.Column("survivor_id", sa.Uuid(), nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("table_name", "loser_id", name=op.f("pk_merged_records")),
    )


def downgrade() -> None:
    op.drop_table("merged_records")
