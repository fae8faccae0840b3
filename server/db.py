"""The server's database: engines for SQLite and PostgreSQL, read and write transactions.

Every write transaction first takes the one global write lock (the
``sync_clock`` row on PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), then hands
out versions from the clock. Writes are therefore serialised in commit order,
which is what makes the pull cursor safe: a reader that sees version N has
already seen everything below N.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, select, text, update

from server.tables import sync_clock


def make_engine(url: str, **kwargs: Any) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
            cur = dbapi_conn.cursor()
            for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON",
                           "busy_timeout=30000"):
                cur.execute(f"PRAGMA {pragma}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            write = conn.get_execution_options().get("fieldbook_write", False)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    kwargs.setdefault("pool_size", 10)
    kwargs.setdefault("max_overflow", 20)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


class WriteTxn:
    """A write transaction that owns the version clock until it commits."""

    def __init__(self, conn: Connection, version: int) -> None:
        self.conn = conn
        self.version = version

    def next_version(self) -> int:
        self.version += 1
        return self.version


class Database:
    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
        self.is_sqlite = self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One consistent snapshot for the whole block (a pull reads several tables)."""
        options: dict[str, Any] = {}
        if not self.is_sqlite:
            options["isolation_level"] = "REPEATABLE READ"
        with self.engine.connect().execution_options(**options) as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[WriteTxn]:
        """Serialised write; the clock moves forward only if the block commits."""
        conn = self.engine.connect().execution_options(fieldbook_write=True)
        with conn, conn.begin():
            query = select(sync_clock.c.version).where(sync_clock.c.id == 1)
            if not self.is_sqlite:
                query = query.with_for_update()
            start = conn.execute(query).scalar_one()
            txn = WriteTxn(conn, start)
            yield txn
            if txn.version != start:
                conn.execute(
                    update(sync_clock).where(sync_clock.c.id == 1).values(version=txn.version)
                )

    @contextmanager
    def plain(self) -> Iterator[Connection]:
        """A transaction that does not touch synced rows (logins, tokens)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def serial(self, *keys: str) -> Iterator[Connection]:
        """A transaction that reads and then writes, one at a time per key.

        On SQLite it begins IMMEDIATE: it takes the write lock first (waiting
        for it, up to the busy timeout) instead of failing with "database is
        locked" when a read transaction tries to become a write one. On
        PostgreSQL it takes a transaction-scoped advisory lock per key, in a
        fixed order, so transactions sharing a key run one after another.
        """
        conn = self.engine.connect().execution_options(fieldbook_write=True)
        with conn, conn.begin():
            if not self.is_sqlite:
                for key in sorted(set(keys)):
                    conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(key)})
            yield conn

    def head(self, conn: Connection) -> tuple[int, str]:
        row = conn.execute(select(sync_clock.c.version, sync_clock.c.epoch)).one()
        return int(row.version), row.epoch.hex

    def epoch_start(self, conn: Connection) -> int:
        return int(conn.execute(select(sync_clock.c.epoch_start)).scalar_one())

    def mark_restored(self) -> tuple[str, int]:
        """After restoring a backup: a new epoch starting at the backup's head."""
        import uuid

        with self.write() as txn:
            epoch = uuid.uuid4()
            txn.conn.execute(update(sync_clock).where(sync_clock.c.id == 1).values(
                epoch=epoch, epoch_start=txn.version))
            return epoch.hex, txn.version

    def dispose(self) -> None:
        self.engine.dispose()


def _lock_key(key: str) -> int:
    """A signed 64-bit advisory lock number for a text key."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8", "replace")).digest()[:8],
                          "big", signed=True)
