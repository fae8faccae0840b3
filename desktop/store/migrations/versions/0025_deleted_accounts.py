"""An index of the deleted accounts, for the Follow-ups view's count (local
only; see :data:`desktop.store.derived_today.DELETED_ACCOUNTS`).

Revision ID: 0025_deleted_accounts
Revises: 0024_open_board_stage
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_today

revision = "0025_deleted_accounts"
down_revision = "0024_open_board_stage"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(derived_today.DELETED_ACCOUNTS_DDL)


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {derived_today.DELETED_ACCOUNTS}")
