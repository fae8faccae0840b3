"""A rep's discount ceiling: above it a proposal needs a manager's approval.

Revision ID: 0008_discount_ceiling
Revises: 0007_order_shipments
Create Date: 2026-11-24 03:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0008_discount_ceiling"
down_revision = "0007_order_shipments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discount_ceiling",
                                      desktop.domain.schema.base.Money(length=40),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("discount_ceiling")
