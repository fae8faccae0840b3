"""Sync: server versions on every synced row, conflicts, outbox and sync state.

Revision ID: 0003_sync
Revises: 0002_search
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from desktop.domain.schema.base import UTCDateTime

revision = "0003_sync"
down_revision = "0002_search"
branch_labels = None
depends_on = None

SYNCED = ("territories", "users", "accounts", "contacts", "interactions", "follow_ups", "concerns")


def upgrade() -> None:
    # Plain ADD COLUMN (no batch copy): the tables keep their search triggers.
    for table in SYNCED:
        op.add_column(
            table, sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False)
        )
    op.create_table(
        "sync_conflicts",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("field", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("kept_value", sa.JSON(), nullable=True),
        sa.Column("lost_value", sa.JSON(), nullable=True),
        sa.Column("kept_by", sa.Uuid(), nullable=True),
        sa.Column("lost_by", sa.Uuid(), nullable=True),
        sa.Column("detected_at", UTCDateTime(), nullable=False),
        sa.Column("resolved_at", UTCDateTime(), nullable=True),
        sa.Column("resolution", sa.String(length=16), nullable=True),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("deleted_at", UTCDateTime(), nullable=True),
        sa.Column("sync_version", sa.BigInteger(), server_default="0", nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name="fk_sync_conflicts_account_id_accounts"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_sync_conflicts"),
    )
    op.create_index("ix_sync_conflicts_account_id", "sync_conflicts", ["account_id"])
    op.create_table(
        "sync_outbox",
        sa.Column("seq", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_sync_outbox"),
        sqlite_autoincrement=True,
    )
    op.create_index("ix_sync_outbox_row_id", "sync_outbox", ["row_id"])
    op.create_table(
        "sync_rejected",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("op", sa.String(length=8), nullable=False),
        sa.Column("base", sa.JSON(), nullable=True),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("rejected_at", UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_sync_rejected"),
    )
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_sync_state"),
    )


def downgrade() -> None:
    for table in ("sync_state", "sync_rejected", "sync_outbox", "sync_conflicts"):
        op.drop_table(table)
    for table in SYNCED:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("sync_version")
