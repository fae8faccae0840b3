"""History and order search through FTS, and a leaner cache: the account and
history indexes read their text from views instead of keeping a copy
(``derived_search``); trigram indexes and maintained amounts for the Orders and
Proposals lists (``derived_orders``).

Revision ID: 0014_lean_search
Revises: 0013_sort_keys
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_orders, derived_search

revision = "0014_lean_search"
down_revision = "0013_sort_keys"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_search.upgrade(), *derived_orders.DDL, *derived_orders.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in (*derived_orders.DROP, *derived_search.downgrade()):
        op.execute(statement)
