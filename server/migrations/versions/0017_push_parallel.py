"""Pushes in parallel (issue 18): find a push's provisional audit versions.

A parallel push (``server.db``) writes its audit entries with provisional,
negative versions before it takes the version clock, and restamps them in its
final statement. This partial index holds only those entries (none once a push
commits), so the restamp reads a handful of index rows, not the audit log.

Revision ID: 0017_push_parallel
Revises: 0016_order_number_unique
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017_push_parallel"
down_revision = "0016_order_number_unique"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_log_provisional", "audit_log", ["version"],
                    postgresql_where=sa.text("version < 0"),
                    sqlite_where=sa.text("version < 0"))


def downgrade() -> None:
    op.drop_index("ix_audit_log_provisional", table_name="audit_log")
