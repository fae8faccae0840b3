"""Where the cache's bytes go (``run.py --only cache_size``): the demo book the
app offers at first start (``Settings.demo_accounts``, 1,000 accounts, seed 7)
written by the demo generator into an encrypted cache as the app writes it, its
bytes per account against the issue's target (5 KB per account: the target is
also the floor, so ``ratio`` is how many times over it the cache is).

SQLCipher has no ``dbstat``: the breakdown by object (tables, indexes, each
full-text index) comes from the same book written into a plain file, which is
~2% smaller (SQLCipher keeps 80 bytes of each 4 KB page for its IV and MAC).
Also printed: the bytes a ``VACUUM`` would give back; the indexes that a
longer index on the same table already covers (same columns first, same
``WHERE``), as what dropping them would save; and, on a copy, what storing ids
as 16-byte blobs instead of 32 hex characters, then times as integer
microseconds instead of 26 characters, would save (a what-if of the cache's
storage, not of the wire). With a benchmark cache already
built under ``bench-out/`` (``run.py``'s 100,000 accounts), its bytes per account
too.
"""

from __future__ import annotations

import resource
import sqlite3
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET = 5_120.0  # bytes per account on the demo book (issue 17)
SEED = 7  # as the app's "Explore demo data"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _write_demo(path: Path, accounts: int, encrypted: bool) -> tuple[int, float, float]:
    """The demo book in a new cache; its accounts, wall and CPU seconds."""
    from desktop.demo.generator import generate
    from desktop.store.cipher import CacheKey
    from desktop.store.store import Store

    store = Store(path, key=CacheKey.generate() if encrypted else None)
    try:
        started, cpu = time.perf_counter(), _cpu()
        summary = generate(store, accounts=accounts, seed=SEED)
        return summary.accounts, time.perf_counter() - started, _cpu() - cpu
    finally:
        store.close()


def _file_bytes(path: Path) -> int:
    """The cache with its journal and WAL, if any are left."""
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def breakdown(path: Path) -> dict[str, dict[str, int]]:
    """Bytes by object of a plain cache (``dbstat``): each table, index and
    full-text index (its shadow tables together), and totals by kind."""
    conn = sqlite3.connect(path)
    try:
        kinds = dict(conn.execute("SELECT name, type FROM sqlite_schema"))
        fts = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_schema WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        objects: dict[str, int] = {}
        groups = {"tables": 0, "indexes": 0, "fts": 0, "unused_within_them": 0}
        for name, size, unused in conn.execute(
                "SELECT name, sum(pgsize), sum(unused) FROM dbstat GROUP BY name"):
            owner = next((f for f in fts if name.startswith(f + "_")), None)
            key = f"fts {owner}" if owner else name
            objects[key] = objects.get(key, 0) + size
            group = "fts" if owner else "indexes" if kinds.get(name) == "index" else "tables"
            groups[group] += size
            groups["unused_within_them"] += unused
        return {"objects": objects, "groups": groups}
    finally:
        conn.close()


def covered_indexes(path: Path) -> dict[str, str]:
    """Indexes whose columns start a longer index of the same table with the
    same ``WHERE`` (not unique, not on expressions): name -> the covering one."""
    conn = sqlite3.connect(path)
    try:
        found: dict[str, tuple[str, list[str], bool, str]] = {}
        for name, table, sql in conn.execute(
                "SELECT name, tbl_name, sql FROM sqlite_schema WHERE type = 'index'"):
            columns = [r[2] for r in conn.execute("SELECT * FROM pragma_index_info(?)", (name,))]
            unique = conn.execute("SELECT \"unique\" FROM pragma_index_list(?) WHERE name = ?",
                                  (table, name)).fetchone()[0]
            where = sql.split(" WHERE ", 1)[1] if sql and " WHERE " in sql else ""
            found[name] = (table, columns, bool(unique), where)
        out = {}
        for name, (table, cols, unique, where) in sorted(found.items()):
            if unique or None in cols:
                continue
            for other, (table2, cols2, _u, where2) in sorted(found.items()):
                if other != name and table2 == table and where2 == where \
                        and len(cols2) > len(cols) and cols2[:len(cols)] == cols:
                    out[name] = other
                    break
        return out
    finally:
        conn.close()


def _without(path: Path, scratch: Path, drop: list[str]) -> int:
    """The plain cache's size after dropping ``drop`` and vacuuming (a copy)."""
    copy = scratch / f"what-if-{len(drop)}.sqlite3"
    conn = sqlite3.connect(path)
    try:
        conn.execute("VACUUM INTO ?", (str(copy),))
    finally:
        conn.close()
    conn = sqlite3.connect(copy)
    try:
        for name in drop:
            conn.execute(f'DROP INDEX "{name}"')  # nosec B608 - names from the file
        conn.commit()
        conn.execute("VACUUM")
    finally:
        conn.close()
    return copy.stat().st_size


def _packed(path: Path, scratch: Path) -> tuple[int, int]:
    """The plain cache's size (vacuumed copies) with ids as blobs, then with
    times as integers too. Triggers are dropped first: the copy is only measured."""
    from datetime import datetime

    from desktop.domain.column_kinds import KINDS

    def micro(text: object) -> object:
        try:
            return int(datetime.fromisoformat(str(text)).timestamp() * 1_000_000)
        except ValueError:
            return text

    copy, sizes = scratch / "packed.sqlite3", []
    conn = sqlite3.connect(path)
    conn.execute("VACUUM INTO ?", (str(copy),))
    conn.close()
    for kind, fn in (("uuid", lambda v: bytes.fromhex(v) if len(v) == 32 else v),
                     ("datetime", micro)):
        conn = sqlite3.connect(copy)
        conn.create_function("pack", 1, lambda v, f=fn: f(v) if isinstance(v, str) else v)
        for (trigger,) in conn.execute("SELECT name FROM sqlite_schema WHERE type = 'trigger'")\
                .fetchall():
            conn.execute(f'DROP TRIGGER "{trigger}"')  # nosec B608 - names from the file
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema WHERE type='table'")}
        for table, columns in KINDS.items():
            names = [c for c, k in columns.items() if k == kind]
            if table in tables and names:
                sets = ", ".join(f'"{c}" = pack("{c}")' for c in names)
                conn.execute(f'UPDATE "{table}" SET {sets}')  # nosec B608 - identifiers from code
        conn.commit()
        conn.execute("VACUUM")
        conn.close()
        sizes.append(copy.stat().st_size)
    return sizes[0], sizes[1]


def run(emit: Any, *, out: Path | None = None) -> None:
    from desktop.settings import Settings

    accounts = Settings().demo_accounts
    load = open("/proc/loadavg").read().split()[:3]  # noqa: SIM115 - one read
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        app_cache = scratch / "demo-encrypted.sqlite3"
        made, wall, cpu = _write_demo(app_cache, accounts, encrypted=True)
        size = _file_bytes(app_cache)
        emit("cache_bytes_per_account_demo", size / made, "B", target=TARGET, floor=TARGET,
             accounts=made, file_mb=round(size / 1e6, 2), encrypted=True,
             generate_s=round(wall, 2), generate_cpu_s=round(cpu, 2), loadavg=load)

        plain = scratch / "demo-plain.sqlite3"
        made, _wall, _cpu_s = _write_demo(plain, accounts, encrypted=False)
        plain_size = _file_bytes(plain)
        parts = breakdown(plain)
        groups = {k: round(v / made) for k, v in parts["groups"].items()}
        top = sorted(parts["objects"].items(), key=lambda kv: -kv[1])[:15]
        emit("cache_bytes_per_account_demo_plain", plain_size / made, "B", target=TARGET,
             by_kind_per_account=groups,
             largest_per_account={name: round(b / made) for name, b in top})
        covered = covered_indexes(plain)
        vacuumed = _without(plain, scratch, [])
        trimmed = _without(plain, scratch, list(covered))
        emit("cache_bytes_per_account_demo_vacuumed", vacuumed / made, "B", target=TARGET,
             saves_per_account=round((plain_size - vacuumed) / made))
        emit("cache_bytes_per_account_demo_without_covered_indexes", trimmed / made, "B",
             target=TARGET, saves_per_account=round((vacuumed - trimmed) / made),
             dropped=covered)
        blobs, integers = _packed(plain, scratch)
        emit("cache_bytes_per_account_demo_ids_as_blobs", blobs / made, "B", target=TARGET,
             saves_per_account=round((vacuumed - blobs) / made))
        emit("cache_bytes_per_account_demo_ids_blobs_times_integers", integers / made, "B",
             target=TARGET, saves_per_account=round((blobs - integers) / made))
    bench_caches = sorted((out or Path()).glob("bench-*.sqlite3"))
    for cache in bench_caches:
        n = sqlite3.connect(cache).execute("SELECT count(*) FROM accounts").fetchone()[0]
        if n:
            groups = {k: round(v / n) for k, v in breakdown(cache)["groups"].items()}
            emit("cache_bytes_per_account_bench", _file_bytes(cache) / n, "B", accounts=n,
                 by_kind_per_account=groups)


if __name__ == "__main__":
    import json
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    run(lambda name, value, unit, **kw: print(json.dumps(
        {"name": name, "value": round(value, 1), "unit": unit, **kw})),
        out=Path(__file__).resolve().parents[2] / "bench-out")
