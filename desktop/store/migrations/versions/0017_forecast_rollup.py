"""Closed business by rep, month, currency and product, and each account's
first order, kept by triggers; won deals by rep in a partial index (local only;
see :mod:`desktop.store.derived_forecast`).

Revision ID: 0017_forecast_rollup
Revises: 0016_report_indexes
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_forecast

revision = "0017_forecast_rollup"
down_revision = "0016_report_indexes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_forecast.DDL, *derived_forecast.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_forecast.DROP:
        op.execute(statement)
