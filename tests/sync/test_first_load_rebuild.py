"""The rebuild at a first load's end (search, last contacts) goes a range of
accounts at a time in one transaction while nothing else waits for the writer,
and steps aside for a save after the range in hand."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from desktop.services.accounts import AccountService
from desktop.store import derived
from desktop.store.writer import USER
from desktop.sync import first_load
from server.db import Database
from tests.sync.conftest import ServerProcess, territory_id
from tests.sync.test_first_load_commits import _create_many, _transactions, threaded_rep

RANGE = 100  # accounts per range: the least the rebuild takes


@pytest.fixture
def small_ranges(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_load, "FIRST_RANGE", RANGE)
    monkeypatch.setattr(first_load, "WRITE_SECONDS", 1e-9)  # every range the least


def test_with_nothing_waiting_the_ranges_commit_together(
        make_replica: Any, small_ranges: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_load, "HOLD_SECONDS", 60.0)  # a slow machine: still one
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    _create_many(ann, 12 * RANGE)
    ann.sync()
    committed = _transactions(bob)
    bob.sync()
    rebuilt = [t for t in committed if any(s.startswith("INSERT INTO history_search") for s in t)]
    # Twelve ranges and what is not by account, one commit (it was one per range).
    assert len(rebuilt) == 1
    assert sum(s.startswith("INSERT INTO history_search") for s in rebuilt[0]) >= 12
    assert bob.rows("SELECT count(*) FROM account_search WHERE account_search MATCH 'account'"
                    ) == [(12 * RANGE,)]


def test_a_save_during_the_rebuild_runs_after_one_range(
        make_replica: Any, small_ranges: None, monkeypatch: pytest.MonkeyPatch,
        server: ServerProcess, admin_db: Database, tmp_path: Path) -> None:
    ann = make_replica("ann")
    ann.sync()
    _create_many(ann, 12 * RANGE)
    ann.sync()
    east = territory_id(ann, "EAST")
    bob, writer, store, client = threaded_rep(server, admin_db, tmp_path)
    ranges_done: list[int] = []
    seen_at_save: list[int] = []

    def save() -> None:  # a rep's new account, as the form saves it
        seen_at_save.append(len(ranges_done))
        AccountService(store, user_id=bob).create_account(
            {"name": "Zebra Saved Midway", "kind": "customer", "territory_id": east})

    def on_range(low: int, _high: int) -> int:
        ranges_done.append(low)
        if len(ranges_done) == 1:  # the rebuild has begun: the rep saves
            threading.Thread(target=lambda: writer.submit(save, USER).result()).start()
            deadline = time.monotonic() + 10
            while not writer.waiting() and time.monotonic() < deadline:
                time.sleep(0.001)
        return 0

    ranged = derived.ranged_rebuild
    monkeypatch.setattr(derived, "ranged_rebuild", lambda: [*ranged(), "SELECT on_range(?, ?)"])
    writer.call(lambda: writer._bulk().create_function("on_range", 2, on_range))
    try:
        client.sync()
        conn = store.reads()
        zebra, named = (conn.execute(
            "SELECT count(*) FROM account_search WHERE account_search MATCH ?", (word,)
        ).fetchone()[0] for word in ("zebra", "account"))
    finally:
        client.transport.close()
        client.close()
        store.close()
    assert len(ranges_done) >= 12
    assert seen_at_save == [1]  # after the range in hand, long before the last
    assert (zebra, named) == (1, 12 * RANGE)


def test_with_nothing_to_rebuild_no_write_is_opened(make_replica: Any) -> None:
    """Every pull ends in ``finish``: once the load is done it must not take the
    writer (a save would wait for an empty transaction on every sync)."""
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    _create_many(ann, 3)
    ann.sync()
    bob.sync()  # the first load, rebuilt
    committed = _transactions(bob)
    first_load.finish(bob.client.local)
    assert committed == []
