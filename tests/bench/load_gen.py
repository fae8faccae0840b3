"""A sales force's day against a real server, over loopback, bounded in count
and time: N simulated reps, each with a territory of its own, push a morning of
offline edits at once, then sync every few minutes (a pull to the head, a few
edits pushed). Reports throughput, p50/p99 push and pull latency, errors, and
checks that every acknowledged edit is on the server.

The day is compressed to fit a benchmark: the laptops open within a minute
(a real morning spreads them over an hour or more) and each rep syncs every
20 s instead of every 5 minutes, so the server sees about 15 times the sync
rate of a real sales force of that size. ``RUSH`` compresses it to the limit
(every laptop within 2 s, a sync every 2 s): what the machine can take at
all, reported beside the day with no target.

The reps speak the wire protocol directly (httpx, one event loop), as the app's
sync client does, so a few hundred of them fit on one machine beside the server.

    python tests/bench/run.py --only load [--quick]        # 200 reps (20 quick)
    tests/sync/test_load_small.py                          # a small day in CI
"""

from __future__ import annotations

import asyncio
import random
import statistics
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx

from desktop.domain import wire
from desktop.domain.protocol import MAX_PUSH_MUTATIONS
from tests.server.pipeline_rows import create, edit, row


@dataclass(frozen=True)
class Day:
    reps: int = 200
    accounts: int = 8  # new accounts in each rep's morning push
    calls: int = 24  # interactions logged on them offline
    rounds: int = 3  # syncs after the morning
    every_s: float = 20.0  # between a rep's syncs (jittered 0.5-1.5x)
    edits: int = 3  # edits pushed at each of those syncs
    seed: int = 1
    open_s: float = 60.0  # the laptops open (first sync) within this


RUSH = {"open_s": 2.0, "every_s": 2.0}  # every rep at once: the machine's limit


@dataclass
class Rep:
    user_id: str
    token: str
    territory_id: str
    client_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    accounts: list[str] = field(default_factory=list)
    notes: dict[str, str | None] = field(default_factory=dict)  # account -> notes as seen
    seq: int = 0
    cursor: int = 0


@dataclass
class Tally:
    push_s: list[float] = field(default_factory=list)
    pull_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # (table, id, field) -> the value the server acknowledged last
    acked: dict[tuple[str, str, str], Any] = field(default_factory=dict)
    edits: int = 0


def _body(extra: dict[str, Any]) -> dict[str, Any]:
    return {"protocol": wire.PROTOCOL_VERSION, "schema": wire.schema_fingerprint(), **extra}


async def _post(http: httpx.AsyncClient, rep: Rep, what: str, body: dict[str, Any],
                timings: list[float], tally: Tally) -> Any | None:
    """One signed request to ``/v1/<what>``: its JSON answer, timed, or None
    with the error tallied."""
    began = time.perf_counter()
    try:
        answer = await http.post(f"/v1/{what}", json=_body(body),
                                 headers={"Authorization": f"Bearer {rep.token}"})
    except httpx.HTTPError as exc:
        tally.errors.append(f"{what}: {type(exc).__name__}: {exc}")
        return None
    timings.append(time.perf_counter() - began)
    if answer.status_code != 200:
        tally.errors.append(f"{what}: HTTP {answer.status_code} {answer.text[:200]}")
        return None
    return answer.json()


async def _push(http: httpx.AsyncClient, rep: Rep, mutations: list[dict[str, Any]],
                tally: Tally) -> None:
    """Push in requests of at most MAX_PUSH_MUTATIONS; record what was applied."""
    for start in range(0, len(mutations), MAX_PUSH_MUTATIONS):
        batch = mutations[start:start + MAX_PUSH_MUTATIONS]
        answer = await _post(http, rep, "push", {"client_id": rep.client_id,
                                                 "mutations": batch}, tally.push_s, tally)
        if answer is None:
            continue
        results = {r["seq"]: r for r in answer["results"]}
        for m in batch:
            result = results.get(m["seq"], {})
            if result.get("status") != "applied":
                tally.errors.append(f"push: {m['table']} {result}")
                continue
            tally.edits += 1
            for name, value in m["changes"].items():
                if name in ("name", "notes", "subject"):
                    tally.acked[(m["table"], m["id"], name)] = value


async def _pull(http: httpx.AsyncClient, rep: Rep, tally: Tally) -> None:
    """Pull pages until the head, as the app's sync does."""
    while True:
        page = await _post(http, rep, "pull", {"cursor": rep.cursor, "limit": 2000},
                           tally.pull_s, tally)
        if page is None:
            return
        rep.cursor = int(page["cursor"])
        if not page["more"]:
            return


def _morning(rep: Rep, day: Day, rng: random.Random) -> list[dict[str, Any]]:
    """New accounts in the rep's territory and calls logged on them, offline."""
    out = []
    for n in range(day.accounts):
        account = row("accounts", name=f"Load {rep.user_id[:6]} {n}",
                      territory_id=rep.territory_id, owner_id=rep.user_id)
        rep.accounts.append(account["id"])
        rep.notes[account["id"]] = None
        rep.seq += 1
        out.append(create(rep.seq, "accounts", account))
    for n in range(day.calls):
        call = row("interactions", account_id=rng.choice(rep.accounts),
                   author_id=rep.user_id, subject=f"Call {n} {rep.user_id[:6]}")
        rep.seq += 1
        out.append(create(rep.seq, "interactions", call))
    return out


def _later(rep: Rep, day: Day, rng: random.Random, round_no: int) -> list[dict[str, Any]]:
    out = []
    for n in range(day.edits):
        account = rng.choice(rep.accounts)
        note = f"Round {round_no} edit {n} by {rep.user_id[:6]}"
        rep.seq += 1
        out.append(edit(rep.seq, "accounts", account, {"notes": rep.notes[account]},
                        {"notes": note}))
        rep.notes[account] = note
    return out


async def _rep_day(url: str, rep: Rep, day: Day, tally: Tally, seed: int) -> None:
    rng = random.Random(seed)
    limits = httpx.Limits(max_connections=1)
    async with httpx.AsyncClient(base_url=url, timeout=60, limits=limits) as http:
        await asyncio.sleep(rng.random() * day.open_s)  # laptops open over a while
        await _pull(http, rep, tally)
        await _push(http, rep, _morning(rep, day, rng), tally)
        for round_no in range(day.rounds):
            await asyncio.sleep(day.every_s * (0.5 + rng.random()))
            await _pull(http, rep, tally)
            await _push(http, rep, _later(rep, day, rng, round_no), tally)
        await _pull(http, rep, tally)


def make_reps(db_url: str, count: int) -> list[Rep]:
    """``count`` reps, each with a login, a token and a territory of its own."""
    from sqlalchemy import select

    from server.db import Database
    from server.tables import user_territories
    from tests.bench.sync_bench import add_login

    reps = []
    db = Database(db_url)
    try:
        for n in range(count):
            user, token = add_login(db_url, "rep", f"LOAD{n:04d}")
            with db.read() as conn:
                territory = conn.execute(select(user_territories.c.territory_id).where(
                    user_territories.c.user_id == uuid.UUID(hex=user))).scalar_one()
            reps.append(Rep(user, token, territory.hex))
    finally:
        db.dispose()
    return reps


def run_day(url: str, reps: list[Rep], day: Day) -> tuple[Tally, float]:
    """Every rep's day at once; returns the tally and the wall time."""
    tally = Tally()

    async def everyone() -> None:
        await asyncio.gather(*(_rep_day(url, rep, day, tally, day.seed * 100_003 + n)
                               for n, rep in enumerate(reps)))

    began = time.perf_counter()
    asyncio.run(everyone())
    return tally, time.perf_counter() - began


def missing(db_url: str, tally: Tally) -> list[str]:
    """Acknowledged values the server does not hold (nothing should be missing)."""
    from sqlalchemy import select

    from server.db import Database
    from server.rows import table_of

    db = Database(db_url)
    lost = []
    try:
        with db.read() as conn:
            for (table, row_id, name), value in sorted(tally.acked.items()):
                t = table_of(table)
                held = conn.execute(select(t.c[name]).where(
                    t.c.id == uuid.UUID(hex=row_id))).scalar()
                if held != value:
                    lost.append(f"{table} {row_id} {name}: {held!r} != {value!r}")
    finally:
        db.dispose()
    return lost


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)] if ordered else 0.0


def summary(tally: Tally, wall: float, reps: int) -> dict[str, Any]:
    return {"reps": reps, "edits": tally.edits, "wall_s": round(wall, 2),
            "edits_per_s": round(tally.edits / wall, 1) if wall else 0.0,
            "push_requests": len(tally.push_s), "pull_requests": len(tally.pull_s),
            "push_p50_ms": round(statistics.median(tally.push_s or [0]) * 1000, 1),
            "push_p99_ms": round(percentile(tally.push_s, 0.99) * 1000, 1),
            "pull_p50_ms": round(statistics.median(tally.pull_s or [0]) * 1000, 1),
            "pull_p99_ms": round(percentile(tally.pull_s, 0.99) * 1000, 1),
            "errors": len(tally.errors)}


def cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of a process and its children (the server's
    workers), from /proc; 0.0 where there is none."""
    import os

    tick = os.sysconf("SC_CLK_TCK")

    def stat(p: str) -> list[str]:
        with open(f"/proc/{p}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()
    total = 0.0
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        try:
            fields = stat(entry) if entry.isdigit() else None
            if fields and (int(entry) == pid or int(fields[1]) == pid):
                total += (int(fields[11]) + int(fields[12])) / tick
        except (OSError, ValueError):
            continue
    return total


def load_average() -> float:
    """The one-minute load average (the machine is shared: the figures need it)."""
    import os

    return round(os.getloadavg()[0], 2)


def floor_inserts(db_url: str, rows: int) -> float:
    """Edits per second of bare INSERTs of as many account rows into a plain
    PostgreSQL table (no indexes but the key, no versions, one transaction per
    hundred rows, as pushes commit in batches)."""
    import psycopg

    plain = db_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as pg:
        pg.execute("DROP TABLE IF EXISTS load_floor")
        pg.execute("CREATE TABLE load_floor (id uuid PRIMARY KEY, name text, notes text, "
                   "territory_id uuid, owner_id uuid)")
        values = [(uuid.uuid4(), f"Floor {n}", None, uuid.uuid4(), uuid.uuid4())
                  for n in range(rows)]
        began = time.perf_counter()
        for start in range(0, rows, 100):
            with pg.transaction(), pg.cursor() as cur:
                cur.executemany("INSERT INTO load_floor VALUES (%s, %s, %s, %s, %s)",
                                values[start:start + 100])
        took = time.perf_counter() - began
        pg.execute("DROP TABLE load_floor")
    return rows / took


def bench(emit: Any, *, quick: bool = False, workers: int = 2) -> None:
    """200 reps (20 with ``quick``) on one PostgreSQL behind ``workers`` server
    processes, all on this machine, with the floor measured in the same run:
    their day, then the same reps in a rush (``RUSH``), each on a new database."""
    reps = 20 if quick else 200
    day = _serve_day(Day(reps=reps), workers)
    emit("load_push_p99", day["push_p99_ms"], "ms", target=1000.0, workers=workers,
         open_s=Day.open_s, every_s=Day.every_s, **_reported(day))
    emit("load_errors", float(day["errors"]), "count", target=0.0, first=day["first_errors"])
    emit("load_acknowledged_edits_missing", float(day["lost"]), "count", target=0.0,
         first=day["first_lost"])
    emit("load_throughput", day["edits_per_s"], "edits/s",
         floor_edits_per_s=round(day["floor"], 1),
         ratio_to_floor=round(day["edits_per_s"] / day["floor"], 4),
         note="the day is paced (a sync every 20 s): throughput is what it asked")
    rush = _serve_day(Day(reps=reps, **RUSH), workers)
    emit("load_rush_push_p99", rush["push_p99_ms"], "ms", workers=workers,
         note="every laptop within 2 s and a sync every 2 s: the machine's limit, no target",
         **_reported(rush))


def _reported(figures: dict[str, Any]) -> dict[str, Any]:
    """A run's figures beside its p99 row (the p99 is the row's value; the
    errors, lost edits and floor have rows of their own)."""
    return {k: v for k, v in figures.items()
            if k not in ("push_p99_ms", "first_errors", "first_lost", "floor")}


def _serve_day(day: Day, workers: int) -> dict[str, Any]:
    """``day`` against a new database behind a new server: the summary, the
    server's and the generator's CPU, what was lost and the INSERT floor."""
    import subprocess
    import sys

    from sqlalchemy import create_engine, text

    from server.db import Database
    from server.schema import migrate
    from tests.bench.sync_bench import _pg_url
    from tests.sync.bulk_server import drop_server_db
    from tests.sync.conftest import free_port

    name = f"fb_load_{uuid.uuid4().hex[:8]}"
    db_url = _pg_url(name)
    admin = create_engine(_pg_url("test"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    db = Database(db_url)
    migrate(db.engine)
    db.dispose()
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "server", "serve", "--database-url", db_url,
                             "--port", str(port), "--workers", str(workers)],
                            stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(f"{url}/health", timeout=1).raise_for_status()
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        reps = make_reps(db_url, day.reps)
        load_before, cpu_before = load_average(), cpu_seconds(proc.pid)
        own_before = time.process_time()
        tally, wall = run_day(url, reps, day)
        figures = summary(tally, wall, day.reps)
        figures.update(server_cpu_s=round(cpu_seconds(proc.pid) - cpu_before, 2),
                       load_gen_cpu_s=round(time.process_time() - own_before, 2),
                       load_before=load_before, load_after=load_average())
        lost = missing(db_url, tally)
        figures.update(lost=len(lost), first_lost=lost[:3], first_errors=tally.errors[:3],
                       floor=floor_inserts(db_url, max(tally.edits, 1)))
        return figures
    finally:
        proc.terminate()
        proc.wait(20)
        drop_server_db(name)
