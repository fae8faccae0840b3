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

import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import pragmas

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop.store.uow import UnitOfWork
    from desktop.store.writer import Writer


class WriteOutsideWriter(RuntimeError):
    """A write that did not go through the writer (a bug in the caller)."""


class Store:
    def __init__(self, path: Path, *, migrate_on_open: bool = True,
                 writer: Writer | None = None, writes_in_jobs: bool = False) -> None:
        from desktop.store.writer import ImmediateWriter

        self.path = path
        self.writer: Writer = writer or ImmediateWriter(path)
        self.writes_in_jobs = writes_in_jobs
        path.parent.mkdir(parents=True, exist_ok=True)
        self._engine: Engine | None = None
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[sqlite3.Connection] = []
        self.backup_path: Path | None = None
        if migrate_on_open:
            from desktop.store import migrate

            self.backup_path = migrate.ensure_current(self)

    @property
    def engine(self) -> Engine:
        with self._lock:
            if self._engine is None:
                from desktop.store.engine import make_engine

                self._engine = make_engine(self.path)
            return self._engine

    def reads(self) -> sqlite3.Connection:
        """This thread's read connection (autocommit: every query sees the latest commit)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            # Used only by this thread; check_same_thread=False lets close() end it.
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            pragmas.apply(conn)
            self._local.conn = conn
            with self._lock:
                self._connections.append(conn)
        return conn

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
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            engine, self._engine = self._engine, None
        self._local = threading.local()
        if engine is not None:
            engine.dispose()
