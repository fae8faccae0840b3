"""Push and pull on the server's own functions, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.domain import wire
from server.db import Database
from server.pull import pull as pull_page
from server.push import ClientIdReused, push
from tests.server import factories

NOW = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
STAMP = "2026-11-02 09:00:00.000000"


def account(territory: uuid.UUID, **values: Any) -> dict[str, Any]:
    row = {name: None for name in wire.tables()["accounts"].names}
    row.update(id=uuid.uuid4().hex, name="Acme", kind="customer", status="active",
               billing_country="US", currency="USD", locale="en_US", tags=[], archived=False,
               territory_id=territory.hex, created_at=STAMP, updated_at=STAMP)
    row.update(values)
    return row


def create(seq: int, row: dict[str, Any], table: str = "accounts") -> dict[str, Any]:
    return {"seq": seq, "table": table, "id": row["id"], "op": "upsert", "base": None,
            "changes": row}


def pull(db: Database, user: uuid.UUID, cursor: int, limit: int) -> dict[str, Any]:
    return json.loads(pull_page(db, user, cursor, limit))  # type: ignore[no-any-return]


def rows_of(page: dict[str, Any], table: str) -> list[dict[str, Any]]:
    part = page["tables"].get(table)
    if not part:
        return []
    return [dict(zip(["version", *part["fields"]], r, strict=True)) for r in part["rows"]]


@pytest.fixture
def east(server_db: Database) -> tuple[uuid.UUID, uuid.UUID]:
    uid = factories.user(server_db, "ann", "rep", ("EAST",))
    return uid, factories.territory(server_db, "EAST")


def test_push_then_pull_round_trip(server_db: Database, east: Any) -> None:
    uid, tid = east
    client = uuid.uuid4()
    row = account(tid, tags=["key", "north"])
    result = push(server_db, uid, client, [create(1, row)], NOW)
    assert [r["status"] for r in result["results"]] == ["applied"]
    page = pull(server_db, uid, 0, 100)
    [pulled] = rows_of(page, "accounts")
    assert pulled["name"] == "Acme" and pulled["tags"] == ["key", "north"]
    assert pulled["version"] == page["head"] == page["cursor"]
    assert not page["more"]


def test_replayed_push_returns_the_stored_result_and_changes_nothing(
        server_db: Database, east: Any) -> None:
    uid, tid = east
    client = uuid.uuid4()
    batch = [create(1, account(tid))]
    first = push(server_db, uid, client, batch, NOW)
    again = push(server_db, uid, client, batch, NOW)
    assert again["results"][0]["replayed"] is True
    assert again["results"][0]["version"] == first["results"][0]["version"]
    assert again["head"] == first["head"]
    with pytest.raises(ClientIdReused):
        push(server_db, uid, client, [create(1, account(tid, name="Other"))], NOW)


def test_invalid_mutation_in_the_middle_is_rejected_alone(server_db: Database, east: Any) -> None:
    uid, tid = east
    good1, good2 = account(tid, name="One"), account(tid, name="Two")
    bad = account(tid, kind="spaceship")
    result = push(server_db, uid, uuid.uuid4(),
                  [create(1, good1), create(2, bad), create(3, good2)], NOW)
    assert [r["status"] for r in result["results"]] == ["applied", "rejected", "applied"]
    assert "spaceship" in result["results"][1]["reason"]
    names = sorted(r["name"] for r in rows_of(pull(server_db, uid, 0, 100), "accounts"))
    assert names == ["One", "Two"]


def test_rep_cannot_write_or_read_another_territory(server_db: Database, east: Any) -> None:
    uid, _ = east
    west = factories.territory(server_db, "WEST")
    other = factories.user(server_db, "wes", "rep", ("WEST",))
    theirs = account(west, name="Westco")
    push(server_db, other, uuid.uuid4(), [create(1, theirs)], NOW)
    # Ann tries to create in WEST, to edit Westco, and to hang a contact on it.
    contact = {n: None for n in wire.tables()["contacts"].names}
    contact.update(id=uuid.uuid4().hex, account_id=theirs["id"], first_name="X", last_name="Y",
                   do_not_contact=False, archived=False, created_at=STAMP, updated_at=STAMP)
    attempts = [
        create(1, account(west, name="Sneaky")),
        {"seq": 2, "table": "accounts", "id": theirs["id"], "op": "upsert",
         "base": {"name": "Westco"}, "changes": {"name": "Mine now"}},
        create(3, contact, "contacts"),
    ]
    result = push(server_db, uid, uuid.uuid4(), attempts, NOW)
    assert [r["status"] for r in result["results"]] == ["rejected"] * 3
    assert all("outside your territories" in r["reason"] for r in result["results"])
    assert rows_of(pull(server_db, uid, 0, 100), "accounts") == []
    [westco] = rows_of(pull(server_db, other, 0, 100), "accounts")
    assert westco["name"] == "Westco"


def test_pull_pages_cover_every_row_once(server_db: Database, east: Any) -> None:
    uid, tid = east
    rows = [account(tid, name=f"A{i:03}") for i in range(57)]
    push(server_db, uid, uuid.uuid4(), [create(i + 1, r) for i, r in enumerate(rows)], NOW)
    cursor, seen, pages = 0, [], 0
    while True:
        page = pull(server_db, uid, cursor, 10)
        seen += [r["name"] for r in rows_of(page, "accounts")]
        cursor, pages = page["cursor"], pages + 1
        if not page["more"]:
            break
    assert sorted(seen) == sorted(r["name"] for r in rows)
    assert len(seen) == len(set(seen))
    assert pages == 6  # 57 accounts, 1 user and 1 territory in pages of 10


def test_moving_an_account_evicts_it_for_the_old_territory(server_db: Database) -> None:
    admin = factories.user(server_db, "root", "admin")
    ann = factories.user(server_db, "ann", "rep", ("EAST",))
    east, west = factories.territory(server_db, "EAST"), factories.territory(server_db, "WEST")
    row = account(east)
    push(server_db, admin, uuid.uuid4(), [create(1, row)], NOW)
    cursor = pull(server_db, ann, 0, 100)["cursor"]
    push(server_db, admin, uuid.uuid4(), [{
        "seq": 1, "table": "accounts", "id": row["id"], "op": "upsert",
        "base": {"territory_id": east.hex}, "changes": {"territory_id": west.hex}}], NOW)
    page = pull(server_db, ann, cursor, 100)
    assert page["evict"] == [row["id"]]
    assert rows_of(page, "accounts") == []


def test_mutations_apply_in_the_clients_order(server_db: Database, east: Any) -> None:
    uid, tid = east
    row = account(tid, name="v0")
    edits = [{"seq": i + 2, "table": "accounts", "id": row["id"], "op": "upsert",
              "base": {"name": f"v{i}"}, "changes": {"name": f"v{i + 1}"}} for i in range(5)]
    result = push(server_db, uid, uuid.uuid4(), [create(1, row), *edits], NOW)
    assert all(r["status"] == "applied" and r["conflicts"] == 0 for r in result["results"])
    versions = [r["version"] for r in result["results"]]
    assert versions == sorted(versions)
    [final] = rows_of(pull(server_db, uid, 0, 100), "accounts")
    assert final["name"] == "v5"
