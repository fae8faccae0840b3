"""Sync benchmarks against a real server process on PostgreSQL (loopback).

Run by ``run.py``; prints one JSON object per line through ``emit``:

* initial sync of a fresh client with the whole demo book (rows/s, and the
  ratio to the floor: bulk-inserting the same rows into a new cache file and
  indexing them, in the same run);
* a sync with nothing to do; 100 local edits pushed and pulled back;
* 50 concurrent clients each pushing 200 edits and pulling (p50/p99 latency).
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

PAGE = int(os.environ.get("FIELDBOOK_BENCH_PAGE", "5000"))
PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
NOW = datetime.now(UTC)


def _pg_url(name: str) -> str:
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def load_server(cache: Path, name: str) -> tuple[str, int]:
    """A server database holding the demo book, versioned in dependency order."""
    import psycopg
    from sqlalchemy import create_engine, text

    from desktop.domain import wire
    from server.db import Database
    from server.schema import migrate

    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    db = Database(_pg_url(name))
    migrate(db.engine)
    db.dispose()
    src = sqlite3.connect(cache)
    version = 0
    rows_total = 0
    with psycopg.connect(f"postgresql://postgres@127.0.0.1:5432/{name}") as pg:
        for table_name, table in wire.tables().items():
            cols = list(table.names)
            with pg.cursor() as cur, cur.copy(
                    f"COPY {table_name} ({', '.join(cols)}, sync_version) FROM STDIN") as copy:
                for row in src.execute(f"SELECT {', '.join(cols)} FROM {table_name}"):
                    version += 1
                    copy.write_row([*row, version])
                    rows_total += 1
        pg.execute("UPDATE sync_clock SET version = %s", (version,))
        pg.commit()
    src.close()
    return _pg_url(name), rows_total


def add_login(db_url: str, role: str = "admin", territory: str | None = None) -> tuple[str, str]:
    """A user with a login and a token; returns (user id hex, token)."""
    from sqlalchemy import insert, select

    from server.db import Database
    from server.rows import table_of
    from server.tables import logins, tokens, user_territories

    db = Database(db_url)
    uid = uuid.uuid4()
    raw = secrets.token_urlsafe(32)
    with db.write() as txn:
        tid = None
        if territory:
            t = table_of("territories")
            tid = txn.conn.execute(select(t.c.id).where(t.c.code == territory)).scalar()
            if tid is None:
                tid = uuid.uuid4()
                txn.conn.execute(insert(t).values(id=tid, code=territory, name=territory,
                                                  created_at=NOW, updated_at=NOW,
                                                  sync_version=txn.next_version()))
        txn.conn.execute(insert(table_of("users")).values(
            id=uid, name=f"Bench {uid.hex[:6]}", email=f"{uid.hex}@bench.example", role=role,
            territory_id=tid, created_at=NOW, updated_at=NOW, sync_version=txn.next_version()))
        txn.conn.execute(insert(logins).values(user_id=uid, login=uid.hex, password_hash="-",
                                               role=role, active=True, created_at=NOW))
        if tid is not None:
            txn.conn.execute(insert(user_territories).values(user_id=uid, territory_id=tid))
        txn.conn.execute(insert(tokens).values(
            token_hash=hashlib.sha256(raw.encode()).hexdigest(), user_id=uid, client_name="bench",
            created_at=NOW, expires_at=NOW + timedelta(days=1)))
    db.dispose()
    return uid.hex, raw


def start_server(db_url: str, port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--database-url", db_url,
                             "--port", str(port)])
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/v1/hello", timeout=1)
            return proc
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def floor_bulk_insert(cache: Path, folder: Path) -> float:
    """The same rows into a new cache file with executemany, then indexed."""
    from desktop.domain import wire
    from desktop.store.derived import rebuild_statements
    from desktop.store.store import Store

    src = sqlite3.connect(cache)
    data = {name: src.execute(f"SELECT {', '.join(t.names)} FROM {name}").fetchall()
            for name, t in wire.tables().items()}
    src.close()
    path = folder / "floor.sqlite3"
    Store(path).close()
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO derived_suspended(reason) VALUES ('floor')")
    for name, t in wire.tables().items():
        marks = ", ".join("?" * len(t.names))
        conn.executemany(f"INSERT INTO {name} ({', '.join(t.names)}) VALUES ({marks})",
                         data[name])
    conn.execute("COMMIT")
    conn.execute("BEGIN")
    for statement in rebuild_statements():
        conn.execute(statement)
    conn.execute("DELETE FROM derived_suspended")
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def initial_sync(url: str, user: str, token: str, folder: Path) -> tuple[float, int, int]:
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient, SyncProgress
    from desktop.sync.transport import Transport

    path = folder / "client.sqlite3"
    Store(path).close()
    client = SyncClient(path, Transport(url, token), user_id=user, pull_page=PAGE)
    updates = 0

    def progress(_p: SyncProgress) -> None:
        nonlocal updates
        updates += 1

    started = time.perf_counter()
    report = client.sync(progress)
    seconds = time.perf_counter() - started
    client.close()
    return seconds, report.pulled, updates


def steady_state(url: str, user: str, token: str, folder: Path) -> tuple[float, float]:
    """(median no-op sync, 100 edits pushed and pulled) on the synced client."""
    from desktop.services.accounts import AccountService
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient
    from desktop.sync.transport import Transport

    path = folder / "client.sqlite3"
    store = Store(path)
    client = SyncClient(path, Transport(url, token), user_id=user)
    client.sync()  # settles verification
    idle = []
    for _ in range(10):
        started = time.perf_counter()
        client.sync()
        idle.append(time.perf_counter() - started)
    ids = [uuid.UUID(hex=r[0]) for r in store.reads().execute(
        "SELECT id FROM accounts ORDER BY name LIMIT 100")]
    service = AccountService(store, user_id=uuid.UUID(hex=user))
    for i, acc in enumerate(ids):
        service.update_account(acc, {"segment": f"bench {i} {time.time()}"})
    started = time.perf_counter()
    report = client.sync()
    edits = time.perf_counter() - started
    assert report.pushed == 100, report
    client.close()
    store.close()
    return statistics.median(idle), edits


def one_busy_client(args: tuple[str, str, str, str]) -> list[float]:
    """A rep's laptop: 200 new accounts, pushed, then pulled; request latencies."""
    url, user, token, folder = args
    from desktop.services.accounts import AccountService
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient
    from desktop.sync.transport import Transport

    path = Path(folder) / f"{user}.sqlite3"
    store = Store(path)
    transport = Transport(url, token)
    latencies: list[float] = []
    original = transport._send

    def timed(method: str, path_: str, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(method, path_, **kwargs)
        finally:
            latencies.append(time.perf_counter() - started)

    transport._send = timed  # type: ignore[method-assign,assignment]
    client = SyncClient(path, transport, user_id=user)
    client.sync()
    territory = store.reads().execute(
        "SELECT territory_id FROM users WHERE id = ?", (user,)).fetchone()[0]
    service = AccountService(store, user_id=uuid.UUID(hex=user))
    for i in range(200):
        service.create_account({"name": f"Busy {user[:6]} {i}", "kind": "prospect",
                                "territory_id": uuid.UUID(hex=territory)})
    report = client.sync()
    assert report.pushed == 200 and report.rejected == 0, report
    client.close()
    store.close()
    return latencies


def concurrent_clients(url: str, db_url: str, folder: Path, clients: int = 50) -> dict[str, Any]:
    users = [add_login(db_url, "rep", f"BUSY{i % 5}") for i in range(clients)]
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=clients) as pool:
        results = list(pool.map(one_busy_client, [(url, u, t, str(folder)) for u, t in users]))
    wall = time.perf_counter() - started
    latencies = sorted(x for r in results for x in r)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    return {"clients": clients, "requests": len(latencies), "wall_s": round(wall, 2),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p99_ms": round(p99 * 1000, 1)}


def run(cache: Path, emit: Any, port: int = 8799) -> None:
    name = f"fb_bench_{cache.stem.replace('-', '_')}"
    started = time.perf_counter()
    db_url, rows = load_server(cache, name)
    emit("sync_server_load", time.perf_counter() - started, "s", rows=rows,
         note="COPY of the demo book into PostgreSQL (setup, not a target)")
    user, token = add_login(db_url)
    server = start_server(db_url, port)
    url = f"http://127.0.0.1:{port}"
    try:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            floor = floor_bulk_insert(cache, folder)
            seconds, pulled, updates = initial_sync(url, user, token, folder)
            emit("sync_initial_rows_per_s", pulled / seconds, "rows/s", rows=pulled,
                 seconds=round(seconds, 2), progress_updates=updates, target_min=30000,
                 meets_target=pulled / seconds >= 30000)
            emit("sync_initial_vs_bulk_insert", seconds, "s", floor=floor, target_ratio=3.0)
            idle, edits = steady_state(url, user, token, folder)
            emit("sync_nothing_to_do", idle * 1000, "ms", target=50.0)
            emit("sync_100_edits_push_and_pull", edits * 1000, "ms", target=300.0)
            busy = concurrent_clients(url, db_url, folder)
            emit("sync_50_clients_p99_latency", busy["p99_ms"], "ms", **busy)
    finally:
        server.terminate()
        server.wait(10)
