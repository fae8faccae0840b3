"""The cache file: fast reads on plain sqlite3, writes through SQLAlchemy.

Reads (lists, search, the account page) use one stdlib ``sqlite3`` connection
per thread, so the window can paint before SQLAlchemy is even imported; the
engine, the ORM and Alembic load on the first write or migration.

Writes run as jobs of the store's one :mod:`writer <desktop.store.writer>`. A
store opened with ``writes_in_jobs`` (the app, and the UI tests) refuses a unit
of work outside a job to write (reads through the ORM still work there), so a
write left on the GUI thread fails loudly in tests instead of freezing the
window during a sync.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import pragmas
from desktop.store.cipher import CacheKey, Locked, connect, is_encrypted

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop.store.blobs import BlobStore
    from desktop.store.uow import UnitOfWork
    from desktop.store.writer import Writer


class WriteOutsideWriter(RuntimeError):
    """A write that did not go through the writer (a bug in the caller)."""


class Store:
    def __init__(self, path: Path, *, migrate_on_open: bool = True,
                 writer: Writer | None = None, writes_in_jobs: bool = False,
                 key: CacheKey | None = None) -> None:
        """``key``: the cache's SQLCipher key; None opens a plain file (tests,
        benchmarks and scripts say so explicitly; the app always has a key)."""
        from desktop.store.writer import ImmediateWriter

        if key is None and is_encrypted(path):
            raise Locked(path)
        self.path = path
        self.key = key
        self.writer: Writer = writer or ImmediateWriter(path, key)
        if self.writer.key != key:
            raise ValueError("the writer must open the cache with the store's key")
        self.writes_in_jobs = writes_in_jobs
        path.parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine | None = None
        self._lock = threading.Lock()
        # One read connection per OS thread, keyed by its ident rather than kept
        # in a threading.local: a Qt pool thread gets a fresh Python thread state
        # for each task it runs, so a thread-local was empty every time and each
        # task opened (and kept) another connection with its own page cache.
        self._connections: dict[int, tuple[int, sqlite3.Connection]] = {}
        self.backup_path: Path | None = None
        if migrate_on_open:
            from desktop.store import migrate

            self.backup_path = migrate.ensure_current(self)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from desktop.store.engine import make_engine

                self._engine = make_engine(self.path, self.key)
            return self._engine

    @property
    def blobs(self) -> BlobStore:
        """The attachment files beside the cache, encrypted with its key."""
        from desktop.store.blobs import BlobStore

        return BlobStore(self.path, self.key)

    def reads(self) -> sqlite3.Connection:
        """This thread's read connection (autocommit: every query sees the latest commit)."""
        ident = threading.get_ident()
        known = self._connections.get(ident)
        if known is not None:
            return known[1]
        # Used only by this thread; check_same_thread=False lets close() end it.
        conn = connect(self.path, self.key, isolation_level=None, check_same_thread=False)
        pragmas.apply(conn)
        with self._lock:
            ended = _ended(self._connections)
            for gone in ended:
                self._connections.pop(gone)[1].close()
            self._connections[ident] = (threading.get_native_id(), conn)
        return conn

    def open_reads(self) -> int:
        """How many read connections are open (one per thread that read)."""
        with self._lock:
            return len(self._connections)

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work; outside a writer job (with ``writes_in_jobs``) it may
        only read: a flush, a commit with changes or an UPDATE raises
        :class:`WriteOutsideWriter`, so a write left on the GUI thread fails loudly."""
        from desktop.store.uow import UnitOfWork

        uow = UnitOfWork.for_engine(self.engine)
        if self.writes_in_jobs and not self.writer.inside():
            uow.read_only()
        return uow

    def close(self) -> None:
        self.writer.close()
        with self._lock:
            for _native, conn in self._connections.values():
                conn.close()
            self._connections.clear()
            engine, self._engine = self._engine, None
        if engine is not None:
            engine.dispose()


def _ended(connections: dict[int, tuple[int, sqlite3.Connection]]) -> list[int]:
    """Threads that have ended (an expired Qt pool thread), where the system
    lists its threads (Linux's /proc); elsewhere their connections wait for
    close(), and a new thread often reuses an ended one's ident."""
    tasks = Path("/proc/self/task")
    if not tasks.is_dir():
        return []
    running = {int(n) for n in os.listdir(tasks) if n.isdigit()}
    return [i for i, (native, _conn) in connections.items() if native not in running]
