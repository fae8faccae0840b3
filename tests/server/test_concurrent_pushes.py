"""The pull cursor under concurrent pushes (issue 18, item 3).

A pull hands back a cursor; the next pull asks only for versions above it. If
a push could commit a version *below* a cursor some puller already holds, that
puller would skip it for ever. Pushes take their versions under the one write
lock (``server.db``), so versions follow commit order; these tests try to
break that through the push path itself, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import threading
import time
import uuid
from typing import Any

from server.db import Database
from server.push import push
from tests.server import factories
from tests.server.stalling import StallingDatabase
from tests.server.test_push_pull import NOW, account, create, pull, rows_of


def _ids(page: dict[str, Any]) -> dict[str, int]:
    return {r["id"]: r["version"] for r in rows_of(page, "accounts")}


def two_reps_and_a_reader(db: Database) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID, uuid.UUID,
                                                  int]:
    """Ann and Bob in EAST, an admin reader, EAST's id and the reader's cursor."""
    ann = factories.user(db, "ann", "rep", ("EAST",))
    bob = factories.user(db, "bob", "rep", ("EAST",))
    reader = factories.user(db, "reader", "admin")
    east = factories.territory(db, "EAST")
    return ann, bob, reader, east, pull(db, reader, 0, 100)["cursor"]


def test_a_push_holding_an_earlier_version_is_never_skipped(server_db: Database) -> None:
    ann, bob, reader, east, cursor = two_reps_and_a_reader(server_db)
    holding, release = threading.Event(), threading.Event()

    def stall() -> None:  # the push has its version and waits to commit
        holding.set()
        assert release.wait(20)
    stalling = StallingDatabase(server_db.url, stall)

    first, second = account(east, name="First"), account(east, name="Second")
    results: dict[str, Any] = {}
    slow = threading.Thread(target=lambda: results.__setitem__("first", push(
        stalling, ann, uuid.uuid4(), [create(1, first)], NOW)))
    slow.start()
    assert holding.wait(20)
    fast = threading.Thread(target=lambda: results.__setitem__("second", push(
        server_db, bob, uuid.uuid4(), [create(1, second)], NOW)))
    fast.start()
    time.sleep(0.5)
    # The second push cannot take a version (let alone commit) while the first
    # holds one; a pull now returns neither, and its cursor stays below both.
    assert "second" not in results
    between = pull(server_db, reader, cursor, 100)
    assert _ids(between) == {} and between["cursor"] == cursor
    release.set()
    slow.join(20)
    fast.join(20)
    stalling.dispose()
    v_first = results["first"]["results"][0]["version"]
    v_second = results["second"]["results"][0]["version"]
    assert cursor < v_first < v_second  # versions in commit order
    after = pull(server_db, reader, between["cursor"], 100)
    assert _ids(after) == {first["id"]: v_first, second["id"]: v_second}


def test_a_puller_during_many_concurrent_pushes_misses_nothing(server_db: Database) -> None:
    """Four writers with random stalls inside their transactions and a reader
    pulling all the while: everything acknowledged reaches the reader, once."""
    writers_and_a_puller(server_db, before_stamp=False)


def writers_and_a_puller(server_db: Database, before_stamp: bool) -> None:
    """Four writers stalling at random (after their versions are stamped, or
    ``before_stamp``) and a reader pulling all the while: everything
    acknowledged reaches the reader, once."""
    east = factories.territory(server_db, "EAST")
    reps = [factories.user(server_db, f"rep{i}", "rep", ("EAST",)) for i in range(4)]
    reader = factories.user(server_db, "reader", "admin")
    acknowledged: dict[str, int] = {}
    seen: dict[str, int] = {}
    done = threading.Event()
    errors: list[BaseException] = []

    def writer(user: uuid.UUID, seed: int) -> None:
        rng, client = random.Random(seed), uuid.uuid4()
        db = StallingDatabase(server_db.url, lambda: time.sleep(rng.choice((0.0, 0.01, 0.05))),
                              before_stamp=before_stamp)
        try:
            for seq in range(1, 6):
                rows = [account(east, name=f"r{seed}-{seq}-{k}") for k in range(3)]
                answer = push(db, user, client,
                              [create(seq * 10 + k, r) for k, r in enumerate(rows)], NOW)
                for row, result in zip(rows, answer["results"], strict=True):
                    assert result["status"] == "applied"
                    acknowledged[row["id"]] = result["version"]
        except BaseException as exc:  # noqa: BLE001 - reported on the test's thread
            errors.append(exc)
        finally:
            db.dispose()

    def reader_loop() -> None:
        cursor = 0
        try:
            while True:
                finished = done.is_set()  # read before the pull: the last pull is after all
                page = pull(server_db, reader, cursor, 7)
                for row_id, version in _ids(page).items():
                    assert version > cursor
                    assert row_id not in seen  # each version arrives once
                    seen[row_id] = version
                cursor = page["cursor"]
                if finished and not page["more"]:
                    return
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    writers = [threading.Thread(target=writer, args=(u, i)) for i, u in enumerate(reps)]
    puller = threading.Thread(target=reader_loop)
    puller.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join(60)
    done.set()
    puller.join(60)
    assert not errors, errors
    assert len(acknowledged) == 4 * 5 * 3
    assert seen == acknowledged
