"""A rep's discount ceiling, and the local sales-materials library.

Revision ID: 0010_approval_materials
Revises: 0009_order_shipments
Create Date: 2026-11-24 03:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0010_approval_materials"
down_revision = "0009_order_shipments"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("discount_ceiling", desktop.domain.schema.base.Money(length=40),
                                      nullable=True))
    op.create_table(
        "materials",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_materials")),
    )


def downgrade() -> None:
    op.drop_table("materials")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("discount_ceiling")
