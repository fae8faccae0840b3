"""One sync: versions checked, outbox pushed, server changes pulled, checked.

Push first, then pull, both in pages. Every write is a job of the store's one
writer; a pulled page is written in chunks of about :data:`CHUNK_SECONDS`, so
a rep's save waits at most one chunk (a first load writes a page in one
transaction unless a job waits: :func:`first_load.write_page`). A sync
killed anywhere resumes where it stopped and loses nothing: an outbox entry
goes only after the server acknowledged it, and the pull cursor moves only
with the last chunk of the page it belongs to (chunks written before it are
written again, unchanged).

Each write reports the rows it applied as :class:`Changes` through
``on_changes``, so views update exactly those rows; a first load's writes
report ``Changes.reset()`` instead (the cache is filled wholesale).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain import wire
from desktop.i18n import _
from desktop.store import derived_name_order
from desktop.store.changes import Changes
from desktop.store.cipher import CacheKey
from desktop.store.writer import Writer
from desktop.sync import apply, blobs, first_load, restore, steady, verify
from desktop.sync.errors import Cancelled, MassDelete, NeedsDecision, VersionMismatch
from desktop.sync.local import Local
from desktop.sync.paging import PageSize
from desktop.sync.prefetch import Prefetcher
from desktop.sync.transport import ClientIdReused, Transport

VERIFY_EVERY_SECONDS = 3600
MASS_DELETE_SHARE = 0.5
MASS_DELETE_MIN_ROWS = 20
CHUNK_SECONDS = 0.025  # how long one write of a pulled page may hold the writer
FIRST_CHUNK_ROWS = 250
PULL_PAGE = 2000  # rows the app asks for per pull request


@dataclass
class SyncProgress:
    phase: str  # push | pull | verify
    done: int
    total: int | None


@dataclass
class SyncReport:
    pushed: int = 0
    rejected: int = 0
    conflicts: int = 0
    pulled: int = 0
    evicted: int = 0
    verified: bool | None = None  # None: not checked this time
    repaired: list[str] = field(default_factory=list)  # "table/bucket" re-downloaded
    restored_server: bool = False
    blob_bytes_sent: int = 0
    blobs_fetched: int = 0
    blobs_missing: int = 0  # attachments' files the server does not have yet
    seconds: float = 0.0


Progress = Callable[[SyncProgress], None]
OnChanges = Callable[[Changes], None]


class SyncClient:
    def __init__(self, cache_path: Path, transport: Transport, *, user_id: str,
                 push_batch: int = 200, pull_page: int = PULL_PAGE, writer: Writer | None = None,
                 on_changes: OnChanges | None = None, key: CacheKey | None = None) -> None:
        """``key``: the cache's key, when no ``writer`` (which carries it) is given."""
        self.local = Local(cache_path, writer, key)
        self.on_changes = on_changes or (lambda _c: None)
        self._chunk_rows = FIRST_CHUNK_ROWS
        self._loading = False  # a first load in progress: rows are written whole
        self.blobs = blobs.BlobStore(cache_path, self.local.key)
        self.transport = transport
        self.user_id = user_id
        self.push_batch = push_batch
        self.pull_page = pull_page
        self._deleted_this_sync = 0
        self._cached_at_start: int | None = None

    def close(self) -> None:
        self.local.close()

    # -- the whole sync ------------------------------------------------------
    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None, *,
             deep: bool = False, confirm_mass_delete: bool = False) -> SyncReport:
        started = time.monotonic()
        report = SyncReport()
        self._deleted_this_sync = 0
        self._cached_at_start = None
        first = steady.first_page(self, report)  # one request may be all
        if first is None:
            hello = self.transport.hello()
            self._check_versions(hello)
            self._bind(hello, report)
        empty_before = self.local.cursor() == 0
        # Files first, so that an attachment never reaches others before its bytes.
        report.blob_bytes_sent += blobs.upload_missing(self.local, self.blobs, self.transport)
        if first is None:  # with a page in hand, edits made since go next time
            self._push_all(report, progress, cancel)
        self._pull_all(report, progress, cancel, confirm_mass_delete, first)
        report.blobs_fetched, report.blobs_missing = blobs.download_missing(
            self.local, self.blobs, self.transport, retry_all=deep)
        # Checksums cost a scan of both copies: after a first load, hourly, or when asked.
        last_verified = float(self.local.get("verified_at", "0") or 0)  # 0: due now
        if deep or empty_before or time.time() - last_verified > VERIFY_EVERY_SECONDS:
            if progress:
                progress(SyncProgress("verify", 0, None))
            verify.run(self, report, deep, confirm_mass_delete)
        self.local.put("last_sync_at", datetime.now(UTC).isoformat())
        report.seconds = time.monotonic() - started
        return report

    def _check_versions(self, hello: dict[str, Any]) -> None:
        if hello.get("protocol") != wire.PROTOCOL_VERSION:
            raise VersionMismatch(_("The server speaks sync protocol {theirs}, this app {ours}: "
                                    "update the older one. Nothing was synced.").format(
                theirs=hello.get("protocol"), ours=wire.PROTOCOL_VERSION))
        if hello.get("schema") != wire.schema_fingerprint():
            raise VersionMismatch(_("The server's data schema differs from this app's: update "
                                    "the older one. Nothing was synced."))

    # -- binding the cache to one server and user ------------------------------
    def foreign_rows(self) -> int:
        """Cached rows that no server sent and no local edit created (demo data)."""
        conn = self.local.conn
        return sum(int(conn.execute(
            f"SELECT count(*) FROM {name} WHERE sync_version = 0 AND id NOT IN "  # nosec B608 - identifiers from code, values bound
            f"(SELECT row_id FROM sync_outbox)").fetchone()[0]) for name in wire.tables())

    def _bind(self, hello: dict[str, Any], report: SyncReport) -> None:
        server = self.transport.base_url
        bound_server, bound_user = self.local.get("server_url"), self.local.get("user_id")
        if bound_server is None:
            foreign = self.foreign_rows()
            if foreign:
                raise NeedsDecision(_(
                    "This cache holds {n} records that did not come from a server (demo data). "
                    "Start from the server's data instead? The cache is kept as a backup."
                ).format(n=foreign))
            def bind(conn: sqlite3.Connection) -> None:
                for key, value in (("server_url", server), ("user_id", self.user_id),
                                   ("epoch", hello["epoch"]), ("cursor", 0)):
                    self.local.put(key, value, conn)
            self.local.write(bind)
            return
        if bound_server != server or bound_user != self.user_id:
            raise NeedsDecision(_("This cache belongs to another user or server. Start a new "
                                  "cache for this sign-in? The current one is kept as a backup."))
        if hello["epoch"] != self.local.get("epoch"):
            # A restored backup (or a new database): it holds our history up to
            # where its epoch starts; what we hold above that, it lost.
            report.restored_server = True
            self._repush_after_restore(int(hello.get("epoch_start") or 0), hello["epoch"])
        elif int(hello["head"]) < self.local.cursor():
            # Restored without being marked: it went back in time to its head.
            report.restored_server = True
            self._repush_after_restore(int(hello["head"]), None)

    def _repush_after_restore(self, start: int, epoch: str | None) -> None:
        restore.repush(self.local, self.user_id, start, epoch)

    def start_fresh(self) -> Path:
        """Keep the cache as a backup, then empty it for a first sync."""
        return restore.start_fresh(self.local)

    # -- push -------------------------------------------------------------------
    def _push_all(self, report: SyncReport, progress: Progress | None,
                  cancel: threading.Event | None) -> None:
        total = self.local.outbox_count()
        while True:
            batch = self.local.outbox_batch(self.push_batch)
            if not batch:
                return
            _check_cancel(cancel)
            try:
                response = self.transport.post("/v1/push", {
                    "client_id": self.local.client_id(), "mutations": batch})
            except ClientIdReused:
                # This cache was restored from a copy: our ids mean other edits there.
                self.local.put("client_id", None)
                continue
            self.acknowledge(batch, response["results"], report)
            if progress:
                progress(SyncProgress("push", report.pushed + report.rejected, total))

    def acknowledge(self, batch: list[dict[str, Any]], results: list[dict[str, Any]],
                     report: SyncReport) -> None:
        by_seq = {m["seq"]: m for m in batch}
        now = datetime.now(UTC).strftime(wire.DT_FORMAT)

        def acknowledge(conn: sqlite3.Connection) -> None:
            for result in results:
                m = by_seq.get(result.get("seq"))
                if m is None:
                    continue
                if result["status"] == "rejected":
                    conn.execute(
                        "INSERT OR REPLACE INTO sync_rejected(seq, table_name, row_id, op, base, "
                        "changes, reason, rejected_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (m["seq"], m["table"], m["id"], m["op"],
                         json.dumps(m["base"]) if m["base"] is not None else None,
                         json.dumps(m["changes"]), result.get("reason") or "", now))
                    report.rejected += 1
                else:
                    report.pushed += 1
                    report.conflicts += int(result.get("conflicts") or 0)
                conn.execute("DELETE FROM sync_outbox WHERE seq = ?", (m["seq"],))
        self.local.write(acknowledge)

    # -- pull -------------------------------------------------------------------
    def _pull_all(self, report: SyncReport, progress: Progress | None,
                  cancel: threading.Event | None, confirm_mass_delete: bool,
                  first: dict[str, Any] | None = None) -> None:
        self._retry_deferred_evictions(report)
        loading = first_load.start(self.local)
        self._loading = loading
        size = PageSize(self.pull_page)

        def fetch(cursor: int) -> dict[str, Any]:
            page = self.transport.post("/v1/pull", {"cursor": cursor, "limit": size.rows})
            if loading:
                size.seen(page, self.transport.last_bytes)
            return page
        pages = Prefetcher(fetch, self.local.cursor(), first)
        with self.local.first_load() if loading else nullcontext():
            try:
                for page in pages:
                    _check_cancel(cancel)
                    self._apply_page(page, report, confirm_mass_delete)
                    if progress:
                        progress(SyncProgress("pull", report.pulled, None if page["more"] else
                                              report.pulled))
            finally:
                pages.close()
            first_load.finish(self.local)
        if derived_name_order.needs_repair(self.local.conn):  # rows a page put out of order
            self.local.write(derived_name_order.repair)
        if loading:  # filled wholesale, search and last contacts whole: views reload
            self.on_changes(Changes.reset())

    def _apply_page(self, page: dict[str, Any], report: SyncReport,
                    confirm_mass_delete: bool) -> None:
        """Check the page whole (field lists, the mass-delete guard), then write it
        in timed chunks; the last write evicts, and moves the cursor."""
        conn = self.local.conn
        tables = page.get("tables", {})
        deleting = 0
        prepared = {}
        for name in wire.tables():  # parents before children
            if name not in tables:
                continue
            fields = tables[name]["fields"]
            rows = apply.prepare(name, fields, tables[name]["rows"])
            deleting += apply.tombstones_over_live(conn, name, rows,
                                                   1 + list(fields).index("deleted_at"))
            prepared[name] = (fields, rows)
        evict_now = [a for a in page.get("evict", []) if not apply.has_pending_under(conn, a)]
        deleting += sum(apply.rows_under(conn, a) for a in evict_now)
        # A lead reassigned away with an edit still unsent stays until that edit
        # is settled; the next checksum pass drops it then.
        leads_out = [i for i in page.get("evict_leads", []) if not apply.is_pending(conn, i)]
        self._guard_mass_delete(deleting, confirm_mass_delete)
        if not self._loading:
            for name, (fields, rows) in prepared.items():
                start = 0
                while start < len(rows):
                    chunk = rows[start:start + self._chunk_rows]
                    self._write_chunk(name, fields, chunk)
                    report.pulled += len(chunk)
                    start += len(chunk)
        deferred = set(json.loads(self.local.get("deferred_evictions", "[]") or "[]"))
        deferred |= set(page.get("evict", [])) - set(evict_now)
        known = self.local.get("scope")

        def finish(c: sqlite3.Connection) -> None:
            for account in evict_now:
                report.evicted += apply.evict(c, account)
            for lead in leads_out:
                report.evicted += c.execute("DELETE FROM leads WHERE id = ?", (lead,)).rowcount
            self.local.put("deferred_evictions",
                           json.dumps(sorted(deferred)) if deferred else None, c)
            self.local.put("cursor", int(page["cursor"]), c)
            if known is not None and known != page.get("scope"):
                # Territories or team changed: rows entered or left the scope
                # below the cursor. The checksums find them, this very sync,
                # and drop what left without asking (see verify.run).
                self.local.put("verified_at", None, c)
                self.local.put("scope_changed", 1, c)
            self.local.put("scope", page.get("scope"), c)
        if self._loading:
            # No per-row records: the views reload once the load is done.
            report.pulled += first_load.write_page(self.local, prepared, finish)
        else:
            self.local.write(finish)
        if evict_now or leads_out:
            self.on_changes(Changes.of_stored([*(("accounts", a) for a in evict_now),
                                               *(("leads", i) for i in leads_out)]))

    def _write_chunk(self, name: str, fields: list[str], rows: list[list[Any]]) -> None:
        """One write of part of a page; the next chunk's size aims at CHUNK_SECONDS."""
        started = time.perf_counter()
        self.local.write(lambda c: apply.upsert(c, self.local, name, fields, rows,
                                                compare=not self._loading))
        took = max(time.perf_counter() - started, 1e-4)
        self._chunk_rows = max(20, min(5000, int(len(rows) * CHUNK_SECONDS / took)))
        self.on_changes(Changes.of_stored((name, r[1]) for r in rows))

    def _guard_mass_delete(self, deleting: int, confirmed: bool) -> None:
        self._deleted_this_sync += deleting
        n = self._deleted_this_sync
        if confirmed or n < MASS_DELETE_MIN_ROWS:
            return
        if self._cached_at_start is None:  # counted once per sync, only when it matters
            self._cached_at_start = self.local.live_rows()
        cached = max(self._cached_at_start, 1)
        if n > MASS_DELETE_SHARE * cached:
            raise MassDelete(_("The server's changes would remove {n} of the {total} records in "
                               "this cache. Nothing was removed; confirm to go ahead.").format(
                n=n, total=cached), n, cached)

    def _retry_deferred_evictions(self, report: SyncReport) -> None:
        deferred = json.loads(self.local.get("deferred_evictions", "[]") or "[]")
        if not deferred:
            return
        evicted: list[tuple[str, str]] = []

        def retry(conn: sqlite3.Connection) -> None:
            left = []
            for account in deferred:
                if apply.has_pending_under(conn, account):
                    left.append(account)
                else:
                    report.evicted += apply.evict(conn, account)
                    evicted.append(("accounts", account))
            self.local.put("deferred_evictions", json.dumps(left) if left else None, conn)
        self.local.write(retry)
        if evicted:
            self.on_changes(Changes.of_stored(evicted))

    # -- verify -----------------------------------------------------------------
def _check_cancel(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled(_("Sync stopped; everything received so far is kept."))
