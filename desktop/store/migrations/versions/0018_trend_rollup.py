"""Revenue by month with what the trends report groups and filters by, and by
account for its growing and declining accounts, kept by triggers (local only;
see :mod:`desktop.store.derived_trends`); covering indexes for Today's sections
and the stale deals (:mod:`desktop.store.derived_today`).

Revision ID: 0018_trend_rollup
Revises: 0017_forecast_rollup
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_today, derived_trends

revision = "0018_trend_rollup"
down_revision = "0017_forecast_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_trends.DDL, *derived_trends.REBUILD, *derived_today.DDL):
        op.execute(statement)


def downgrade() -> None:
    for statement in (*derived_today.DROP, *derived_trends.DROP):
        op.execute(statement)
