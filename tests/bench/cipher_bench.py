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

    started = time.perf_counter()
    plain, encrypted, key = copies(db, folder)
    emit("cipher_encrypt_plain_cache", time.perf_counter() - started, "s",
         file_mb=round(db.stat().st_size / 1e6, 1),
         note="a consistent copy, sqlcipher_export and the row-count check")
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
            ("search_median_ms", "cipher_search_keystroke_median", 1.3),
            ("search_p95_ms", "cipher_search_keystroke_p95", 1.3),
            ("open_account_ms", "cipher_open_account_200_interactions", 1.3)):
        value = statistics.median(r[metric] for r in runs["encrypted"])
        floor = statistics.median(r[metric] for r in runs["plain"])
        emit(name, value, "ms", floor=floor, target_ratio=target,
             meets_target=value <= floor * target, rounds=rounds,
             note="encrypted cache against a plain copy, same run (floor = plain)")


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
                    started = time.perf_counter()
                    report = client.sync()
                    times[mode].append(time.perf_counter() - started)
                    pulled = report.pulled
                    client.close()
    finally:
        server.terminate()
        server.wait(10)
    value, floor = statistics.median(times["encrypted"]), statistics.median(times["plain"])
    emit("cipher_initial_sync", value, "s", floor=floor, target_ratio=1.5,
         meets_target=value <= floor * 1.5, rows=pulled, rounds=rounds,
         note="a fresh encrypted client against a fresh plain one, same server, same run")


def run(db: Path, emit: Any, quick: bool) -> None:
    sys.path.insert(0, str(HERE))
    folder = Path(tempfile.mkdtemp(prefix="fieldbook-cipher-bench-"))
    try:
        rounds = 2 if quick else 3
        interactive(db, folder, emit, rounds)
        initial_sync(db, emit, rounds)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
