"""What encrypting the cache costs: the same probes on a plain and an encrypted
copy of the bench cache, in the same run, alternated so a busy machine slows both
alike (issue 19's targets: search and open account at most 1.3x, initial sync
at most 1.5x).

* search keystroke and open account: ``interactive_child.py`` on each copy
  (the encrypted one gets its key through ``FIELDBOOK_BENCH_KEY``);
* initial sync: a fresh client pulls the whole demo book from a server on
  PostgreSQL, into a plain and into an encrypted cache.
"""

from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def copies(db: Path, folder: Path) -> tuple[Path, Path, str]:
    """A plain and an encrypted copy of ``db``, and the encrypted one's key (hex)."""
    from desktop.backup import copy_to
    from desktop.store.cipher import CacheKey
    from desktop.store.encrypt import export

    key = CacheKey.generate()
    plain = copy_to(db, folder / "cipher-plain.sqlite3")
    encrypted = folder / "cipher-encrypted.sqlite3"
    export(plain, encrypted, key)
    return plain, encrypted, key.hex()


@contextmanager
def encrypted_start(db: Path, folder: Path) -> Iterator[Path]:
    """An encrypted copy of ``db`` whose key sits in a scratch-file keyring that the
    app's children find (tests/file_keyring.py): ``fieldbook --db`` starts on it as
    on a laptop whose keyring holds the key, with no question asked."""
    from desktop.store.cache_keys import KeyringKeys

    sys.path.insert(0, str(HERE.parents[1]))
    from tests.file_keyring import VARIABLE, FileKeyring

    _plain, encrypted, key = copies(db, folder)
    saved = {name: os.environ.get(name) for name in (VARIABLE, "PYTHON_KEYRING_BACKEND")}
    os.environ[VARIABLE] = str(folder / "keyring.json")
    os.environ["PYTHON_KEYRING_BACKEND"] = "tests.file_keyring.FileKeyring"
    from desktop.store.cipher import CacheKey

    KeyringKeys(FileKeyring()).save(encrypted, CacheKey.from_hex(key))
    try:
        yield encrypted
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def interactive(db: Path, folder: Path, emit: Any, rounds: int) -> None:
    from run import child

    plain, encrypted, key = copies(db, folder)
    runs: dict[str, list[dict[str, float]]] = {"plain": [], "encrypted": []}
    for _ in range(rounds):
        os.environ.pop("FIELDBOOK_BENCH_KEY", None)
        runs["plain"].append(child("interactive_child.py", str(plain)))
        os.environ["FIELDBOOK_BENCH_KEY"] = key
        try:
            runs["encrypted"].append(child("interactive_child.py", str(encrypted)))
        finally:
            os.environ.pop("FIELDBOOK_BENCH_KEY", None)
    for metric, name, target in (
            ("search_painted_median_ms", "cipher_search_keystroke_painted_median", 1.3),
            ("search_painted_p95_ms", "cipher_search_keystroke_painted_p95", 1.3),
            ("open_account_ms", "cipher_open_account_painted", 1.3)):
        value = statistics.median(r[metric] for r in runs["encrypted"])
        floor = statistics.median(r[metric] for r in runs["plain"])
        emit(name, value, "ms", floor=floor, target_ratio=target,
             meets_target=value <= floor * target, rounds=rounds,
             note="encrypted cache against a plain copy, same run (floor = plain)")


def _words(conn: Any, rng: Any) -> list[str]:
    """What a rep types (as interactive_child.py picks them): account names,
    cities, contact surnames."""
    accounts = conn.execute("SELECT max(rowid) FROM accounts").fetchone()[0]
    contacts = conn.execute("SELECT max(rowid) FROM contacts").fetchone()[0]
    one = "SELECT {0} FROM {1} WHERE rowid >= ? AND {0} IS NOT NULL LIMIT 1"
    names = [conn.execute(one.format("name", "accounts"), (rng.randrange(1, accounts),))
             .fetchone()[0] for _ in range(8)]
    cities = [conn.execute(one.format("billing_city", "accounts"),
                           (rng.randrange(1, accounts),)).fetchone()[0] for _ in range(4)]
    people = [conn.execute(one.format("last_name", "contacts"), (rng.randrange(1, contacts),))
              .fetchone()[0] for _ in range(8)]
    return [n.split()[0] + " " + n.split()[-1] for n in names] + cities + people


def direct(db: Path, folder: Path, emit: Any) -> None:
    """The reads behind a search keystroke and an account's opening, without the
    window: each keystroke and each opening runs on the plain copy and then on
    the encrypted one, so both see the same machine at the same moment. Every
    account opened is a different one (its pages not yet in SQLite's cache)."""
    import random
    import uuid

    from desktop.clock import utc_now
    from desktop.services.account_detail import AccountReader
    from desktop.services.account_list import AccountFilter, AccountList
    from desktop.store.cipher import CacheKey
    from desktop.store.store import Store

    started = time.perf_counter()
    plain, encrypted, key = copies(db, folder)
    emit("cipher_encrypt_plain_cache", time.perf_counter() - started, "s",
         file_mb=round(db.stat().st_size / 1e6, 1),
         note="a consistent copy, sqlcipher_export and the row-count check")
    stores = {"plain": Store(plain), "encrypted": Store(encrypted, key=CacheKey.from_hex(key))}
    lists = {m: AccountList(s, utc_now) for m, s in stores.items()}
    readers = {m: AccountReader(s) for m, s in stores.items()}
    conn = stores["plain"].reads()
    words = _words(conn, random.Random(5))
    busy = [uuid.UUID(hex=r[0]) for r in conn.execute(
        "SELECT account_id FROM interactions GROUP BY account_id "
        "ORDER BY abs(count(*) - 200) LIMIT 31")]
    # (wall ms, this thread's CPU ms): on a machine shared with other work the wall
    # time is mostly waiting for a core; the CPU time is what the reads cost.
    search: dict[str, list[tuple[float, float]]] = {"plain": [], "encrypted": []}
    opens: dict[str, list[tuple[float, float]]] = {"plain": [], "encrypted": []}
    for mode in stores:  # the first reads of each file (schema, statistics) not counted
        lists[mode].page(AccountFilter(text=words[0][:1]))
        readers[mode].detail(busy[0])
    for word in words:
        for end in range(1, len(word) + 1):
            for mode in stores:
                t, c = time.perf_counter(), time.thread_time()
                lists[mode].page(AccountFilter(text=word[:end]))
                search[mode].append(((time.perf_counter() - t) * 1000,
                                     (time.thread_time() - c) * 1000))
    for account in busy[1:]:
        for mode in stores:
            t, c = time.perf_counter(), time.thread_time()
            readers[mode].detail(account)
            readers[mode].timeline(account)
            opens[mode].append(((time.perf_counter() - t) * 1000,
                                (time.thread_time() - c) * 1000))
    for store in stores.values():
        store.close()

    def p95(values: list[float]) -> float:
        return sorted(values)[int(len(values) * 0.95) - 1]

    for name, runs, pick, target in (
            ("cipher_search_keystroke_median", search, statistics.median, 1.3),
            ("cipher_search_keystroke_p95", search, p95, 1.3),
            ("cipher_open_account_200_interactions", opens, statistics.median, 1.3)):
        cpu = {m: [c for _w, c in r] for m, r in runs.items()}
        wall = {m: [w for w, _c in r] for m, r in runs.items()}
        value, floor = pick(cpu["encrypted"]), pick(cpu["plain"])
        emit(name, value, "ms cpu", floor=floor, target_ratio=target,
             meets_target=value <= floor * target, samples=len(runs["plain"]),
             wall_ms=round(pick(wall["encrypted"]), 3),
             wall_floor_ms=round(pick(wall["plain"]), 3),
             wall_ratio=round(pick(wall["encrypted"]) / pick(wall["plain"]), 3),
             note="the reads (list page; account detail and 200-row timeline) on an "
                  "encrypted copy against a plain one, interleaved; CPU time of the "
                  "reading thread (wall_* beside it); floor = plain")


def initial_sync(db: Path, emit: Any, rounds: int, port: int = 8798) -> None:
    import sync_bench

    from desktop.store.cipher import CacheKey
    from desktop.store.store import Store
    from desktop.sync.client import SyncClient
    from desktop.sync.transport import Transport

    db_url, _rows = sync_bench.load_server(db, f"fb_cipher_{db.stem.replace('-', '_')}")
    user, token = sync_bench.add_login(db_url)
    server = sync_bench.start_server(db_url, port)
    url = f"http://127.0.0.1:{port}"
    times: dict[str, list[float]] = {"plain": [], "encrypted": []}
    cpu: dict[str, list[float]] = {"plain": [], "encrypted": []}  # the client's process
    pulled = 0
    try:
        for n in range(rounds):
            for mode in ("plain", "encrypted"):
                with tempfile.TemporaryDirectory() as tmp:
                    path = Path(tmp) / f"{mode}-{n}.sqlite3"
                    key = CacheKey.generate() if mode == "encrypted" else None
                    Store(path, key=key).close()
                    client = SyncClient(path, Transport(url, token), user_id=user,
                                        pull_page=sync_bench.PAGE, key=key)
                    started, used = time.perf_counter(), time.process_time()
                    report = client.sync()
                    times[mode].append(time.perf_counter() - started)
                    cpu[mode].append(time.process_time() - used)
                    pulled = report.pulled
                    client.close()
    finally:
        server.terminate()
        server.wait(10)
    value, floor = statistics.median(times["encrypted"]), statistics.median(times["plain"])
    cpu_value, cpu_floor = statistics.median(cpu["encrypted"]), statistics.median(cpu["plain"])
    emit("cipher_initial_sync", value, "s", floor=floor, target_ratio=1.5,
         meets_target=value <= floor * 1.5, rows=pulled, rounds=rounds,
         client_cpu_s=round(cpu_value, 3), client_cpu_floor_s=round(cpu_floor, 3),
         client_cpu_ratio=round(cpu_value / cpu_floor, 3),
         note="a fresh encrypted client against a fresh plain one, same server, same run "
              "(wall time; the client's CPU time beside it)")


def run(db: Path, emit: Any, quick: bool) -> None:
    sys.path.insert(0, str(HERE))
    folder = Path(tempfile.mkdtemp(prefix="fieldbook-cipher-bench-"))
    try:
        rounds = 2 if quick else 3
        direct(db, folder, emit)
        if not quick:  # through the window too (slow: the whole interactive probe, 2x)
            interactive(db, folder, emit, rounds)
        initial_sync(db, emit, rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
