"""What the sync bench measures against, and the honest setup it runs on.

* floors, measured in the same run on the rows the client actually received:
  a bare INSERT into plain tables (no keys, indexes, triggers or search) in a
  SQLCipher file with a key like the app's, and in plain SQLite; and the
  app's own insert path (its schema, indexes set aside and built at the end);
* a rep whose territories cover most of the book (the sync every rep runs);
* the book's files on the server, so a sync with nothing to do has none to ask;
* a free port, and a check that the server answering is the one started here.
"""

from __future__ import annotations

import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

Rows = dict[str, tuple[list[str], list[tuple[Any, ...]]]]
NOW = datetime.now(UTC)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def own_server(db_url: str) -> Iterator[str]:
    """A server process on a free port; its URL once it answers with this
    database's epoch (another process on the port would not)."""
    from server.db import Database

    db = Database(db_url)
    with db.read() as conn:
        _head, epoch = db.head(conn)
    db.dispose()
    port = free_port()
    log = tempfile.TemporaryFile()  # its request log: read when it fails to start  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--database-url", db_url,
                             "--port", str(port)], stdout=log, stderr=log)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"the bench server exited ({proc.returncode}): "
                                 f"{log.read()[-2000:].decode(errors='replace')}")
            try:
                hello = httpx.get(f"{url}/v1/hello", timeout=1).json()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            raise SystemExit("the bench server did not start")
        if hello.get("epoch") != epoch:
            raise SystemExit(f"{url} is another server (epoch {hello.get('epoch')})")
        yield url
    finally:
        proc.terminate()
        proc.wait(10)
        log.close()


def territories_for_rep(db_url: str, share: float = 0.85) -> list[str]:
    """Territory codes, the largest first, until they hold ``share`` of the accounts."""
    from sqlalchemy import text

    from server.db import Database

    db = Database(db_url)
    with db.read() as conn:
        counts = conn.execute(text(
            "SELECT t.code, count(a.id) FROM territories t LEFT JOIN accounts a "
            "ON a.territory_id = t.id GROUP BY t.code ORDER BY count(a.id) DESC, t.code")).all()
    db.dispose()
    total = sum(n for _c, n in counts) or 1
    chosen, held = [], 0
    for code, n in counts:
        if held >= share * total:
            break
        chosen.append(code)
        held += n
    return chosen


def give_territories(db_url: str, user: str, codes: list[str]) -> None:
    from sqlalchemy import insert, select

    from server.db import Database
    from server.rows import table_of
    from server.tables import user_territories

    db = Database(db_url)
    t = table_of("territories")
    with db.write() as txn:
        have = {r[0] for r in txn.conn.execute(select(user_territories.c.territory_id).where(
            user_territories.c.user_id == uuid.UUID(hex=user)))}
        for (tid,) in txn.conn.execute(select(t.c.id).where(t.c.code.in_(codes))):
            if tid not in have:
                txn.conn.execute(insert(user_territories).values(
                    user_id=uuid.UUID(hex=user), territory_id=tid))
    db.dispose()


def files_to_server(cache: Path, pg_dsn: str) -> int:
    """Every file the book's attachments and materials name, stored on the
    server as complete blobs (as if their authors had uploaded them)."""
    import psycopg

    from desktop.store.blobs import BlobStore

    store = BlobStore(cache)
    src = sqlite3.connect(cache)
    shas = {s for (s,) in src.execute(
        "SELECT sha256 FROM attachments UNION SELECT sha256 FROM sales_materials")}
    src.close()
    stored = 0
    with psycopg.connect(pg_dsn) as pg:
        for sha in sorted(shas):
            if not store.has(sha):
                continue
            data = store.read(sha)
            pg.execute("INSERT INTO blobs (sha256, size, complete, created_at) "
                       "VALUES (%s, %s, true, %s) ON CONFLICT DO NOTHING", (sha, len(data), NOW))
            pg.execute('INSERT INTO blob_chunks (sha256, "offset", data) VALUES (%s, 0, %s) '
                       "ON CONFLICT DO NOTHING", (sha, data))
            stored += 1
        pg.commit()
    return stored


def received_rows(path: Path, key: Any) -> Rows:
    """What a synced cache holds of each synced table, in memory."""
    from desktop.domain import wire
    from desktop.store.cipher import connect

    conn = connect(path, key)
    out: Rows = {}
    for name, t in wire.tables().items():
        cols = ["sync_version", *t.names]
        out[name] = (cols, conn.execute(f"SELECT {', '.join(cols)} FROM {name}").fetchall())  # nosec B608 - identifiers from code, values bound
    conn.close()
    return out


def _timed(fn: Any) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def bare_insert(rows: Rows, path: Path, key: Any) -> tuple[float, float]:
    """(wall, cpu) seconds: the rows into tables with columns only, one transaction."""
    from desktop.store import pragmas
    from desktop.store.cipher import connect

    conn = connect(path, key, isolation_level=None)
    pragmas.apply(conn)
    for name, (cols, _data) in rows.items():
        conn.execute(f"CREATE TABLE {name} ({', '.join(cols)})")

    def load() -> None:
        conn.execute("BEGIN")
        for name, (cols, data) in rows.items():
            conn.executemany(f"INSERT INTO {name} VALUES ({', '.join('?' * len(cols))})",  # nosec B608 - identifiers from code, values bound
                             data)
        conn.execute("COMMIT")
    try:
        return _timed(load)
    finally:
        conn.close()


def app_insert(rows: Rows, path: Path, key: Any) -> tuple[float, float]:
    """(wall, cpu) seconds: the rows through the app's schema, indexes and
    derived data set aside during the load and built at the end."""
    from desktop.domain.schema.base import bulk_tables
    from desktop.store import derived, pragmas
    from desktop.store.cipher import connect
    from desktop.store.store import Store

    Store(path, key=key).close()
    conn = connect(path, key, isolation_level=None)
    pragmas.apply(conn)
    conn.execute("PRAGMA foreign_keys=OFF")

    def load() -> None:
        conn.execute("BEGIN")
        conn.execute("INSERT INTO derived_suspended(reason) VALUES ('floor')")
        recreate = derived.drop_indexes(conn, bulk_tables())
        for name, (cols, data) in rows.items():
            conn.executemany(f"INSERT INTO {name} ({', '.join(cols)}) "  # nosec B608 - identifiers from code, values bound
                             f"VALUES ({', '.join('?' * len(cols))})", data)
        conn.execute("COMMIT")
        conn.execute("BEGIN")
        derived.recreate(conn, recreate)
        for statement in derived.rebuild_statements():
            conn.execute(statement)
        conn.execute("DELETE FROM derived_suspended")
        conn.execute("COMMIT")
    try:
        return _timed(load)
    finally:
        conn.close()


def report(emit: Any, sync: dict[str, Any], path: Path, key: Any, folder: Path,
            who: str) -> None:
    """The initial sync's figures, each beside its floor measured now."""
    rows = received_rows(path, key)
    bare_c = bare_insert(rows, folder / f"bare-cipher-{who}.sqlite3", key)
    bare_p = bare_insert(rows, folder / f"bare-plain-{who}.sqlite3", None)
    app = app_insert(rows, folder / f"app-{who}.sqlite3", key)
    seconds, n = sync["seconds"], sync["rows"]
    emit(f"sync_initial_{who}_rows_per_s", n / seconds, "rows/s", rows=n,
         seconds=round(seconds, 2), client_cpu_s=round(sync["cpu_s"], 2),
         server_and_db_cpu_s=round(sync["others_cpu_s"], 2), **sync["phases"],
         page=sync["page"],
         progress_updates=sync["updates"], files=sync["files"], target_min=45000,
         meets_target=n / seconds >= 45000)
    emit(f"sync_initial_{who}_vs_bare_insert", seconds, "s", floor=bare_c[0], target_ratio=3.0,
         meets_target=seconds <= 3 * bare_c[0], floor_cpu_s=round(bare_c[1], 2),
         floor_rows_per_s=round(n / bare_c[0]),
         note="floor: the rows received, into plain tables of a SQLCipher file, one transaction")
    emit(f"sync_initial_{who}_vs_bare_insert_plain", seconds, "s", floor=bare_p[0],
         floor_cpu_s=round(bare_p[1], 2), note="floor: the same into plain SQLite")
    emit(f"sync_initial_{who}_vs_app_insert", seconds, "s", floor=app[0],
         floor_cpu_s=round(app[1], 2),
         note="the app's insert path: its schema, indexes and search built at the end")
