"""The account search keyed by a number that follows the names (local only; see
:mod:`desktop.store.derived_name_order`): a search's first page in name order
stops after its rows, however many accounts match.

Revision ID: 0027_name_order
Revises: 0026_event_deals
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_name_order

revision = "0027_name_order"
down_revision = "0026_event_deals"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in derived_name_order.upgrade():
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_name_order.downgrade():
        op.execute(statement)
