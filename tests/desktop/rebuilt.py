"""What a rollup's rebuild gives, read without keeping it: for the tests that
check triggers against a fresh computation (test_activity_rollup; the forecast
and trends tests have their own copies)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def rebuilt(conn: sqlite3.Connection, statements: Iterable[str],
            read: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``statements`` on the live tables inside a savepoint, ``read``, roll back."""
    conn.execute("SAVEPOINT fresh")
    try:
        for statement in statements:
            conn.execute(statement)
        return read(conn)
    finally:
        conn.execute("ROLLBACK TO fresh")
        conn.execute("RELEASE fresh")


def fresh_cache(path: Path) -> sqlite3.Connection:
    """A migrated cache at ``path``, opened in autocommit with a transaction begun."""
    from desktop.store.store import Store

    Store(path).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    return conn
