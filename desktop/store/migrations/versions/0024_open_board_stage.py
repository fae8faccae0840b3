"""An index of open deals by stage and close date, for the pipeline board's
columns when it shows everyone's deals (local only; see
:data:`desktop.store.derived_forecast.OPEN_STAGE`).

Revision ID: 0024_open_board_stage
Revises: 0023_open_follow_ups
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_forecast

revision = "0024_open_board_stage"
down_revision = "0023_open_follow_ups"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(derived_forecast.OPEN_STAGE_DDL)


def downgrade() -> None:
    op.execute(f"DROP INDEX IF EXISTS {derived_forecast.OPEN_STAGE}")
