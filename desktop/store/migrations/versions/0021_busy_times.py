"""A rep's busy times from their calendar, synced between the rep's laptops
(issue 15; see desktop/domain/schema/busy.py). Busy times imported before this
stay in the settings (``trip_busy``) and are still read with their trip.

Revision ID: 0021_busy_times
Revises: 0020_activity_rollup
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0021_busy_times"
down_revision = "0020_activity_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "busy_times",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=True),
        sa.Column("starts_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("ends_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("updated_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.Column("deleted_at", desktop.domain.schema.base.UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                name=op.f("fk_busy_times_owner_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_busy_times")),
    )
    with op.batch_alter_table("busy_times", schema=None) as batch_op:
        batch_op.create_index("ix_busy_times_owner_starts", ["owner_id", "starts_at"],
                              unique=False)


def downgrade() -> None:
    op.drop_table("busy_times")
