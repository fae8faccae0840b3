"""A push's statements do not grow with its edits: the row writes of one shape
go as one executemany (server.write_buffer), the checks read once per push."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event, select

from desktop.domain.schema.entities import Account
from server.db import Database
from server.pull import pull
from server.push import push
from tests.server import factories
from tests.server.test_push_pull import account, create

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _edits(ids: list[str], first_seq: int, text: str, hour: int) -> list[dict[str, Any]]:
    return [{"seq": first_seq + n, "table": "accounts", "id": row_id, "op": "upsert",
             "base": None, "changes": {"segment": f"{text} {n}",
                                       "updated_at": f"2026-11-02 {hour}:00:00.000000"}}
            for n, row_id in enumerate(ids)]


def _statements(db: Database, fn: Any) -> tuple[Any, list[str]]:
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        return fn(), seen
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def test_a_100_edit_push_runs_as_many_statements_as_a_10_edit_one(server_db: Database) -> None:
    uid = factories.user(server_db, "ann", "rep", ("EAST",))
    tid = factories.territory(server_db, "EAST")
    client = uuid.uuid4()
    rows = [account(tid, name=f"Acme {n}") for n in range(100)]
    created = push(server_db, uid, client, [create(n + 1, r) for n, r in enumerate(rows)], NOW)
    assert {r["status"] for r in created["results"]} == {"applied"}
    ids = [r["id"] for r in rows]
    small, few = _statements(server_db, lambda: push(server_db, uid, client,
                                                     _edits(ids[:10], 101, "ten", 10), NOW))
    big, many = _statements(server_db, lambda: push(server_db, uid, client,
                                                    _edits(ids, 111, "hundred", 11), NOW))
    assert [r["status"] for r in big["results"]] == ["applied"] * 100
    assert len(many) == len(few) <= 20, "\n".join([s[:60] for s in many])
    # Every edit is stored, each with its own version, as the results say.
    a = Account.__table__
    with server_db.read() as conn:
        stored = dict(conn.execute(select(a.c.segment, a.c.sync_version)
                                   .where(a.c.segment.like("hundred %"))).all())
    assert stored == {f"hundred {n}": r["version"] for n, r in enumerate(big["results"])}
    assert len(set(stored.values())) == 100
    page = pull(server_db, uid, small["head"], 1000)
    assert page.count('"hundred ') == 100
