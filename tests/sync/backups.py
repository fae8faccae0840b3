"""Back up and restore a stopped server's database, as an administrator would:
a file copy for SQLite, a template copy for PostgreSQL."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, make_url, text

from tests.server.conftest import PG_ADMIN


def _sqlite_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _pg(statement: str) -> None:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


def backup(url: str, folder: Path) -> str:
    """Copy the (stopped) database; returns where the copy is."""
    if url.startswith("sqlite"):
        source = _sqlite_file(url)
        conn = sqlite3.connect(source)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the WAL into the file
        conn.close()
        target = folder / f"backup-{len(list(folder.glob('backup-*')))}.sqlite3"
        shutil.copy(source, target)
        return str(target)
    name = make_url(url).database
    copy = f"{name}_backup_{uuid.uuid4().hex[:8]}"
    _pg(f'DROP DATABASE IF EXISTS "{copy}"')
    _pg(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return copy


def restore(url: str, copy: str) -> None:
    """Put a backup back in place of the (stopped) database."""
    if url.startswith("sqlite"):
        target = _sqlite_file(url)
        shutil.copy(copy, target)
        for suffix in ("-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        return
    name = make_url(url).database
    _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg(f'CREATE DATABASE "{name}" TEMPLATE "{copy}"')
    _pg(f'DROP DATABASE IF EXISTS "{copy}"')


def run_sql(url: str, *statements: str) -> None:
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            for statement in statements:
                conn.execute(text(statement))
    finally:
        engine.dispose()


def taken(server: Any, admin_db: Any, folder: Path) -> str:
    """A backup of a running test server's database (stopped for the copy)."""
    server.stop()
    admin_db.dispose()
    copy = backup(server.db_url, folder)
    server.start()
    return copy


def restored_and_marked(server: Any, copy: str) -> None:
    """The server's database put back to ``copy`` and marked restored (a new epoch)."""
    from server.cli import main

    server.stop()
    restore(server.db_url, copy)
    assert main(["mark-restored", "--database-url", server.db_url]) == 0
    server.start()
