"""A first load writes a page in one transaction with its cursor while nothing
else waits for the writer, and steps aside for a save within a few rows."""

from __future__ import annotations

import sqlite3
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import wire
from desktop.services.accounts import AccountService
from desktop.store.changes import Changes
from desktop.store.store import Store
from desktop.store.writer import USER, ThreadWriter
from desktop.sync import first_load
from desktop.sync.client import SyncClient
from desktop.sync.transport import Transport
from server.db import Database
from tests.server import factories
from tests.sync.conftest import Replica, ServerProcess, territory_id


def _create_many(replica: Any, n: int) -> None:
    east = territory_id(replica, "EAST")

    def write() -> None:
        for i in range(n):
            replica.accounts.create_account({"name": f"Account {i:04d}", "kind": "customer",
                                             "territory_id": east})
    replica.store.writer.call(write)


def _transactions(replica: Replica) -> list[list[str]]:
    """Statements of the bulk connection, one list per committed transaction (traced)."""
    done: list[list[str]] = []
    current: list[str] = []

    def trace(statement: str) -> None:
        nonlocal current
        current.append(statement.split("(")[0].strip()[:40])
        if statement.strip().upper() == "COMMIT":
            done.append(current)
            current = []
    writer = replica.store.writer
    writer.call(lambda: writer._bulk().set_trace_callback(trace))
    return done


def threaded_rep(server: ServerProcess, admin_db: Database, tmp_path: Path
                 ) -> tuple[uuid.UUID, ThreadWriter, Store, SyncClient]:
    """Bob (EAST) on a cache of his own with a writer thread, as the app runs it:
    a save submitted from another thread waits in its queue."""
    bob = factories.user(admin_db, "bob", "rep", ("EAST",))
    path = tmp_path / "bob.sqlite3"
    writer = ThreadWriter(path)
    store = Store(path, writer=writer)
    client = SyncClient(path, Transport(server.url, factories.token(admin_db, bob)),
                        user_id=bob.hex, pull_page=10_000, writer=writer)
    return bob, writer, store, client


def test_with_nothing_waiting_a_page_and_its_cursor_commit_together(
        make_replica: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(first_load, "HOLD_SECONDS", 60.0)  # a slow machine: still one
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    _create_many(ann, 1200)
    ann.sync()
    committed = _transactions(bob)
    heard: list[Changes] = []
    bob.client.on_changes = heard.append
    pages: list[int] = []
    fetch = bob.client.transport.post

    def counting(path: str, body: Any) -> Any:
        page = fetch(path, body)
        if path == "/v1/pull":
            pages.append(sum(len(t["rows"]) for t in page.get("tables", {}).values()))
        return page
    bob.client.transport.post = counting  # type: ignore[method-assign]
    report = bob.sync()
    assert report.pulled >= 1200 and sum(pages) == report.pulled
    with_rows = [t for t in committed if any(s.startswith("INSERT INTO accounts") for s in t)]
    assert with_rows, "no transaction wrote accounts"
    # Each of them also moved the cursor: no chunk committed alone.
    for statements in with_rows:
        assert any("sync_state" in s for s in statements)
    # One transaction per page that held rows (the 25 ms chunks made several).
    data = {f"INSERT INTO {name}" for name in wire.tables()}
    assert len([t for t in committed if data & set(t)]) == len([p for p in pages if p])
    # Views hear "reload", never 1,200 ids one by one.
    assert heard and all(c.everything for c in heard)
    assert len(bob.rows("SELECT id FROM accounts")) == len(ann.rows("SELECT id FROM accounts"))


def test_a_save_during_a_first_load_runs_within_one_step_of_rows(
        make_replica: Any, server: ServerProcess, admin_db: Database, tmp_path: Path) -> None:
    ann = make_replica("ann")
    ann.sync()
    _create_many(ann, 3 * first_load.STEP_ROWS + 100)
    ann.sync()
    east = territory_id(ann, "EAST")
    bob, writer, store, client = threaded_rep(server, admin_db, tmp_path)
    inserted = 0
    seen_at_save: list[int] = []
    saved: list[uuid.UUID] = []

    def save() -> None:  # a rep's new account, as the form saves it
        seen_at_save.append(inserted)
        saved.append(AccountService(store, user_id=bob).create_account(
            {"name": "Saved during the load", "kind": "customer", "territory_id": east}).id)

    def on_row(_rowid: int) -> int:
        nonlocal inserted
        inserted += 1
        if inserted == 1:  # the load has begun: the rep saves, from the GUI's side
            threading.Thread(target=lambda: writer.submit(save, USER).result()).start()
            deadline = time.monotonic() + 10
            while not writer.waiting() and time.monotonic() < deadline:
                time.sleep(0.001)
        return 0

    def hook() -> None:
        conn: sqlite3.Connection = writer._bulk()
        conn.create_function("on_row", 1, on_row)
        conn.execute("CREATE TEMP TRIGGER count_rows AFTER INSERT ON main.accounts "
                     "BEGIN SELECT on_row(NEW.rowid); END")
    writer.call(hook)
    try:
        report = client.sync()
        found = store.reads().execute("SELECT name FROM accounts WHERE id = ?",
                                      (saved[0].hex,)).fetchall()
    finally:
        client.transport.close()
        client.close()
        store.close()
    # The whole page came in one pull, yet the save ran after the step of rows
    # in hand, long before the page ended (0 < rows before it <= one step).
    assert report.pulled > inserted > 3 * first_load.STEP_ROWS
    assert seen_at_save and 1 <= seen_at_save[0] <= first_load.STEP_ROWS
    assert found == [("Saved during the load",)]
