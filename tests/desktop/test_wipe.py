"""Wiping a revoked device's cache: no row, no copy and no readable trace is left,
other files stay, and the open store goes on working."""

from __future__ import annotations

import contextlib
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop import backup
from desktop.demo.generator import generate
from desktop.services.accounts import AccountService
from desktop.store.cipher import CacheKey, connect
from desktop.store.store import Store
from desktop.sync.wipe import FTS_SHADOWS, KEPT_TABLES, wipe

ANCHOR = datetime(2026, 11, 1, tzinfo=UTC)


def _texts(store: Store) -> set[str]:
    """Whole values a reader would recognise: names of accounts, leads, products."""
    reads = store.reads()
    found = {r[0] for r in reads.execute("SELECT name FROM accounts")}
    found |= {r[0] for r in reads.execute("SELECT company FROM leads WHERE company IS NOT NULL")}
    found |= {r[0] for r in reads.execute("SELECT name FROM products")}
    found |= {r[0] for r in reads.execute("SELECT number FROM orders WHERE number IS NOT NULL")}
    return {t for t in found if len(t) >= 8}


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_the_cache_and_its_copies_are_emptied_in_place(tmp_path: Path, encrypted: bool) -> None:
    path = tmp_path / "fieldbook.sqlite3"
    key = CacheKey.generate() if encrypted else None
    store = Store(path, key=key)
    try:
        generate(store, accounts=40, seed=3, anchor=ANCHOR)  # with brochures and contracts
        store.blobs.put(b"a signed contract")
        texts = _texts(store)
        assert len(texts) > 40
        store.writer.transaction(lambda c: c.execute(
            "INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) "
            "VALUES ('accounts', 'x', 'upsert', NULL, '{}', '2026-11-01')"))
        backup.back_up(path, key=key)
        (tmp_path / "fieldbook.20261101-090000.backup.sqlite3").write_bytes(b"old copy")
        (tmp_path / "fieldbook.sqlite3.imports").mkdir()
        (tmp_path / "fieldbook.sqlite3.imports" / "batch.json").write_text("{}")
        keep = [tmp_path / "notes.txt", tmp_path / "backups" / "other.20261101-090000.sqlite3",
                tmp_path / "backups" / "fieldbook.work.20261101-090000.sqlite3"]
        for other in keep:
            other.write_text("not this cache's")

        wiped = wipe(store)

        assert (wiped.unsent, wiped.rejected) == (1, 0)
        assert wiped.rows > 1000 and wiped.files >= 4
        reads = store.reads()
        tables = [r[0] for r in reads.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE "
            "VIRTUAL%' AND name NOT LIKE 'sqlite_%'")]
        full = [t for t in tables if t not in KEPT_TABLES and not t.endswith(FTS_SHADOWS)
                and reads.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]]  # nosec B608 - identifiers from code, values bound
        assert full == []
        # Full-text indexes keep no segments (their terms): only their structure records.
        segments = {t: reads.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # nosec B608 - identifiers from code, values bound
                    for t in tables if t.endswith("_data")}
        assert len(segments) >= 5 and max(segments.values()) <= 2, segments
        raw = path.read_bytes()
        wal = path.with_name(path.name + "-wal")
        raw += wal.read_bytes() if wal.exists() else b""
        assert [t for t in texts if t.encode() in raw] == []
        assert not (tmp_path / "fieldbook.sqlite3.blobs").exists()
        assert not (tmp_path / "fieldbook.sqlite3.imports").exists()
        assert backup.backups(path) == []
        assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()
                      and not p.name.endswith(("-wal", "-shm"))) == sorted(
            ["fieldbook.sqlite3", *(p.name for p in keep)])
        # The open store goes on: search and a new account work.
        me = AccountService(store, user_id=None)
        me.create_account({"name": "After the wipe", "kind": "customer"})
        assert reads.execute("SELECT name FROM accounts").fetchall() == [("After the wipe",)]
        assert reads.execute("SELECT count(*) FROM account_search WHERE account_search "
                             "MATCH 'wipe'").fetchone() == (1,)
    finally:
        store.close()
    with contextlib.closing(connect(path, key)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
