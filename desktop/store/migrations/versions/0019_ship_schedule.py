"""The shipping schedule's sort key on order lines, kept by triggers, and its
partial index (local only; see :mod:`desktop.store.derived_shipping`).

Revision ID: 0019_ship_schedule
Revises: 0018_trend_rollup
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_shipping

revision = "0019_ship_schedule"
down_revision = "0018_trend_rollup"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_shipping.DDL, *derived_shipping.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_shipping.DROP:
        op.execute(statement)
