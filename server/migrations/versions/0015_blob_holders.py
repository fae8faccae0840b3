"""Blobs by possession: who uploaded each blob in full.

Each user's chunks in flight live apart (``blob_uploads``) until they cover the
blob and hash to its SHA-256; ``blob_holders`` then records the user. Uploads
left unfinished under the old shared scheme are dropped: the app asks how much
is here before sending and starts them again from 0.

Revision ID: 0015_blob_holders
Revises: 0014_devices
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0015_blob_holders"
down_revision = "0014_devices"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob_uploads",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("offset", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "user_id", "offset", name=op.f("pk_blob_uploads")),
    )
    op.create_table(
        "blob_holders",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", desktop.domain.schema.base.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", "user_id", name=op.f("pk_blob_holders")),
    )
    blobs = sa.table("blobs", sa.column("sha256", sa.String), sa.column("complete", sa.Boolean))
    chunks = sa.table("blob_chunks", sa.column("sha256", sa.String))
    unfinished = sa.select(blobs.c.sha256).where(blobs.c.complete == sa.false())
    op.execute(chunks.delete().where(chunks.c.sha256.in_(unfinished)))
    op.execute(blobs.delete().where(blobs.c.complete == sa.false()))

def downgrade() -> None:
    op.drop_table("blob_holders")
    op.drop_table("blob_uploads")
