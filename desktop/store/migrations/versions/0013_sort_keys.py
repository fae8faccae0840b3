"""Indexes and sort keys so every sortable column pages through an index.

Every account list sort key gets an index (the keys are NULL-free expressions),
``accounts.territory_sort`` is kept by triggers for the Territory column, and
goal progress reads a rep's interactions in a period through an index on
``interactions(author_id, occurred_at)`` (see :mod:`desktop.store.derived_sorts`).

Revision ID: 0013_sort_keys
Revises: 0012_pipeline_search
"""

from __future__ import annotations

from alembic import op

from desktop.store import derived_sorts

revision = "0013_sort_keys"
down_revision = "0012_pipeline_search"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for statement in (*derived_sorts.DDL, *derived_sorts.REBUILD):
        op.execute(statement)


def downgrade() -> None:
    for statement in derived_sorts.DROP:
        op.execute(statement)
