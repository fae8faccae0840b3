"""Named devices: each sign-in is a device an admin can list and revoke.

Every token already issued becomes a device of its own (named by the client
name it signed in with), so an admin can list and revoke those too.

Revision ID: 0014_devices
Revises: 0013_audit
"""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from alembic import op

import desktop.domain.schema.base

revision = "0014_devices"
down_revision = "0013_audit"
branch_labels = None
depends_on = None


def upgrade() -> None:
    when = desktop.domain.schema.base.UTCDateTime()
    op.create_table(
        "devices",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=True),
        sa.Column("first_seen_at", when, nullable=False),
        sa.Column("last_seen_at", when, nullable=False),
        sa.Column("revoked_at", when, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_devices_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_devices")),
    )
    op.create_index(op.f("ix_devices_user_id"), "devices", ["user_id"], unique=False)
    op.add_column("tokens", sa.Column("device_id", sa.Uuid(), nullable=True))
    op.create_index(op.f("ix_tokens_device_id"), "tokens", ["device_id"], unique=False)
    _devices_for_existing_tokens(when)


def _devices_for_existing_tokens(when: sa.types.TypeEngine[Any]) -> None:
    """One device per token issued before devices existed."""
    meta = sa.MetaData()
    tokens = sa.Table("tokens", meta, sa.Column("token_hash", sa.String(64)),
                      sa.Column("user_id", sa.Uuid()), sa.Column("client_name", sa.String(120)),
                      sa.Column("created_at", when), sa.Column("revoked_at", when),
                      sa.Column("device_id", sa.Uuid()))
    devices = sa.Table("devices", meta, sa.Column("id", sa.Uuid()),
                       sa.Column("user_id", sa.Uuid()), sa.Column("name", sa.String(120)),
                       sa.Column("first_seen_at", when), sa.Column("last_seen_at", when))
    conn = op.get_bind()
    for row in conn.execute(sa.select(tokens.c.token_hash, tokens.c.user_id,
                                      tokens.c.client_name, tokens.c.created_at)).all():
        device = uuid.uuid4()
        conn.execute(sa.insert(devices).values(
            id=device, user_id=row.user_id, name=(row.client_name or "unnamed device")[:120],
            first_seen_at=row.created_at, last_seen_at=row.created_at))
        conn.execute(sa.update(tokens).where(tokens.c.token_hash == row.token_hash)
                     .values(device_id=device))


def downgrade() -> None:
    op.drop_index(op.f("ix_tokens_device_id"), table_name="tokens")
    with op.batch_alter_table("tokens") as batch:
        batch.drop_column("device_id")
    op.drop_index(op.f("ix_devices_user_id"), table_name="devices")
    op.drop_table("devices")
