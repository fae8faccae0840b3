"""Connection settings every cache connection gets, ORM or not."""

from __future__ import annotations

from typing import Any

PRAGMAS = (
    # Each saved edit must survive a power cut: WAL + synchronous=FULL.
    "PRAGMA journal_mode=WAL",
    "PRAGMA synchronous=FULL",
    "PRAGMA foreign_keys=ON",
    "PRAGMA busy_timeout=5000",
    "PRAGMA cache_size=-16000",  # 16 MB page cache per connection
)


def apply(dbapi_connection: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in PRAGMAS:
        cursor.execute(pragma)
    cursor.close()
