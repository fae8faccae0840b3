"""A database error in one mutation rejects that mutation alone (the batch is
redone with a savepoint per mutation), never the whole push."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from server.db import Database
from server.push import push
from tests.server import factories
from tests.server.test_push_pull import account, create, pull, rows_of

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def test_unique_violation_rejects_only_its_mutation(server_db: Database) -> None:
    admin = factories.user(server_db, "root", "admin")
    tid = factories.territory(server_db, "EAST")
    taken = {"id": uuid.uuid4().hex, "code": "EAST", "name": "Dup", "region": None,
             "created_at": "2026-11-02 09:00:00.000000", "updated_at": "2026-11-02 09:00:00.000000",
             "deleted_at": None}
    batch = [create(1, account(tid, name="Before")), create(2, taken, "territories"),
             create(3, account(tid, name="After"))]
    result = push(server_db, admin, uuid.uuid4(), batch, NOW)
    assert [r["status"] for r in result["results"]] == ["applied", "rejected", "applied"]
    assert "could not store" in result["results"][1]["reason"]
    names = sorted(r["name"] for r in rows_of(pull(server_db, admin, 0, 100), "accounts"))
    assert names == ["After", "Before"]
