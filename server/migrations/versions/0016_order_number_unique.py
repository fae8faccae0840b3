"""Each order number is given once (issue 19).

Orders that an older server numbered alike are renumbered first: the oldest
(by created_at, then id) keeps its number, each later one gets the next free
number in the server's style (SO-000123), a new ``sync_version`` from the
clock (so every cache pulls the new number) and an audit entry saying the
server decided it. Then a unique index (NULLs allowed: an order the server has
not numbered yet) keeps it so.

The versions are taken like a write transaction takes them: the clock row is
locked (FOR UPDATE on PostgreSQL; on SQLite the migration holds the database's
one write lock from its first write) and moved forward in the same commit.

Revision ID: 0016_order_number_unique
Revises: 0015_blob_holders
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from desktop.domain.schema.base import UTCDateTime

revision = "0016_order_number_unique"
down_revision = "0015_blob_holders"
branch_labels = None
depends_on = None

orders = sa.table("orders", sa.column("id", sa.Uuid), sa.column("number", sa.String),
                  sa.column("account_id", sa.Uuid), sa.column("created_at", UTCDateTime),
                  sa.column("updated_at", UTCDateTime), sa.column("sync_version", sa.BigInteger))
clock = sa.table("sync_clock", sa.column("id", sa.Integer), sa.column("version", sa.BigInteger))
audit = sa.table("audit_log", sa.column("version", sa.BigInteger),
                 sa.column("table_name", sa.String), sa.column("row_id", sa.Uuid),
                 sa.column("account_id", sa.Uuid), sa.column("op", sa.String),
                 sa.column("changes", sa.JSON), sa.column("decided", sa.JSON),
                 sa.column("at", UTCDateTime))


def upgrade() -> None:
    _renumber(op.get_bind(), datetime.now(UTC))
    op.create_index("uq_orders_number", "orders", ["number"], unique=True)


def downgrade() -> None:
    op.drop_index("uq_orders_number", table_name="orders")


def _highest(conn: sa.Connection) -> int:
    """The highest SO- number given (as ``server.rules._next_order_number`` reads it)."""
    given = conn.execute(
        sa.select(orders.c.number).where(orders.c.number.like("SO-%"))
        .order_by(sa.func.length(orders.c.number).desc(), orders.c.number.desc()).limit(50)
    ).scalars()
    return max((int(n[3:]) for n in given if n[3:].isdigit()), default=0)


def _renumber(conn: sa.Connection, now: datetime) -> int:
    """Give every order but the oldest of each shared number a new one; how many."""
    shared = sa.select(orders.c.number).where(orders.c.number.isnot(None)) \
        .group_by(orders.c.number).having(sa.func.count() > 1)
    rows = conn.execute(sa.select(orders.c.id, orders.c.number, orders.c.account_id,
                                  orders.c.created_at)
                        .where(orders.c.number.in_(shared))
                        .order_by(orders.c.number, orders.c.created_at, orders.c.id)).all()
    later = [r for i, r in enumerate(rows) if i and rows[i - 1].number == r.number]
    if not later:
        return 0
    lock = sa.select(clock.c.version).where(clock.c.id == 1)
    if conn.dialect.name != "sqlite":
        lock = lock.with_for_update()
    version = int(conn.execute(lock).scalar_one())
    highest = _highest(conn)
    for row in sorted(later, key=lambda r: (r.created_at, str(r.id))):  # the oldest first
        highest, version = highest + 1, version + 1
        number = f"SO-{highest:06d}"
        conn.execute(orders.update().where(orders.c.id == row.id).values(
            number=number, sync_version=version, updated_at=now))
        conn.execute(audit.insert().values(
            version=version, table_name="orders", row_id=row.id, account_id=row.account_id,
            op="update", changes={"number": [row.number, number]}, decided=["number"], at=now))
    conn.execute(clock.update().where(clock.c.id == 1).values(version=version))
    return len(later)

