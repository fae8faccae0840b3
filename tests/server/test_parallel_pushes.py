"""Pushes in parallel on PostgreSQL (issue 18, item 3; ``server.db``).

A push reads, merges and writes its rows with provisional versions while other
pushes do the same; only the final stamp takes the version clock. These tests
hold a push *before* its stamp and show that another push completes meanwhile,
that a pull never sees (or steps over) the held push's rows, that the held
push's versions, stamped last, land above the cursor every puller holds, and
that two pushes editing one row still merge one after the other.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import pytest
from sqlalchemy import func, select

from server.db import Database
from server.push import push
from server.rows import table_of
from server.tables import audit_log
from tests.server import factories
from tests.server.stalling import StallingDatabase
from tests.server.test_concurrent_pushes import two_reps_and_a_reader, writers_and_a_puller
from tests.server.test_push_pull import NOW, account, create, pull, rows_of


@pytest.fixture
def pg_db(server_db: Database) -> Database:
    if server_db.is_sqlite:
        pytest.skip("SQLite has one writer: pushes there stay serial")
    return server_db


def _ids(page: dict[str, Any]) -> dict[str, int]:
    return {r["id"]: r["version"] for r in rows_of(page, "accounts")}


def _held(url: str) -> tuple[StallingDatabase, threading.Event, threading.Event]:
    holding, release = threading.Event(), threading.Event()

    def stall() -> None:
        holding.set()
        assert release.wait(20)
    return StallingDatabase(url, stall, before_stamp=True), holding, release


def test_a_push_completes_while_an_earlier_one_is_unstamped(pg_db: Database) -> None:
    ann, bob, reader, east, cursor = two_reps_and_a_reader(pg_db)
    held, holding, release = _held(pg_db.url)
    first, second = account(east, name="First"), account(east, name="Second")
    results: dict[str, Any] = {}
    ann_client = uuid.uuid4()
    slow = threading.Thread(target=lambda: results.__setitem__("first", push(
        held, ann, ann_client, [create(1, first)], NOW)))
    slow.start()
    try:
        assert holding.wait(20)  # written, provisional, not stamped
        # Another push runs to its commit meanwhile: no lock held it up.
        results["second"] = push(pg_db, bob, uuid.uuid4(), [create(1, second)], NOW)
        v_second = results["second"]["results"][0]["version"]
        assert cursor < v_second == results["second"]["head"]
        between = pull(pg_db, reader, cursor, 100)
        assert _ids(between) == {second["id"]: v_second}  # the held row is invisible
        assert between["cursor"] == v_second
    finally:
        release.set()
        slow.join(20)
        held.dispose()
    v_first = results["first"]["results"][0]["version"]
    assert v_first > v_second  # stamped last: above the cursor the reader holds
    after = pull(pg_db, reader, between["cursor"], 100)
    assert _ids(after) == {first["id"]: v_first}
    accounts = table_of("accounts")
    with pg_db.read() as conn:  # nothing provisional is left behind
        lowest = conn.execute(select(func.min(accounts.c.sync_version),
                                     func.min(audit_log.c.version))).one()
    assert lowest[0] > 0 and lowest[1] > 0
    # The stored result (a replay's answer) holds the final version too.
    replay = push(pg_db, ann, ann_client, [create(1, first)], NOW)["results"][0]
    assert replay["replayed"] and replay["version"] == v_first


def test_two_pushes_editing_one_row_merge_in_turn(pg_db: Database) -> None:
    ann = factories.user(pg_db, "ann", "rep", ("EAST",))
    bob = factories.user(pg_db, "bob", "rep", ("EAST",))
    east = factories.territory(pg_db, "EAST")
    row = account(east, name="Shared", notes="start")
    push(pg_db, ann, uuid.uuid4(), [create(1, row)], NOW)

    def edit(notes: str) -> dict[str, Any]:
        return {"seq": 1, "table": "accounts", "id": row["id"], "op": "upsert",
                "base": {"notes": "start"}, "changes": {"notes": notes}}
    held, holding, release = _held(pg_db.url)
    results: dict[str, Any] = {}
    slow = threading.Thread(target=lambda: results.__setitem__("ann", push(
        held, ann, uuid.uuid4(), [edit("by ann")], NOW)))
    slow.start()
    assert holding.wait(20)
    fast = threading.Thread(target=lambda: results.__setitem__("bob", push(
        pg_db, bob, uuid.uuid4(), [edit("by bob")], NOW)))
    fast.start()
    time.sleep(0.5)
    assert "bob" not in results  # waits for ann's row, which ann's push holds
    release.set()
    slow.join(20)
    fast.join(20)
    held.dispose()
    assert results["ann"]["results"][0]["conflicts"] == 0
    # Bob merged against ann's committed edit, not the row he first saw:
    # the lost value is recorded as a conflict instead of vanishing.
    assert results["bob"]["results"][0]["conflicts"] == 1
    assert results["bob"]["results"][0]["version"] > results["ann"]["results"][0]["version"]


def test_a_puller_misses_nothing_while_parallel_pushes_commit_out_of_order(
        pg_db: Database) -> None:
    writers_and_a_puller(pg_db, before_stamp=True)


def test_a_push_sent_again_while_it_runs_is_answered_as_a_replay(pg_db: Database) -> None:
    """A client that gave up waiting sends the same push again while the
    first is still running: the second answers with the first's results, and
    the edit is applied (and audited) once."""
    ann = factories.user(pg_db, "ann", "rep", ("EAST",))
    east = factories.territory(pg_db, "EAST")
    row = account(east, name="Twice", notes="start")
    push(pg_db, ann, uuid.uuid4(), [create(1, row)], NOW)
    client = uuid.uuid4()
    batch = [{"seq": 5, "table": "accounts", "id": row["id"], "op": "upsert",
              "base": {"notes": "start"}, "changes": {"notes": "once"}}]
    held, holding, release = _held(pg_db.url)
    results: dict[str, Any] = {}
    first = threading.Thread(target=lambda: results.__setitem__("first", push(
        held, ann, client, batch, NOW)))
    first.start()
    assert holding.wait(20)
    again = threading.Thread(target=lambda: results.__setitem__("again", push(
        pg_db, ann, client, batch, NOW)))
    again.start()
    time.sleep(0.5)
    release.set()
    first.join(20)
    again.join(20)
    held.dispose()
    applied, replayed = results["first"]["results"][0], results["again"]["results"][0]
    assert applied["status"] == "applied" and "replayed" not in applied
    assert replayed["replayed"] and replayed["version"] == applied["version"]
    with pg_db.read() as conn:
        entries = conn.execute(select(audit_log.c.version).where(
            audit_log.c.client_id == client)).scalars().all()
    assert entries == [applied["version"]]
