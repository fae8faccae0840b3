"""Statements a busy server runs on every request keep one shape, so the
database plans them once per connection and the server compiles them once:
the pull's probe of every synced table takes no parameter, and a push's stamp
is compiled once per set of tables, whatever its number of edits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import event, select

from desktop.domain.schema.entities import Account
from server import db as server_db_module
from server.db import Database
from server.pull import pull
from server.push import push
from tests.server import factories
from tests.server.test_push_pull import account, create
from tests.server.test_push_statements import _edits

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_the_pull_probe_takes_no_parameter(server_db: Database) -> None:
    uid = factories.user(server_db, "ann", "rep", ("EAST",))
    seen: list[tuple[str, Any]] = []

    def note(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_args: Any) -> None:
        seen.append((statement, parameters))

    event.listen(server_db.engine, "before_cursor_execute", note)
    try:
        pull(server_db, uid, 0, 100, NOW)  # with ``now``: the expired-hold check runs too
    finally:
        event.remove(server_db.engine, "before_cursor_execute", note)
    probes = [(sql, params) for sql, params in seen if sql.count("max(") > 20]
    assert len(probes) == 1
    assert not probes[0][1], probes[0][1]  # no parameter: one plan per connection
    assert any("stock_requests" in sql and params for sql, params in seen)


def test_a_push_stamp_is_compiled_once_whatever_its_size(server_db: Database) -> None:
    if server_db.is_sqlite:
        pytest.skip("SQLite has one writer: its pushes take versions directly, no stamp")
    uid = factories.user(server_db, "ann", "rep", ("EAST",))
    tid = factories.territory(server_db, "EAST")
    client = uuid.uuid4()
    rows = [account(tid, name=f"Acme {n}") for n in range(12)]
    ids = [r["id"] for r in rows]
    push(server_db, uid, client, [create(n + 1, r) for n, r in enumerate(rows)], NOW)
    shapes = len(server_db_module._STAMPS)
    three = push(server_db, uid, client, _edits(ids[:3], 101, "three", 10), NOW)
    seven = push(server_db, uid, client, _edits(ids[3:10], 104, "seven", 11), NOW)
    assert len(server_db_module._STAMPS) == shapes  # the same shape: no new compile
    versions = [r["version"] for r in three["results"] + seven["results"]]
    assert all(v > 0 for v in versions) and versions == sorted(versions)
    a = Account.__table__
    with server_db.read() as conn:
        stored = dict(conn.execute(select(a.c.segment, a.c.sync_version)
                                   .where(a.c.segment.like("seven %"))).all())
    assert stored == {f"seven {n}": r["version"] for n, r in enumerate(seven["results"])}
    # The stored results were restamped too: a replay answers the final versions.
    again = push(server_db, uid, client, _edits(ids[3:10], 104, "seven", 11), NOW)
    assert [r["version"] for r in again["results"]] == [r["version"] for r in seven["results"]]
    assert all(r.get("replayed") for r in again["results"])
