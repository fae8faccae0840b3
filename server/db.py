"""The server's database: engines for SQLite and PostgreSQL, read and write transactions.

Versions come from the one global write lock (the ``sync_clock`` row on
PostgreSQL, ``BEGIN IMMEDIATE`` on SQLite), held from the moment a transaction
takes its first version until it commits. Versions therefore follow commit
order, which is what makes the pull cursor safe: a reader that sees version N
has already seen everything below N.

A push on PostgreSQL (``write(deferred=True)``) does its reading, merging and
writing without the lock, in parallel with other pushes: its rows get
provisional versions, negative and unique to the transaction (its xid times
``BLOCK``, so concurrent pushes never collide on the unique version index),
and only the final stamping step takes the clock and gives them their real
versions, in the order they were handed out, one UPDATE per table. Readers
never see a provisional version (it never commits). Anything that needs the
serial view (a version for another path, an order number, stock) calls
``next_version`` or ``lock``, which takes the clock there and then.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    BigInteger,
    Connection,
    Engine,
    Table,
    bindparam,
    create_engine,
    event,
    select,
    text,
    update,
)

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
    # Connections per process: 30, or what ``serve --workers N`` gives each. All
    # of them are kept once opened: a connection closed after a burst (an
    # "overflow" one) costs its successor a new backend whose catalogue caches
    # are cold, and a pull's first statement names every synced table.
    connections = int(os.environ.get("FIELDBOOK_DB_CONNECTIONS", "30"))
    kwargs.setdefault("pool_size", connections)
    kwargs.setdefault("max_overflow", 0)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


BLOCK = 1 << 20  # provisional versions one transaction may hand out


class WriteTxn:
    """A write transaction; it owns the version clock from ``lock`` until it commits."""

    def __init__(self, conn: Connection, version: int | None, block: int = 0) -> None:
        self.conn = conn
        self.start = version  # the clock when this transaction took it; None: not yet
        self.count = 0  # versions handed out
        self.block = block  # provisional version n is -(block + n)
        self.provisional: dict[str, Table] = {}  # tables holding provisional versions
        self.clock_at: int | None = None  # the clock as ``stamp`` left it
        self.commit_on_stamp = False  # the stamp and COMMIT travel together

    @property
    def locked(self) -> bool:
        return self.start is not None

    @property
    def version(self) -> int:
        """The last version handed out (provisional while the clock is not taken)."""
        if self.start is None:
            return -(self.block + self.count)
        return self.start + self.count

    @version.setter
    def version(self, value: int) -> None:  # a rejected mutation gives its versions back
        self.count = -value - self.block if value < 0 else value - (self.start or 0)

    def lock(self) -> None:
        """Take the clock (the write lock) now, if this transaction has not."""
        if self.start is None:
            self.start = int(self.conn.execute(select(sync_clock.c.version).where(
                sync_clock.c.id == 1).with_for_update()).scalar_one())

    def next_version(self) -> int:
        """The next version, final: takes the clock first."""
        self.lock()
        self.count += 1
        return self.version

    def provisional_version(self, table: Table) -> int:
        """The next version of a row of ``table``: provisional until ``stamp``."""
        if self.start is not None:
            return self.next_version()
        self.provisional[table.name] = table
        self.count += 1
        return self.version

    def final(self, version: int | None) -> int | None:
        """A version as it commits (after ``stamp``)."""
        if version is None or version >= 0 or self.start is None:
            return version
        return self.start - self.block - version

    def stamp(self, also: Callable[[Any, Any, Any], list[Any]] | None = None, *,
              also_key: Hashable = None, params: dict[str, Any] | None = None) -> None:
        """Take the clock and give every provisional row its final version;
        ``also(shift, lowest, highest)`` adds statements for other provisional
        versions (final = shift - provisional, for those in [lowest, highest]),
        written with bind parameters whose values are in ``params``.

        The statement's SQL is compiled once per set of tables and ``also_key``
        (a key for what ``also`` builds; without one it is compiled each time):
        compiling it was a tenth of a busy server's CPU."""
        if not self.provisional:
            self.lock()
            return
        values = {"stamp_count": self.count, "stamp_block": self.block,
                  "stamp_lowest": -(self.block + self.count),
                  "stamp_highest": -(self.block + 1), **(params or {})}
        cached = also is None or also_key is not None
        key = (tuple(sorted(self.provisional)), also_key)
        found = _STAMPS.get(key) if cached else None
        if found is None:
            found = self._stamp_sql(also)
            if cached:
                _STAMPS[key] = found
        sql, fixed = found
        values = {**fixed, **values}
        if self.commit_on_stamp:
            self.start = self._stamp_and_commit(sql, values)
        else:
            self.start = int(self.conn.exec_driver_sql(sql, values).scalar_one())
        self.provisional.clear()
        self.clock_at = self.version

    def _stamp_sql(self, also: Callable[[Any, Any, Any], list[Any]] | None
                   ) -> tuple[str, dict[str, Any]]:
        """One statement while the clock is held: advance it, and restamp each
        table's provisional rows from the value it had (its row lock waits for
        any other stamp, then reads the committed clock)."""
        count = bindparam("stamp_count", type_=BigInteger)
        lowest = bindparam("stamp_lowest", type_=BigInteger)
        highest = bindparam("stamp_highest", type_=BigInteger)
        clock = (update(sync_clock).where(sync_clock.c.id == 1)
                 .values(version=sync_clock.c.version + count)
                 .returning((sync_clock.c.version - count).label("start")).cte("clock"))
        shift = select(clock.c.start).scalar_subquery() - bindparam("stamp_block",
                                                                    type_=BigInteger)
        ctes = [update(t).where(t.c.sync_version.between(lowest, highest))
                .values(sync_version=shift - t.c.sync_version).cte(f"stamp_{n}")
                for n, (_, t) in enumerate(sorted(self.provisional.items()))]
        ctes += [statement.cte(f"stamp_also_{n}") for n, statement
                 in enumerate(also(shift, lowest, highest) if also else [])]
        query = select(clock.c.start).add_cte(*ctes)
        compiled = query.compile(dialect=self.conn.dialect)
        return str(compiled), dict(compiled.params)  # with its literals' values

    def _stamp_and_commit(self, sql: str, values: dict[str, Any]) -> int:
        """The stamp and the COMMIT in one round trip (psycopg's pipeline): the
        clock is held for the time the database takes, never for this process
        to get back to it (a busy server's threads wait for the GIL). Nothing
        may run in the transaction after this."""
        raw: Any = self.conn.connection.driver_connection
        with raw.pipeline():
            cursor = raw.cursor()
            cursor.execute(sql, values)
            raw.commit()
        return int(cursor.fetchone()[0])


# A stamp's SQL and its literals' values, by its tables and what else it restamps.
_STAMPS: dict[Hashable, tuple[str, dict[str, Any]]] = {}


class Database:
    stamp_commits = True  # a parallel push commits with its stamp (WriteTxn.stamp)

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
    def write(self, deferred: bool = False) -> Iterator[WriteTxn]:
        """A write; the clock moves forward only if the block commits. With
        ``deferred`` (PostgreSQL only) the clock is taken late: see the module."""
        conn = self.engine.connect().execution_options(fieldbook_write=True)
        with conn, conn.begin():
            if deferred and not self.is_sqlite:
                xid = conn.execute(text("SELECT txid_current()")).scalar_one()
                txn = WriteTxn(conn, None, int(xid) * BLOCK)
                txn.commit_on_stamp = self.stamp_commits
            else:
                query = select(sync_clock.c.version).where(sync_clock.c.id == 1)
                if not self.is_sqlite:
                    query = query.with_for_update()
                txn = WriteTxn(conn, conn.execute(query).scalar_one())
            yield txn
            if txn.count:
                txn.stamp()
                if txn.clock_at != txn.version:
                    conn.execute(update(sync_clock).where(sync_clock.c.id == 1)
                                 .values(version=txn.version))

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
