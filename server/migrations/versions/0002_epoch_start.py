"""Where an epoch starts, so clients re-push what a restored backup lost.

Revision ID: 0002_epoch_start
Revises: 0001_initial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_epoch_start"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("sync_clock", sa.Column("epoch_start", sa.BigInteger(), nullable=False,
                                          server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("sync_clock") as batch:
        batch.drop_column("epoch_start")
