"""The cache file: fast reads on plain sqlite3, writes through SQLAlchemy.

Reads (lists, search, the account page) use one stdlib ``sqlite3`` connection
per thread, so the window can paint before SQLAlchemy is even imported; the
engine, the ORM and Alembic load on the first write or migration.
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


class Store:
    def __init__(self, path: Path, *, migrate_on_open: bool = True) -> None:
        self.path = path
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
        from desktop.store.uow import UnitOfWork

        return UnitOfWork.for_engine(self.engine)

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
            engine, self._engine = self._engine, None
        self._local = threading.local()
        if engine is not None:
            engine.dispose()
