"""Convergence check: per table and id bucket, row counts and version sums
(and content digests when deep) compared with the server's; only buckets that
differ are downloaded again, and only if the repair passes the mass-delete
guard as a whole."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from desktop.domain import wire
from desktop.store.changes import Changes
from desktop.sync import apply
from desktop.sync.local import BUCKETS

if TYPE_CHECKING:
    from desktop.sync.client import SyncClient, SyncReport


def run(client: SyncClient, report: SyncReport, deep: bool, confirm_mass_delete: bool) -> None:
    client.local.put("verified_at", None)  # due until a check completes
    if client.local.outbox_count():
        return  # edits made during this sync: the next sync checks
    # Our sums while the server works out its own (each is a scan of every table:
    # after the quick book's first load, 0.2-0.3 s here, 0.3-0.4 s there).
    with ThreadPoolExecutor(1, thread_name_prefix="checksums") as pool:
        counting = pool.submit(lambda: {name: client.local.buckets(table, deep)
                                        for name, table in wire.tables().items()})
        server = client.transport.post("/v1/verify", {"deep": deep})
        all_ours = counting.result()
    mismatched = []
    for name in wire.tables():
        theirs = server["tables"].get(name, {})
        ours = all_ours[name]
        for bucket in BUCKETS:
            a, b = ours.get(bucket, [0, 0, 0]), theirs.get(bucket, [0, 0, 0])
            if a[:2] != b[:2] or (deep and a[2] != b[2]):
                mismatched.append((name, bucket))
    # After the server changed what this user may see (a new scope fingerprint),
    # rows that left it must go: that is the administrator's decision, not a
    # suspicious mass delete, so the guard does not ask.
    confirm_mass_delete = confirm_mass_delete or bool(client.local.get("scope_changed"))
    if mismatched:
        # First only the ids, to see what a repair would remove; nothing is
        # touched unless the whole repair passes the mass-delete guard.
        client._cached_at_start = client.local.live_rows()
        stale = 0
        for name, bucket in mismatched:
            ids = set(client.transport.post("/v1/fetch", {"table": name, "bucket": bucket,
                                                        "ids_only": True})["ids"])
            stale += _count_stale(client.local.conn, name, bucket, ids)
        client._guard_mass_delete(stale, confirm_mass_delete)
    for name, bucket in mismatched:
        page = client.transport.post("/v1/fetch", {"table": name, "bucket": bucket})
        client.local.write(_replace(client, name, bucket, page))
        client.on_changes(Changes.of_stored((name, r[1]) for r in page["rows"]))
        report.repaired.append(f"{name}/{bucket}")
    report.verified = not mismatched
    client.local.put("verified_at", int(time.time()))
    client.local.put("scope_changed", None)

def _replace(client: SyncClient, name: str, bucket: str,
             page: dict[str, Any]) -> Callable[[sqlite3.Connection], int]:
    return lambda conn: apply.replace_bucket(conn, client.local, name, bucket, page["fields"],
                                             page["rows"])


def _count_stale(conn: Any, name: str, bucket: str, keep: set[str]) -> int:
    return sum(1 for (row_id,) in conn.execute(
        f"SELECT id FROM {name} WHERE substr(id, 1, 1) = ?", (bucket,))  # nosec B608 - identifiers from code, values bound
        if row_id not in keep)


