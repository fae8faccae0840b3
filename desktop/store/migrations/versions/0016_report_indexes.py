"""Indexes for the reports and the Today view: the rep's interactions covered
by (author, time, channel, account), stage changes by time, order lines by ship
date, and partial indexes on open follow-ups and open orders (local only; see
:mod:`desktop.store.derived_reports`).

Revision ID: 0016_report_indexes
Revises: 0015_team
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_reports

revision = "0016_report_indexes"
down_revision = "0015_team"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in derived_reports.DDL:
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_reports.DROP:
        op.execute(statement)
