"""Backups: a rolling daily copy, a preview of what one holds, and a restore
that brings back the cache exactly as it was."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop import backup
from desktop.services.container import Services
from desktop.settings import SettingsFile

NOW = datetime(2026, 12, 7, 9, 30, tzinfo=UTC)


def contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, sorted: two caches with equal contents compare equal."""
    conn = sqlite3.connect(db)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            " AND name NOT LIKE '%search%' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        conn.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30-account demo book, written once for the module."""
    from desktop.demo.generator import generate

    folder = tmp_path_factory.mktemp("demo")
    svc = Services.open(folder / "demo.sqlite3", SettingsFile(folder / "settings.json"))
    generate(svc.store, accounts=30, seed=3)
    svc.close()
    return folder / "demo.sqlite3"


@pytest.fixture
def book(demo_file: Path, tmp_path: Path) -> Iterator[Services]:
    backup.copy_to(demo_file, tmp_path / "cache.sqlite3")
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"))
    yield svc
    svc.close()


def test_a_backup_restores_to_an_identical_cache(book: Services) -> None:
    db = book.store.path
    before = contents(db)
    copy = backup.back_up(db, NOW)
    assert copy.parent == db.parent / "backups" and copy.name == "cache.20261207-093000.sqlite3"
    assert not list(copy.parent.glob("*.partial"))
    # The rep goes on working: an account changes, one is added, one is deleted.
    conn = sqlite3.connect(db)
    conn.execute("UPDATE accounts SET name = 'Changed after the backup' "
                 "WHERE rowid = (SELECT min(rowid) FROM accounts)")
    conn.execute("DELETE FROM interactions WHERE rowid IN "
                 "(SELECT rowid FROM interactions LIMIT 5)")
    conn.commit()
    conn.close()
    assert contents(db) != before
    changes = backup.restore(book.store, copy, NOW + timedelta(hours=1))
    assert changes.everything
    assert contents(db) == before
    # The store's own connections read the restored cache.
    names = [r[0] for r in book.store.reads().execute("SELECT name FROM accounts")]
    assert "Changed after the backup" not in names and len(names) == 30
    # The cache as it was before the restore is kept too.
    kept = db.parent / "backups" / "cache.20261207-103000.before-restore.sqlite3"
    assert kept.exists()
    assert backup.backups(db) == [copy]  # the safety copy is not one of the rolling seven


def test_the_preview_counts_what_the_backup_holds(book: Services) -> None:
    db = book.store.path
    copy = backup.back_up(db, NOW)
    summary = backup.summarise(copy)
    live = sqlite3.connect(db)
    expected = {t: live.execute(f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL")
                .fetchone()[0] for t in backup.COUNTED}
    latest = live.execute("SELECT max(updated_at) FROM interactions").fetchone()[0]
    live.close()
    assert summary.counts == expected and summary.counts["accounts"] == 30
    assert summary.made == NOW
    assert summary.last_change is not None
    assert summary.last_change >= datetime.fromisoformat(latest).replace(tzinfo=UTC)
    assert summary.revision is not None


def test_one_backup_a_day_and_the_newest_seven_kept(book: Services) -> None:
    db = book.store.path
    made = [backup.daily(db, NOW + timedelta(days=n)) for n in range(10)]
    assert all(made)
    assert backup.daily(db, NOW + timedelta(days=9, hours=3)) is None  # already one today
    kept = backup.backups(db)
    assert len(kept) == backup.KEEP
    assert kept[0] == made[-1] and kept[-1] == made[3]


def test_a_file_that_is_not_a_cache_is_refused(book: Services, tmp_path: Path) -> None:
    bogus = tmp_path / "notes.20261201-000000.sqlite3"
    conn = sqlite3.connect(bogus)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = contents(book.store.path)
    with pytest.raises(ValueError, match="not a Fieldbook cache"):
        backup.restore(book.store, bogus, NOW)
    assert contents(book.store.path) == before
