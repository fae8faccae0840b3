"""The sync client's view of the cache, and its bookkeeping.

Sync reads on a connection of its own and writes through the store's one
writer (:meth:`Local.write`): plain sqlite3 on the writer's bulk connection (a
chunk of a page is one ``executemany``), in ``BEGIN IMMEDIATE`` transactions,
so the app's edits and a pulled chunk never interleave inside one transaction
and an edit waits at most for one chunk. Foreign keys are not enforced there:
within one sync a child may arrive a page before an updated parent; the
server guarantees the references.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any, TypeVar

from desktop.domain import wire
from desktop.store import pragmas
from desktop.store.cipher import CacheKey, connect
from desktop.store.writer import ImmediateWriter, Writer

BUCKETS = "0123456789abcdef"
T = TypeVar("T")


class Local:
    def __init__(self, path: Path, writer: Writer | None = None,
                 key: CacheKey | None = None) -> None:
        """``key``: the cache's key when there is no ``writer`` (whose key it is otherwise)."""
        self.writer = writer or ImmediateWriter(path, key)
        self.key = self.writer.key
        self.conn = connect(path, self.key, isolation_level=None, check_same_thread=False,
                            timeout=30)
        pragmas.apply(self.conn)
        self._own_writer = writer is None

    def close(self) -> None:
        self.conn.close()
        if self._own_writer:
            self.writer.close()

    def write(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        """``fn(conn)`` in one transaction of the writer; waits for it."""
        return self.writer.transaction(fn)

    @contextmanager
    def first_load(self) -> Iterator[None]:
        """Sync's commits skip the fsync while a first load runs (``synchronous=NORMAL``
        on the writer's bulk connection, which only sync uses; the rep's edits go
        through the other one, still FULL). In WAL mode that stays consistent: a
        power cut may only undo the last commits, and the cursor moves in the
        same commits as its rows, so the load resumes where the kept data ends."""
        self._bulk_pragma("PRAGMA synchronous=NORMAL")
        try:
            yield
        finally:
            with suppress(RuntimeError):  # the cache was closed meanwhile: nothing to reset
                self._bulk_pragma("PRAGMA synchronous=FULL")

    def _bulk_pragma(self, statement: str) -> None:
        """A setting of the bulk connection, outside any transaction (as a job)."""
        writer = self.writer
        writer.call(lambda: writer._bulk().execute(statement))

    # -- key/value state --------------------------------------------------
    def get(self, key: str, default: str | None = None,
            conn: sqlite3.Connection | None = None) -> str | None:
        """A key's value, read in the caller's write (``conn``) or on the reads."""
        row = (conn or self.conn).execute("SELECT value FROM sync_state WHERE key = ?",
                                          (key,)).fetchone()
        return row[0] if row else default

    def put(self, key: str, value: str | int | None,
            conn: sqlite3.Connection | None = None) -> None:
        """Set a key inside the caller's write (``conn``), or as a write of its own."""
        if conn is None:
            self.write(lambda c: self.put(key, value, c))
            return
        c = conn
        if value is None:
            c.execute("DELETE FROM sync_state WHERE key = ?", (key,))
        else:
            c.execute("INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) "
                      "DO UPDATE SET value = excluded.value", (key, str(value)))

    def client_id(self) -> str:
        value = self.get("client_id")
        if value is None:
            value = uuid.uuid4().hex
            self.put("client_id", value)
        return value

    def cursor(self) -> int:
        return int(self.get("cursor", "0") or 0)

    # -- outbox -------------------------------------------------------------
    def outbox_batch(self, limit: int) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT seq, table_name, row_id, op, base, changes FROM sync_outbox "
            "ORDER BY seq LIMIT ?", (limit,)).fetchall()
        return [{"seq": s, "table": t, "id": r, "op": o,
                 "base": json.loads(b) if b is not None else None, "changes": json.loads(c)}
                for s, t, r, o, b, c in rows]

    def outbox_count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM sync_outbox").fetchone()[0])

    def pending_fields(self, conn: sqlite3.Connection, table: str) -> dict[str, set[str]]:
        """Fields with unpushed local edits, per row id, for one table."""
        out: dict[str, set[str]] = {}
        for row_id, changes in conn.execute(
                "SELECT row_id, changes FROM sync_outbox WHERE table_name = ?", (table,)):
            out.setdefault(row_id, set()).update(json.loads(changes))
        return out

    # -- checksums ----------------------------------------------------------
    def buckets(self, table: wire.WireTable, deep: bool) -> dict[str, list[int]]:
        out = {b: [int(n), int(s), 0] for b, n, s in self.conn.execute(
            f"SELECT substr(id, 1, 1), count(*), coalesce(sum(sync_version), 0) "  # nosec B608 - identifiers from code, values bound
            f"FROM {table.name} GROUP BY 1")}
        if deep:
            kinds = [k for _, k in table.fields]
            cols = ", ".join(table.names)
            for raw in self.conn.execute(f"SELECT {cols} FROM {table.name}"):  # nosec B608 - identifiers from code, values bound
                row = {n: wire.from_sqlite(k, v) for n, k, v in zip(table.names, kinds, raw,
                                                                    strict=True)}
                out[row["id"][0]][2] ^= int.from_bytes(wire.row_digest(table, row), "big")
        return out

    def live_rows(self) -> int:
        return sum(int(self.conn.execute(
            f"SELECT count(*) FROM {name} WHERE deleted_at IS NULL").fetchone()[0])  # nosec B608 - identifiers from code, values bound
            for name in wire.tables())
