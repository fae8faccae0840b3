"""Wiping a revoked device: what an administrator's ``revoke-device`` does to the cache.

When the server answers ``device_revoked``, this device may no longer hold the
user's data. In place (the window keeps its open store): every row of every
table is deleted in one write of the store's writer, the file is rebuilt
(``VACUUM``) so the deleted pages are gone from it, and the write-ahead log is
emptied. Beside the cache, the attachment and PDF files (``<cache>.blobs``),
the import batches (``<cache>.imports``), the daily backups and the backups
made before upgrades or a fresh start are deleted. The sign-in token leaves
the keyring (``SyncService``). The settings file stays (it holds no records).

What is lost: the edits not yet sent (counted in :class:`Wiped`), the refused
edits still listed under Sync, and unresolved conflicts. Files the user saved
elsewhere (exports, PDFs saved to a folder) are not touched.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.i18n import _, ngettext
from desktop.sync.errors import DeviceRevoked

if TYPE_CHECKING:
    from desktop.store.store import Store

KEPT_TABLES = frozenset({"alembic_version", "derived_suspended", "sqlite_sequence"})
FTS_SHADOWS = ("_data", "_idx", "_content", "_docsize", "_config")
EXTERNAL = re.compile(r"\bcontent\s*=", re.IGNORECASE)  # FTS5 external content or contentless


@dataclass(frozen=True)
class Wiped:
    unsent: int  # local edits that never reached the server
    rejected: int  # edits the server refused, kept for the user until now
    rows: int  # rows deleted from the cache
    files: int  # files deleted beside it (attachments, backups, imports)


def wipe(store: Store) -> Wiped:
    """Empty the cache and delete the files that hold copies of its data."""
    counts: dict[str, int] = {}
    held: list[sqlite3.Connection] = []

    def empty(conn: sqlite3.Connection) -> None:
        held.append(conn)
        counts["unsent"] = _count(conn, "sync_outbox")
        counts["rejected"] = _count(conn, "sync_rejected")
        conn.execute("INSERT INTO derived_suspended(reason) VALUES ('device revoked')")
        from desktop.sync import first_load

        aside = first_load.set_aside(conn)  # a first load under way: its indexes, triggers
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%'").fetchall()
        virtual = [n for n, sql in tables if (sql or "").upper().startswith("CREATE VIRTUAL")]
        rows = 0
        for name, sql in tables:
            if name not in virtual:
                continue
            if EXTERNAL.search(sql):  # an index over other tables' content (or none)
                conn.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'delete-all\')')  # nosec B608 - identifiers from code, values bound
            else:  # an index that keeps its own content: a delete leaves the old
                # terms in the index's segments until a rebuild
                conn.execute(f'DELETE FROM "{name}"')  # nosec B608 - identifiers from code, values bound
                conn.execute(f'INSERT INTO "{name}"("{name}") VALUES (\'rebuild\')')  # nosec B608 - identifiers from code, values bound
        for name, _sql in tables:
            if name in KEPT_TABLES or name in virtual or _shadow(name, virtual):
                continue
            rows += conn.execute(f'DELETE FROM "{name}"').rowcount  # nosec B608 - identifiers from code, values bound
        conn.execute("DELETE FROM sqlite_sequence")
        first_load.put_back(conn, aside)
        conn.execute("DELETE FROM derived_suspended")
        counts["rows"] = rows

    store.writer.transaction(empty)
    store.writer.call(lambda: _compact(held[0]))
    files = _delete_files(store.path)
    return Wiped(counts["unsent"], counts["rejected"], counts["rows"], files)


def revoked_error(revoked: DeviceRevoked, wiped: Wiped) -> DeviceRevoked:
    """The server's refusal, told as what happened here and what was lost."""
    lost = ngettext("{n:,} change that had not been sent was lost.",
                    "{n:,} changes that had not been sent were lost.",
                    wiped.unsent).format(n=wiped.unsent) if wiped.unsent else \
        _("Nothing unsent was lost.")
    error = DeviceRevoked(_("An administrator signed this computer out of the Fieldbook "
                            "server, so Fieldbook removed this user's data from it. {lost} "
                            "Sign in again to load your data from the server.").format(
        lost=lost))
    error.status, error.code, error.lost = revoked.status, revoked.code, wiped.unsent
    return error


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # nosec B608 - identifiers from code, values bound


def _shadow(name: str, virtual: list[str]) -> bool:
    """A full-text index's own storage (``<index>_data`` ...): emptied with the index."""
    return any(name == v + suffix for v in virtual for suffix in FTS_SHADOWS)


def _compact(conn: sqlite3.Connection) -> None:
    """Rebuild the file without the deleted pages, and empty the write-ahead log
    (a reader still open may hold it a moment: tried a few times)."""
    conn.execute("VACUUM")
    for _attempt in range(20):
        busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return
        import time

        time.sleep(0.05)


def _delete_files(cache: Path) -> int:
    """Attachment files, import batches and every backup of this cache."""
    from desktop.backup import folder_for

    removed = 0
    for folder in (cache.with_name(cache.name + ".blobs"),
                   cache.with_name(cache.name + ".imports")):
        if folder.is_dir():
            removed += sum(1 for p in folder.rglob("*") if p.is_file())
            shutil.rmtree(folder, ignore_errors=True)
    # Daily backups, and the copies made before an upgrade or a fresh start
    # (``<stem>.<stamp>.backup<suffix>``), partial ones included.
    before = re.compile(re.escape(cache.stem) + r"\.\d{8}-\d{6}(-\d+)?\.backup"
                        + re.escape(cache.suffix) + r"(\.partial)?$")
    daily = re.compile(re.escape(cache.stem) + r"\.\d{8}-\d{6}(-\d+)?(\.before-restore)?"
                       r"\.sqlite3(\.partial)?$")
    folder = folder_for(cache)
    found = [p for p in folder.iterdir() if daily.match(p.name)] if folder.is_dir() else []
    found += [p for p in cache.parent.iterdir() if before.match(p.name)]
    for path in found:
        for extra in ("", "-wal", "-shm"):
            target = path.with_name(path.name + extra)
            if target.exists():
                target.unlink()
                removed += extra == ""
    return removed
