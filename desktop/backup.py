"""Backups of the cache: a rolling daily copy (the newest seven kept) and a
restore that goes through the store's writer.

Every copy is made with SQLite's online backup API (a consistent snapshot, the
WAL included, while the app keeps working) into a ``.partial`` name, flushed to
disk and then renamed: a backup folder never holds a half-written copy, even
if the laptop dies in the middle.
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.cipher import CacheKey, DatabaseError, connect

if TYPE_CHECKING:
    from desktop.store.changes import Changes
    from desktop.store.store import Store

KEEP = 7
STAMP = "%Y%m%d-%H%M%S"
# fieldbook.20261207-093000.sqlite3; a restore's safety copy has ".before-restore".
_NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})\.sqlite3$")
COUNTED = ("accounts", "contacts", "interactions")


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds, shown before a restore."""

    path: Path
    made: datetime
    size: int
    counts: dict[str, int]
    last_change: datetime | None
    revision: str | None


def folder_for(db: Path) -> Path:
    """Backups live beside the cache, in ``backups/``."""
    return db.parent / "backups"


def copy_to(source: Path, target: Path, key: CacheKey | None = None) -> Path:
    """A consistent copy of ``source`` at ``target``, never seen half-written;
    an encrypted cache's copy is encrypted with the same ``key`` (page by page)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    src = connect(f"file:{source}?mode=ro", key, uri=True)
    try:
        dst = connect(partial, key)
        try:
            src.backup(dst)
            # One self-contained file: the copy's WAL folded in and switched off.
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    with open(partial, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(partial, target)
    return target


def backups(db: Path) -> list[Path]:
    """This cache's backups, newest first."""
    folder = folder_for(db)
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir()
             if (m := _NAME.match(p.name)) and m["stem"] == db.stem]
    return sorted(found, key=lambda p: p.name, reverse=True)


def back_up(db: Path, now: datetime | None = None, keep: int = KEEP,
            key: CacheKey | None = None) -> Path:
    """A backup now (encrypted with the cache's ``key``); the oldest beyond ``keep`` are deleted."""
    stamp = (now or datetime.now(UTC)).strftime(STAMP)
    target = copy_to(db, folder_for(db) / f"{db.stem}.{stamp}.sqlite3", key)
    for old in backups(db)[keep:]:
        old.unlink(missing_ok=True)
    return target


def daily(db: Path, now: datetime | None = None, keep: int = KEEP,
          key: CacheKey | None = None) -> Path | None:
    """Today's backup, unless one was already made today (then None)."""
    now = now or datetime.now(UTC)
    if not db.exists():
        return None
    today = now.strftime("%Y%m%d")
    if any(_NAME.match(p.name)["stamp"].startswith(today)  # type: ignore[index]
           for p in backups(db)):
        return None
    return back_up(db, now, keep, key)


def summarise(path: Path, key: CacheKey | None = None) -> BackupSummary:
    """Counts of live accounts, contacts and interactions, and the last change."""
    match = _NAME.match(path.name)
    made = (datetime.strptime(match["stamp"], STAMP).replace(tzinfo=UTC) if match
            else datetime.fromtimestamp(path.stat().st_mtime, UTC))
    conn = connect(f"file:{path}?mode=ro", key, uri=True)
    try:
        counts, latest = {}, []
        for table in COUNTED:
            try:
                n, last = conn.execute(
                    f"SELECT count(*) FILTER (WHERE deleted_at IS NULL), max(updated_at) "  # nosec B608 - identifiers from code, values bound
                    f"FROM {table}").fetchone()
            except DatabaseError as exc:
                raise ValueError(f"{path.name} is not a Fieldbook cache ({exc})") from exc
            counts[table] = n
            if last:
                latest.append(str(last))
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except DatabaseError:
            row = None
    finally:
        conn.close()
    last_change = datetime.fromisoformat(max(latest)) if latest else None
    if last_change is not None and last_change.tzinfo is None:
        last_change = last_change.replace(tzinfo=UTC)
    return BackupSummary(path, made, path.stat().st_size, counts, last_change,
                         row[0] if row else None)


def restore(store: Store, backup: Path, now: datetime | None = None) -> Changes:
    """Replace the cache's contents with ``backup``'s, as one job of the store's
    writer (no other write can run meanwhile). The cache as it was is kept first
    as ``<name>.<stamp>.before-restore.sqlite3``; a backup from an older version
    is migrated on a temporary copy before it is copied in."""
    from desktop.store.changes import Changes
    from desktop.store.migrations import HEAD

    key = store.key
    summary = summarise(backup, key)  # refuses a file that is not a cache
    stamp = (now or datetime.now(UTC)).strftime(STAMP)
    copy_to(store.path, folder_for(store.path) / f"{store.path.stem}.{stamp}.before-restore"
                                                 ".sqlite3", key)
    with tempfile.TemporaryDirectory(prefix="fieldbook-restore-") as scratch:
        source = backup
        if summary.revision != HEAD:
            from desktop.store.store import Store

            source = copy_to(backup, Path(scratch) / "restore.sqlite3", key)
            Store(source, key=key).close()  # migrates it to this version

        def job() -> None:
            src = connect(f"file:{source}?mode=ro", key, uri=True)
            dst = connect(store.path, key, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
                src.close()

        store.writer.call(job)
    return Changes.reset()
