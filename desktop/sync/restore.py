"""When the server went back in time, or the cache must start over.

A restored server (a new epoch, or a head below our cursor) lost what we hold
above where its history stops: those rows are queued again as whole rows. A
cache with data that never came from this server is set aside as a backup.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from desktop.domain import wire
from desktop.sync.local import Local


def repush(local: Local, user_id: str, start: int, epoch: str | None) -> None:
    """Queue every row we hold above ``start`` again, as the full row
    (after any edits already waiting), and pull again from there. Users and
    territories are the administrators' to restore."""
    now = datetime.now(UTC).strftime(wire.DT_FORMAT)
    role = local.conn.execute("SELECT role FROM users WHERE id = ?", (user_id,)).fetchone()
    skip = () if role and role[0] == "admin" else (
        "users", "territories", "products", "stock_levels", "price_entries")
    cursor = local.cursor()

    def queue_again(conn: sqlite3.Connection) -> None:
        for name, table in wire.tables().items():
            if name in skip:
                continue
            cols = ", ".join(table.names)
            for raw in conn.execute(f"SELECT {cols} FROM {name} "  # nosec B608 - identifiers from code, values bound
                                    f"WHERE sync_version > ? ORDER BY sync_version",
                                    (start,)).fetchall():
                row = {n: wire.from_sqlite(k, v)
                       for (n, k), v in zip(table.fields, raw, strict=True)}
                conn.execute("INSERT INTO sync_outbox(table_name, row_id, op, base, changes, "
                             "created_at) VALUES (?, ?, 'upsert', NULL, ?, ?)",
                             (name, row["id"], json.dumps(row), now))
        local.put("cursor", min(start, cursor), conn)
        local.put("verified_at", None, conn)
        if epoch is not None:
            local.put("epoch", epoch, conn)
    local.write(queue_again)



def start_fresh(local: Local) -> Path:
    """Keep the cache as a backup, then empty it for a first sync (the
    outbox goes too: its edits belong to the old data)."""
    from desktop.store.migrate import backup_file

    backup = backup_file(Path(local.conn.execute("PRAGMA database_list")
                              .fetchone()[2]), key=local.key)
    def empty(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO derived_suspended(reason) VALUES ('start fresh')")
        from desktop.sync import first_load

        aside = first_load.set_aside(conn)  # a first load under way: its indexes, triggers
        for name in reversed(list(wire.tables())):
            conn.execute(f"DELETE FROM {name}")  # nosec B608 - identifiers from code, values bound
        first_load.put_back(conn, aside)
        for statement in ("DELETE FROM sync_outbox", "DELETE FROM sync_rejected",
                          "DELETE FROM sync_state WHERE key != 'client_id'",
                          "INSERT INTO account_search(account_search) VALUES ('delete-all')",
                          "INSERT INTO history_search(history_search) VALUES ('delete-all')",
                          "DELETE FROM derived_suspended"):
            conn.execute(statement)
    local.write(empty)
    return backup

