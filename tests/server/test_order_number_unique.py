"""Migration 0016 on SQLite and PostgreSQL: orders an older server numbered
alike are renumbered (the oldest keeps its number, the rest get new versions
from the clock so caches pull them), then a duplicate number cannot be stored
and the server's next number follows the highest."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import Connection, insert, select
from sqlalchemy.exc import IntegrityError

from desktop.domain.schema.entities import Account
from desktop.domain.schema.orders import Order
from server import rules
from server.db import Database
from server.schema import _config, migrate
from server.tables import audit_log, sync_clock
from tests.server.conftest import _pg_database

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(params=["sqlite", "postgresql"])
def at_0015(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A server database migrated only as far as 0015, with its clock at 10."""
    urls = iter([f"sqlite:///{tmp_path / 'old.sqlite3'}"]) if request.param == "sqlite" \
        else _pg_database()
    for url in urls:
        db = Database(url)
        with db.engine.begin() as conn:
            command.upgrade(_config(conn), "0015_blob_holders")  # type: ignore[arg-type]
            conn.execute(insert(sync_clock).values(id=1, version=10, epoch=uuid.uuid4()))
        yield db
        db.dispose()


def _order(conn: Connection, account: uuid.UUID, n: int, number: str | None,
           created: datetime) -> uuid.UUID:
    oid = uuid.UUID(int=n)
    conn.execute(insert(Order).values(
        id=oid, account_id=account, provisional_number=f"P-{n}", number=number,
        status="entered", currency="USD", entered_at=created, expedite=False,
        created_at=created, updated_at=created, sync_version=n))
    return oid


def _account(conn: Connection) -> uuid.UUID:
    account = uuid.uuid4()
    conn.execute(insert(Account).values(
        id=account, name="Acme", kind="customer", created_at=T0, updated_at=T0,
        sync_version=1))
    return account


def test_shared_numbers_are_renumbered_then_kept_unique(at_0015: Database) -> None:
    with at_0015.engine.begin() as conn:
        account = _account(conn)
        later, older = (_order(conn, account, 1, "SO-000001", T0 + timedelta(days=2)),
                        _order(conn, account, 2, "SO-000001", T0 + timedelta(days=1)))
        first, tie = (_order(conn, account, 3, "SO-000003", T0),
                      _order(conn, account, 4, "SO-000003", T0))  # same time: by id
        unnumbered = [_order(conn, account, n, None, T0) for n in (5, 6)]
    migrate(at_0015.engine)
    migrate(at_0015.engine)  # a second run changes nothing
    table = Order.__table__
    with at_0015.engine.connect() as conn:
        got = {r.id: (r.number, r.sync_version) for r in conn.execute(
            select(table.c.id, table.c.number, table.c.sync_version))}
        clock = conn.execute(select(sync_clock.c.version)).scalar_one()
        audit = conn.execute(select(audit_log.c.row_id, audit_log.c.version,
                                    audit_log.c.changes).order_by(audit_log.c.version)).all()
    assert got == {older: ("SO-000001", 2), first: ("SO-000003", 3),
                   tie: ("SO-000004", 11), later: ("SO-000005", 12),
                   unnumbered[0]: (None, 5), unnumbered[1]: (None, 6)}
    assert clock == 12
    assert [tuple(a) for a in audit] == [(tie, 11, {"number": ["SO-000003", "SO-000004"]}),
                                         (later, 12, {"number": ["SO-000001", "SO-000005"]})]
    with pytest.raises(IntegrityError), at_0015.engine.begin() as conn:
        _order(conn, account, 7, "SO-000004", T0)
    with at_0015.engine.begin() as conn:  # any number of orders not numbered yet
        _order(conn, account, 8, None, T0)
    with at_0015.write() as txn:
        assert rules.on_create(txn, "orders", {})["number"] == "SO-000006"


def test_a_database_without_shared_numbers_keeps_its_clock(at_0015: Database) -> None:
    with at_0015.engine.begin() as conn:
        account = _account(conn)
        _order(conn, account, 1, "SO-000001", T0)
        _order(conn, account, 2, "SO-000002", T0)
    migrate(at_0015.engine)
    with at_0015.engine.connect() as conn:
        assert conn.execute(select(sync_clock.c.version)).scalar_one() == 10
        assert conn.execute(select(Order.__table__.c.number, Order.__table__.c.sync_version)
                            .order_by(Order.__table__.c.number)).all() == [
            ("SO-000001", 1), ("SO-000002", 2)]
