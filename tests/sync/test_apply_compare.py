"""A pulled row already cached is updated in the columns whose value moved,
so the cache's UPDATE OF triggers (search, revenue) run only for those.
SQLite's trace shows a trigger's steps: the search ones touch ``account_search``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from desktop.domain import wire
from desktop.store.store import Store
from desktop.sync import apply
from desktop.sync.local import Local

STAMP = "2026-11-02 09:00:00.000000"


def _row(version: int, **values: Any) -> list[Any]:
    table = wire.tables()["accounts"]
    row: dict[str, Any] = {name: None for name in table.names}
    row.update(id=values.pop("id"), name="Acme", kind="customer", status="active",
               billing_country="US", currency="USD", locale="en_US", tags="[]",
               archived=False, created_at=STAMP, updated_at=STAMP)
    row.update(values)
    return [version, *(row[name] for name in table.names)]


def _write(local: Local, rows: list[list[Any]], compare: bool = True) -> list[str]:
    """Write ``rows`` as a pulled page; returns the statements SQLite traced
    (a trigger's steps on the search index show as ``account_search`` ones)."""
    names = list(wire.tables()["accounts"].names)
    fired: list[str] = []

    def job(conn: Any) -> None:
        conn.set_trace_callback(fired.append)
        try:
            apply.upsert(conn, local, "accounts", names, rows, compare=compare)
        finally:
            conn.set_trace_callback(None)
    local.write(job)
    return fired


def test_only_moved_columns_are_written(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    Store(path).close()
    local = Local(path)
    ids = [uuid.uuid4().hex for _ in range(3)]
    _write(local, [_row(1, id=i, name=f"Acme {n}", segment="a") for n, i in enumerate(ids)])
    # Only the segment (and the version) moved: no search trigger runs.
    fired = _write(local, [_row(5, id=i, name=f"Acme {n}", segment="b")
                           for n, i in enumerate(ids)])
    assert fired and not [f for f in fired if "account_search" in f], fired
    # A name moved on one row: the search triggers run, and find the new name.
    fired = _write(local, [_row(6, id=ids[0], name="Zenith Works", segment="b"),
                           _row(7, id=uuid.uuid4().hex, name="New One")])
    assert [f for f in fired if "account_search" in f]
    stored = {r[0]: r[1:] for r in local.conn.execute(
        "SELECT id, sync_version, name, segment FROM accounts")}
    assert stored[ids[0]] == (6, "Zenith Works", "b")
    assert stored[ids[1]] == (5, "Acme 1", "b")
    assert len(stored) == 4
    found = local.conn.execute("SELECT rowid FROM account_search WHERE account_search MATCH "
                               "'Zenith'").fetchall()
    assert found == local.conn.execute("SELECT name_key FROM accounts WHERE id = ?",
                                       (ids[0],)).fetchall()
    # The whole-row path (a first load) writes every column, so its triggers all run.
    fired = _write(local, [_row(8, id=ids[1], name="Acme 1", segment="b")], compare=False)
    assert [f for f in fired if "account_search" in f]
    local.close()
