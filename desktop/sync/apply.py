"""Applying server rows to the cache: pulled pages, evictions, re-downloads.

A row with unpushed local edits keeps the locally edited fields (the outbox
will carry them to the server, which merges against their base); every other
field takes the server's value. Nothing here writes to the outbox.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Sequence
from typing import Any

from desktop.domain import wire
from desktop.domain.schema.base import account_children
from desktop.sync.errors import VersionMismatch
from desktop.sync.local import Local


def prepare(name: str, fields: Sequence[str], rows: list[list[Any]]) -> list[list[Any]]:
    """Check the page's field list against ours and bring JSON to storage form."""
    table = wire.tables().get(name)
    if table is None or list(fields) != list(table.names):
        raise VersionMismatch(f"the server sent {name} with other fields; update the app")
    json_cols = [i + 1 for i, f in enumerate(fields) if table.kinds[f] == "json"]
    if not json_cols:
        return rows
    out = []
    for row in rows:
        row = list(row)
        for i in json_cols:
            if row[i] is not None:
                row[i] = json.dumps(row[i])
        out.append(row)
    return out


def tombstones_over_live(conn: sqlite3.Connection, name: str, rows: list[list[Any]],
                         deleted_at_index: int) -> int:
    """How many live cached rows this page would turn into tombstones."""
    ids = [r[1] for r in rows if r[deleted_at_index] is not None]
    count = 0
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        count += conn.execute(f"SELECT count(*) FROM {name} WHERE deleted_at IS NULL "  # nosec B608 - identifiers from code, values bound
                              f"AND id IN ({marks})", chunk).fetchone()[0]
    return int(count)


def upsert(conn: sqlite3.Connection, local: Local, name: str, fields: Sequence[str],
           rows: list[list[Any]], *, compare: bool = True) -> int:
    """Write server rows ([version, *values]); returns how many were written.

    With ``compare``, a row already cached is updated in just the columns whose
    value moved: the cache's ``UPDATE OF`` triggers (search, revenue, activity)
    then run only for what changed, not for every column of every row pulled
    (a 100-edit round's pull spent 1.3 ms a row in them). A first load, with
    its triggers set aside and nothing cached, writes rows whole."""
    cols = ["sync_version", *fields]
    sets = ", ".join(f"{c} = excluded.{c}" for c in cols if c != "id")
    sql = (f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "  # noqa: S608
           f"ON CONFLICT(id) DO UPDATE SET {sets}")
    pending = local.pending_fields(conn, name) if _has_outbox(conn) else {}
    plain = [r for r in rows if r[1] not in pending]
    if compare:
        plain = _update_changed(conn, name, cols, plain)
    conn.executemany(sql, plain)
    for row in rows:
        edited = pending.get(row[1])
        if edited is None:
            continue
        keep = [(c, v) for c, v in zip(cols, row, strict=True) if c not in edited and c != "id"]
        assignments = ", ".join(f"{c} = ?" for c, _ in keep)
        updated = conn.execute(f"UPDATE {name} SET {assignments} WHERE id = ?",  # nosec B608 - identifiers from code, values bound
                               [v for _, v in keep] + [row[1]]).rowcount
        if not updated:
            conn.execute(sql, row)
    return len(rows)


def _update_changed(conn: sqlite3.Connection, name: str, cols: list[str],
                    rows: list[list[Any]]) -> list[list[Any]]:
    """Update the cached ones of ``rows`` in the columns that differ (grouped by
    which, one executemany each); returns the rows not cached yet."""
    cached: dict[str, Sequence[Any]] = {}
    for start in range(0, len(rows), 500):
        ids = [r[1] for r in rows[start:start + 500]]
        marks = ",".join("?" * len(ids))
        for found in conn.execute(f"SELECT {', '.join(cols)} FROM {name} "  # nosec B608 - identifiers from code, values bound
                                  f"WHERE id IN ({marks})", ids):
            cached[found[1]] = found
    if not cached:
        return rows
    fresh: list[list[Any]] = []
    changes: dict[tuple[int, ...], list[list[Any]]] = {}
    for row in rows:
        old = cached.get(row[1])
        if old is None:
            fresh.append(row)
            continue
        moved = tuple(i for i, (was, now) in enumerate(zip(old, row, strict=True))
                      if not _same(was, now))
        if moved:
            changes.setdefault(moved, []).append([*(row[i] for i in moved), row[1]])
    for moved, params in changes.items():
        assignments = ", ".join(f"{cols[i]} = ?" for i in moved)
        conn.executemany(f"UPDATE {name} SET {assignments} WHERE id = ?", params)  # nosec B608 - identifiers from code, values bound
    return fresh


def _same(was: Any, now: Any) -> bool:
    """Whether storing ``now`` over ``was`` leaves the value as it is. Text
    never equals a number here (a column's affinity may convert one to the
    other, so those count as moved: a needless write, never a lost one)."""
    return was == now and isinstance(was, str) == isinstance(now, str)


def _has_outbox(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sync_outbox LIMIT 1").fetchone() is not None


def rows_under(conn: sqlite3.Connection, account_id: str) -> int:
    total = 1
    for child in account_children():
        total += conn.execute(f"SELECT count(*) FROM {child} WHERE account_id = ?",  # nosec B608 - identifiers from code, values bound
                              (account_id,)).fetchone()[0]
    return int(total)


def has_pending_under(conn: sqlite3.Connection, account_id: str) -> bool:
    if conn.execute("SELECT 1 FROM sync_outbox WHERE row_id = ?", (account_id,)).fetchone():
        return True
    return any(conn.execute(
        f"SELECT 1 FROM sync_outbox o JOIN {child} c ON c.id = o.row_id "  # nosec B608 - identifiers from code, values bound
        f"WHERE c.account_id = ? LIMIT 1", (account_id,)).fetchone()
        for child in account_children())


def is_pending(conn: sqlite3.Connection, row_id: str) -> bool:
    """An edit of this row waits in the outbox."""
    return conn.execute("SELECT 1 FROM sync_outbox WHERE row_id = ? LIMIT 1",
                        (row_id,)).fetchone() is not None


def evict(conn: sqlite3.Connection, account_id: str) -> int:
    """Drop an account that left the user's scope, with everything under it.
    A local cache removal, not a delete: nothing goes to the outbox."""
    removed = 0
    for child in reversed(account_children()):  # children before their parents
        removed += conn.execute(f"DELETE FROM {child} WHERE account_id = ?",  # nosec B608 - identifiers from code, values bound
                                (account_id,)).rowcount
    removed += conn.execute("DELETE FROM accounts WHERE id = ?", (account_id,)).rowcount
    return removed


def replace_bucket(conn: sqlite3.Connection, local: Local, name: str, bucket: str,
                   fields: Sequence[str], rows: list[list[Any]]) -> int:
    """Make one id bucket of one table equal to the server's copy; returns rows dropped."""
    upsert(conn, local, name, fields, prepare(name, fields, rows))
    keep = {r[1] for r in rows}
    pending = local.pending_fields(conn, name)
    stale = [r[0] for r in conn.execute(f"SELECT id FROM {name} WHERE substr(id, 1, 1) = ?",  # nosec B608 - identifiers from code, values bound
                                        (bucket,)) if r[0] not in keep and r[0] not in pending]
    for row_id in stale:
        if name == "accounts":
            evict(conn, row_id)
        else:
            conn.execute(f"DELETE FROM {name} WHERE id = ?", (row_id,))  # nosec B608 - identifiers from code, values bound
    return len(stale)
