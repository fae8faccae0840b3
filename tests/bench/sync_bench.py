"""Sync benchmarks against a real server process on PostgreSQL (loopback).

Run by ``run.py``; prints one JSON object per line through ``emit``. The
client is a territory-scoped rep (territories holding most of the book) with
the app's settings: an encrypted cache, the app's page size (the
``FIELDBOOK_BENCH_PAGE`` variable overrides it; ``FIELDBOOK_BENCH_ADMIN=1``
also measures an admin). The server runs on a free port, is checked to be the
one started here, and holds the book's files. Figures:

* initial sync (rows/s; wall and the client's CPU time), with its floors
  from the same run (``sync_floor``): a bare INSERT of the rows received into
  plain tables, encrypted and plain, and the app's own insert path;
* a sync with nothing to do (and how many requests it made); 100 local edits
  pushed and pulled back;
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

from desktop.sync.client import PULL_PAGE

PAGE = int(os.environ.get("FIELDBOOK_BENCH_PAGE", "0")) or PULL_PAGE  # the app's own by default
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
        # A server that grew to this size has its statistics (autovacuum);
        # straight after a COPY it has none, and plans as if tables were empty.
        pg.execute("ANALYZE")
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


def _machine_busy() -> float:
    """CPU seconds the whole machine has spent busy since boot (/proc/stat): what the
    client did not use of it during a sync is the server's and PostgreSQL's (and, on
    a shared machine, other work's)."""
    fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(f) for f in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def initial_sync(url: str, user: str, token: str, path: Path, key: Any) -> dict[str, Any]:
    """A fresh encrypted cache's first sync: rows, wall and the client's CPU seconds.
    ``FIELDBOOK_BENCH_PROFILE=<file>`` writes the client's cProfile there."""
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient, SyncProgress
    from desktop.sync.transport import Transport

    Store(path, key=key).close()
    client = SyncClient(path, Transport(url, token), user_id=user, pull_page=PAGE, key=key)
    updates = 0
    marks: dict[str, float] = {}  # when the last page was written, when checksums began

    def progress(p: SyncProgress) -> None:
        nonlocal updates
        updates += 1
        if (p.phase == "pull" and p.total is not None) or p.phase == "verify":
            marks.setdefault(p.phase, time.perf_counter())

    profile = os.environ.get("FIELDBOOK_BENCH_PROFILE")
    profiler = None
    if profile:
        import cProfile

        profiler = cProfile.Profile(time.thread_time)  # CPU: wall is noise on a busy machine
        profiler.enable()
    started, used, busy = time.perf_counter(), time.process_time(), _machine_busy()
    report = client.sync(progress)
    seconds, cpu = time.perf_counter() - started, time.process_time() - used
    others = _machine_busy() - busy - cpu
    if profiler is not None and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    client.close()
    end = started + seconds
    paged, verifying = marks.get("pull", end), marks.get("verify", end)
    phases = {"pages_s": round(paged - started, 2), "indexes_and_search_s":
              round(verifying - paged, 2), "checksums_s": round(end - verifying, 2)}
    return {"rows": report.pulled, "seconds": seconds, "cpu_s": cpu, "others_cpu_s": others,
            "phases": phases,
            "updates": updates,
            "files": report.blobs_fetched, "files_missing": report.blobs_missing}


def steady_state(url: str, user: str, token: str, path: Path, key: Any) -> dict[str, Any]:
    """The no-op sync (median, requests per sync) and 100 edits pushed and pulled."""
    from desktop.services.accounts import AccountService
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient
    from desktop.sync.transport import Transport

    store = Store(path, key=key)
    transport = Transport(url, token)
    sent: list[str] = []
    transport._http.event_hooks["request"] = [lambda r: sent.append(r.url.path)]
    client = SyncClient(path, transport, user_id=user, writer=store.writer)
    client.sync()  # settles verification
    idle, cpu = [], []
    sent.clear()
    for _ in range(20):
        started, used = time.perf_counter(), time.process_time()
        client.sync()
        idle.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    requests = len(sent) / 20
    ids = [uuid.UUID(hex=r[0]) for r in store.reads().execute(
        "SELECT id FROM accounts ORDER BY name LIMIT 100")]
    service = AccountService(store, user_id=uuid.UUID(hex=user))
    edits, edit_requests = [], []
    for round_ in range(3):
        for i, acc in enumerate(ids):
            service.update_account(acc, {"segment": f"bench {round_} {i} {time.time()}"})
        sent.clear()
        started = time.perf_counter()
        report = client.sync()
        edits.append(time.perf_counter() - started)
        edit_requests.append(len(sent))
        assert report.pushed == 100, report
    client.close()
    store.close()
    return {"idle_ms": statistics.median(idle) * 1000, "idle_cpu_ms": statistics.median(cpu) * 1000,
            "idle_requests": requests, "edits_ms": statistics.median(edits) * 1000,
            "edits_requests": statistics.median(edit_requests)}


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


def run(cache: Path, emit: Any, port: int | None = None) -> None:
    """``port``: ignored (a free one is taken)."""
    import sync_floor

    from desktop.store.cipher import CacheKey

    name = f"fb_bench_{cache.stem.replace('-', '_')}"
    started = time.perf_counter()
    db_url, rows = load_server(cache, name)
    files = sync_floor.files_to_server(cache, f"postgresql://postgres@127.0.0.1:5432/{name}")
    emit("sync_server_load", time.perf_counter() - started, "s", rows=rows, files=files,
         note="COPY of the demo book into PostgreSQL (setup, not a target)")
    codes = sync_floor.territories_for_rep(db_url)
    rep, rep_token = add_login(db_url, "rep", codes[0])
    sync_floor.give_territories(db_url, rep, codes)
    print(f"# {os.path.basename(__file__)}: rep territories {codes}; load "
          f"{Path('/proc/loadavg').read_text().split()[:3]}", file=sys.stderr)
    with sync_floor.own_server(db_url) as url, tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        key = CacheKey.generate()
        path = folder / "rep.sqlite3"
        sync = initial_sync(url, rep, rep_token, path, key)
        sync["page"] = PAGE
        sync_floor.report(emit, sync, path, key, folder, "rep")
        if os.environ.get("FIELDBOOK_BENCH_ADMIN") == "1":
            admin, admin_token = add_login(db_url)
            admin_path = folder / "admin.sqlite3"
            admin_sync = initial_sync(url, admin, admin_token, admin_path, key)
            admin_sync["page"] = PAGE
            sync_floor.report(emit, admin_sync, admin_path, key, folder, "admin")
        steady = steady_state(url, rep, rep_token, path, key)
        emit("sync_nothing_to_do", steady["idle_ms"], "ms", target=20.0,
             requests=steady["idle_requests"], client_cpu_ms=round(steady["idle_cpu_ms"], 2))
        emit("sync_100_edits_push_and_pull", steady["edits_ms"], "ms", target=150.0,
             requests=steady["edits_requests"])
        if os.environ.get("FIELDBOOK_BENCH_BUSY", "1") == "1":
            busy = concurrent_clients(url, db_url, folder)
            emit("sync_50_clients_p99_latency", busy["p99_ms"], "ms", **busy)
