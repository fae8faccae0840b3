"""The database's own encoding of a row equals ``desktop.domain.wire``'s."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import select

from desktop.domain import wire
from server.db import Database
from server.row_json import row_json
from server.rows import encode_rows, table_of
from tests.server import factories


def test_sql_encoding_matches_python_encoding(server_db: Database) -> None:
    tid = factories.territory(server_db, "EAST")
    owner = factories.user(server_db, "ann", "rep", ("EAST",))
    acc, fu = uuid.uuid4(), uuid.uuid4()
    when = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
    with server_db.write() as txn:
        txn.conn.execute(table_of("accounts").insert().values(
            id=acc, name="Zoë Ωmega «Ltd»", kind="customer", status="active", tier="A",
            billing_country="US", latitude=40.712776, longitude=-74.005974, currency="USD",
            locale="en_US", tags=["key", "ünï"], archived=True, owner_id=owner, territory_id=tid,
            notes=None, created_at=when, updated_at=when, sync_version=txn.next_version()))
        txn.conn.execute(table_of("follow_ups").insert().values(
            id=fu, account_id=acc, title="Call back", due_date=date(2026, 12, 1),
            created_at=when, updated_at=when, sync_version=txn.next_version()))
    dialect = server_db.engine.dialect.name
    with server_db.read() as conn:
        for name in ("accounts", "follow_ups", "users", "territories"):
            table, t = wire.tables()[name], table_of(name)
            rows = conn.execute(select(t).order_by(t.c.id)).mappings().all()
            texts = conn.execute(select(row_json(table, t, dialect)).order_by(t.c.id)).scalars()
            assert [json.loads(x) for x in texts] == encode_rows(table, list(rows))
