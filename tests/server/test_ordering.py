"""Invariant 5: versions are handed out in commit order, so a pull cursor
can never step over a transaction that commits late."""

from __future__ import annotations

import threading
import time
import uuid
from datetime import UTC, datetime

from sqlalchemy import insert

from desktop.domain.schema.entities import Territory
from server.db import Database
from tests.server import factories
from tests.server.test_push_pull import pull

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _add_territory(txn: object, code: str) -> int:
    version = txn.next_version()  # type: ignore[attr-defined]
    txn.conn.execute(insert(Territory.__table__).values(  # type: ignore[attr-defined]
        id=uuid.uuid4(), code=code, name=code, created_at=NOW, updated_at=NOW,
        sync_version=version))
    return version  # type: ignore[no-any-return]


def test_a_late_commit_is_never_skipped(server_db: Database) -> None:
    reader = factories.user(server_db, "reader", "admin")
    cursor = pull(server_db, reader, 0, 100)["cursor"]
    first_open = threading.Event()
    release_first = threading.Event()
    versions: dict[str, int] = {}

    def slow() -> None:
        with server_db.write() as txn:
            versions["slow"] = _add_territory(txn, "SLOW")
            first_open.set()
            release_first.wait(10)

    def fast() -> None:
        with server_db.write() as txn:
            versions["fast"] = _add_territory(txn, "FAST")

    t_slow = threading.Thread(target=slow)
    t_slow.start()
    assert first_open.wait(10)
    t_fast = threading.Thread(target=fast)
    t_fast.start()
    time.sleep(0.5)
    # While the slow transaction is open, the fast one cannot take a version,
    # and a pull sees neither: its cursor stays below the open transaction.
    assert "fast" not in versions
    page = pull(server_db, reader, cursor, 100)
    assert page["tables"] == {} and page["cursor"] == cursor
    release_first.set()
    t_slow.join(10)
    t_fast.join(10)
    assert versions["slow"] < versions["fast"]
    page = pull(server_db, reader, cursor, 100)
    codes = [row[1 + page["tables"]["territories"]["fields"].index("code")]
             for row in page["tables"]["territories"]["rows"]]
    assert codes == ["SLOW", "FAST"]
