"""Reassigned leads: where a lead was before its owner or territory changed, so
the reps who could see it drop it from their caches.

Revision ID: 0012_lead_exits
Revises: 0011_team
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_lead_exits"
down_revision = "0011_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "lead_exits",
        sa.Column("version", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("lead_id", sa.Uuid(), nullable=False),
        sa.Column("old_territory_id", sa.Uuid(), nullable=True),
        sa.Column("old_owner_id", sa.Uuid(), nullable=True),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_lead_exits")),
    )


def downgrade() -> None:
    op.drop_table("lead_exits")
