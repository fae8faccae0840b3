"""Turning a plain cache into an encrypted one, and starting over when the key is lost.

A plain cache (from before encryption, or made by a script) is exported with
``sqlcipher_export`` into a new file beside it, every table's row count is
compared, and only then does the encrypted file take the cache's name. The
plain file stays as ``<cache>.plain-backup`` until the encrypted cache has opened
with its key, and is deleted afterwards; so do the blobs beside it (sealed in
place, as are the import batches) and the backups made of it (re-exported
encrypted). A run cut short resumes on the next start.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from desktop.store.blobs import BlobStore
from desktop.store.cache_keys import AskPassphrase, KeyStore, obtain, salt_path
from desktop.store.cipher import CacheKey, attach, connect, is_encrypted
from desktop.store.sealed_lines import batch_folder, seal_plain_batches


@dataclass(frozen=True)
class Encrypted:
    """What an encryption of a plain cache did."""

    rows: int
    blobs: int
    backups: int


class ExportMismatch(Exception):
    """The encrypted copy does not hold what the plain cache held: nothing replaced."""


def unlock(cache: Path, ask: AskPassphrase, keys: KeyStore | None) -> CacheKey:
    """The key of ``cache``, with the cache encrypted under it (a plain one is
    encrypted now, an interrupted encryption finished)."""
    key = obtain(cache, ask, keys)
    secure(cache, key)
    return key


def needs_work(cache: Path) -> bool:
    """Whether :func:`secure` has a plain cache to encrypt (seconds on a big one)."""
    return _plain_backup(cache).exists() or (
        cache.exists() and not is_encrypted(cache) and cache.stat().st_size > 0)


def secure(cache: Path, key: CacheKey) -> Encrypted:
    """Encrypt a plain ``cache`` under ``key``, or finish an encryption cut short."""
    plain_backup = _plain_backup(cache)
    if not cache.exists() and plain_backup.exists():  # cut short between two renames
        os.replace(plain_backup, cache)
    if cache.exists() and not is_encrypted(cache) and cache.stat().st_size:
        return encrypt_cache(cache, key)
    if plain_backup.exists():  # encrypted, but the blobs or backups were not all done
        return _finish(cache, key)
    return Encrypted(0, 0, 0)


def encrypt_cache(cache: Path, key: CacheKey) -> Encrypted:
    """Encrypt the plain ``cache`` under ``key`` in place (see the module's note)."""
    plain_backup = _plain_backup(cache)
    target = cache.with_name(cache.name + ".encrypting")
    _fold_wal(cache)
    rows = export(cache, target, key)
    os.replace(cache, plain_backup)  # kept until the encrypted cache opens
    os.replace(target, cache)
    _fsync_dir(cache.parent)
    done = _finish(cache, key)
    return Encrypted(rows, done.blobs, done.backups)


def export(plain: Path, target: Path, key: CacheKey) -> int:
    """``plain`` copied into a new file ``target`` encrypted with ``key``; checked
    table by table. Returns the rows copied."""
    for stale in (target, *_sidecars(target)):
        stale.unlink(missing_ok=True)
    src = connect(plain, None)
    try:
        expected = _counts(src)
    finally:
        src.close()
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(plain))  # SQLCipher's driver, the plain file unkeyed
    try:
        attach(conn, target, "encrypted", key)
        conn.execute("SELECT sqlcipher_export('encrypted')")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        conn.commit()
        conn.execute("DETACH DATABASE encrypted")
    finally:
        conn.close()
    check = connect(target, key)
    try:
        got = _counts(check)
        check.execute("PRAGMA journal_mode=WAL")
    finally:
        check.close()
    if got != expected:
        target.unlink(missing_ok=True)
        raise ExportMismatch(f"encrypting {plain.name}: {expected} rows expected, {got} copied")
    with open(target, "rb") as fh:
        os.fsync(fh.fileno())
    return sum(expected.values())


def start_fresh(cache: Path, now: datetime | None = None) -> Path:
    """Move an unreadable cache (lost key) aside so the next start makes a new one
    and the first sync downloads everything. The old files stay, still encrypted,
    in ``<cache>.unreadable-<stamp>/`` in case the key turns up."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    aside = cache.with_name(f"{cache.name}.unreadable-{stamp}")
    aside.mkdir(parents=True)
    for path in (cache, *_sidecars(cache), salt_path(cache),  # batches: sealed, old rows
                 cache.with_name(cache.name + ".blobs"), batch_folder(cache)):
        if path.exists():
            shutil.move(str(path), aside / path.name)
    return aside


def _finish(cache: Path, key: CacheKey) -> Encrypted:
    """Seal plain blobs and backups; then drop the plain backup of the cache."""
    if not is_encrypted(cache):
        return Encrypted(0, 0, 0)
    connect(cache, key).close()  # it opens with this key: the plain copy can go
    blobs = BlobStore(cache, key).encrypt_plain_files()
    seal_plain_batches(cache, key)  # import batches: ids and customers' values
    backups = 0
    for old in _plain_backups(cache):
        target = old.with_name(old.name + ".encrypting")
        export(old, target, key)
        os.replace(target, old)
        backups += 1
    plain_backup = _plain_backup(cache)
    for path in (plain_backup, *_sidecars(plain_backup)):
        path.unlink(missing_ok=True)
    return Encrypted(0, blobs, backups)


def _plain_backups(cache: Path) -> list[Path]:
    """Copies of the cache still in plain SQLite: daily backups, restore safety
    copies and schema-upgrade backups."""
    found = [p for p in (cache.parent / "backups").glob(f"{cache.stem}.*.sqlite3")]
    found += cache.parent.glob(f"{cache.stem}.*.backup{cache.suffix}")
    return sorted(p for p in found if p.is_file() and p.stat().st_size
                  and not is_encrypted(p))


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    names = [n for (n,) in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'")]
    return {n: int(conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0])  # nosec B608 - identifiers from code, values bound
            for n in names}


def _fold_wal(cache: Path) -> None:
    """Fold the WAL into the plain file, so nothing plain stays in ``-wal``."""
    conn = connect(cache, None)
    try:
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()


def _plain_backup(cache: Path) -> Path:
    return cache.with_name(cache.name + ".plain-backup")


def _sidecars(path: Path) -> tuple[Path, ...]:
    return tuple(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
