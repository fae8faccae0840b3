"""Pages that end inside several tables at once: a page's end is found by one
merged probe across tables (server.pull), so each page holds at most ``limit``
rows, all above the page before, every row of the scope once and nothing
outside it."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.domain import wire
from server.db import Database
from server.push import push
from tests.server import factories
from tests.server.test_push_pull import STAMP, account, create, pull

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


def _contact(account_id: str, name: str) -> dict[str, Any]:
    row: dict[str, Any] = {n: None for n in wire.tables()["contacts"].names}
    row.update(id=uuid.uuid4().hex, account_id=account_id, first_name=name, last_name="Y",
               do_not_contact=False, archived=False, created_at=STAMP, updated_at=STAMP)
    return row


@pytest.fixture
def book(server_db: Database) -> tuple[uuid.UUID, set[str], int]:
    """Ann's accounts and contacts interleaved in version order with Wes's (another
    territory); returns Ann, the ids she may read, and the cursor before them."""
    ann = factories.user(server_db, "ann", "rep", ("EAST",))
    wes = factories.user(server_db, "wes", "rep", ("WEST",))
    east, west = factories.territory(server_db, "EAST"), factories.territory(server_db, "WEST")
    start = pull(server_db, ann, 0, 1000)["cursor"]
    mine: set[str] = set()
    for n in range(6):
        for user, territory in ((ann, east), (wes, west)):
            acc = account(territory, name=f"Acme {n}")
            people = [_contact(acc["id"], f"P{n}{k}") for k in range(n % 3)]
            result = push(server_db, user, uuid.uuid4(),
                          [create(1, acc), *(create(2 + k, p, "contacts")
                                             for k, p in enumerate(people))], NOW)
            assert {r["status"] for r in result["results"]} == {"applied"}
            if user == ann:
                mine |= {acc["id"], *(p["id"] for p in people)}
    return ann, mine, start


@pytest.mark.parametrize("limit", [1, 2, 5])
def test_pages_across_tables_hold_the_scope_once_in_order(
        server_db: Database, book: tuple[uuid.UUID, set[str], int], limit: int) -> None:
    ann, mine, cursor = book
    seen: list[tuple[int, str]] = []
    for _ in range(100):
        page = pull(server_db, ann, cursor, limit)
        rows = [(r[0], r[1 + part["fields"].index("id")])
                for part in page["tables"].values() for r in part["rows"]]
        assert len(rows) <= limit
        for part in page["tables"].values():  # each table's rows oldest first (parents first)
            assert [r[0] for r in part["rows"]] == sorted(r[0] for r in part["rows"])
        assert all(cursor < version <= page["cursor"] for version, _ in rows)
        seen += rows
        cursor = page["cursor"]
        if not page["more"]:
            break
    assert sorted(row_id for _, row_id in seen) == sorted(mine)
    versions = [v for v, _ in seen]  # ordered by page; inside a page, table by table
    assert len(set(versions)) == len(versions)
    assert pull(server_db, ann, cursor, limit)["tables"] == {}
