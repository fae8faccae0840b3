"""Bring a cache file to the current schema, backing it up first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.cipher import CacheKey, OperationalError, connect
from desktop.store.migrations import HEAD

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from desktop.store.store import Store

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except OperationalError:  # no such table: a new, empty file
        return None
    return row[0] if row else None


def backup_file(path: Path, now: datetime | None = None, key: CacheKey | None = None) -> Path:
    """Copy the cache consistently (WAL included) next to itself, timestamped
    (encrypted with ``key`` when the cache is)."""
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{stamp}.backup{path.suffix}")
    n = 1
    while target.exists():  # two upgrades in one second keep both backups
        n += 1
        target = path.with_name(f"{path.stem}.{stamp}-{n}.backup{path.suffix}")
    src = connect(path, key)
    try:
        dst = connect(target, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, revision: str = "head") -> None:
    # Alembic is imported only when a migration runs: it costs start-up time.
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def ensure_current(store: Store) -> Path | None:
    """Migrate an older cache to HEAD. Returns the backup's path if one was made."""
    revision = current_revision(store.reads())
    if revision == HEAD:
        return None
    backup = backup_file(store.path, key=store.key) if revision is not None else None
    upgrade(store.engine)
    return backup
