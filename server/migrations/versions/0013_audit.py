"""The audit log: who changed which field of which row, from which device, when.

Also what the replay log's retention needs: an index on its age, and per
client the highest seq whose stored result was pruned.

Revision ID: 0013_audit
Revises: 0012_lead_exits
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0013_audit"
down_revision = "0012_lead_exits"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  autoincrement=True, nullable=False),
        sa.Column("version", sa.BigInteger(), nullable=True),
        sa.Column("table_name", sa.String(length=40), nullable=False),
        sa.Column("row_id", sa.Uuid(), nullable=False),
        sa.Column("account_id", sa.Uuid(), nullable=True),
        sa.Column("user_id", sa.Uuid(), nullable=True),
        sa.Column("client_id", sa.Uuid(), nullable=True),
        sa.Column("device_id", sa.Uuid(), nullable=True),
        sa.Column("device", sa.String(length=120), nullable=True),
        sa.Column("seq", sa.BigInteger(), nullable=True),
        sa.Column("op", sa.String(length=16), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("decided", sa.JSON(), nullable=True),
        sa.Column("at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index("ix_audit_log_row", "audit_log", ["table_name", "row_id", "id"])
    op.create_index("ix_audit_log_account", "audit_log", ["account_id", "at"])
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_table(
        "replay_pruned",
        sa.Column("client_id", sa.Uuid(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("pruned_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("client_id", name=op.f("pk_replay_pruned")),
    )
    op.create_index("ix_client_mutations_created_at", "client_mutations", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_client_mutations_created_at", table_name="client_mutations")
    op.drop_table("replay_pruned")
    op.drop_index("ix_audit_log_at", table_name="audit_log")
    op.drop_index("ix_audit_log_account", table_name="audit_log")
    op.drop_index("ix_audit_log_row", table_name="audit_log")
    op.drop_table("audit_log")
