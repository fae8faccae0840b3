"""A first load runs with no trigger program per row: the bulk tables' triggers
and indexes and the other synced tables' suspended triggers are set aside while
the pages go in, and every one of them is back afterwards (killed or not), with
search and last-contact data equal to a whole rebuild's."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import wire
from desktop.domain.schema.base import bulk_tables
from desktop.store import derived
from desktop.store.store import Store
from desktop.sync import first_load, paging
from tests.sync.conftest import Replica, territory_id

SCHEMA = ("SELECT type, name, tbl_name, sql FROM sqlite_master "
          "WHERE type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY type, name")


def _schema(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(SCHEMA).fetchall()
    finally:
        conn.close()


def _fresh(tmp_path: Path) -> list[tuple[Any, ...]]:
    """The indexes and triggers of a freshly migrated cache."""
    path = tmp_path / "fresh.sqlite3"
    Store(path).close()
    return _schema(path)


def _book(ann: Replica, accounts: int = 12) -> None:
    """Accounts with contacts and a history: visits, calls, a note, a deleted call."""
    east = territory_id(ann, "EAST")
    start = datetime(2026, 3, 2, 9, tzinfo=UTC)
    for i in range(accounts):
        acc = ann.accounts.create_account({"name": f"Harbour {i:02d} Supplies", "kind": "customer",
                                           "territory_id": east, "billing_city": "Bristol"}).id
        person = ann.accounts.add_contact(acc, {"first_name": f"Zelda{i}",
                                                "last_name": "Quarrington"}).id
        if i % 3 != 2:  # every third account: a note only (no last contact)
            ann.history.log_interaction(acc, {"channel": "visit", "subject": f"Visit {i}",
                                              "contact_id": person,
                                              "occurred_at": start + timedelta(days=i)})
            call = ann.history.log_interaction(acc, {"channel": "phone", "subject": "Later call",
                                                     "occurred_at": start + timedelta(days=i + 40)})
            ann.history.delete_interaction(call.id)  # the visit stays the last contact
        ann.history.log_interaction(acc, {"channel": "note", "subject": f"Lighthouse note {i}",
                                          "occurred_at": start + timedelta(days=i + 80)})
    ann.sync()


def _derived_data(path: Path) -> dict[str, list[str]]:
    """Every table the synced rows do not fill (search, rollups, ...), sorted,
    and the accounts' last contact."""
    conn = sqlite3.connect(path)
    try:
        tables = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' "
                              "AND name NOT LIKE 'sqlite_%'").fetchall()
        virtual = [n for n, sql in tables if sql.upper().startswith("CREATE VIRTUAL")]
        out: dict[str, list[str]] = {}
        for name, _sql in tables:
            if (name in wire.tables() or name.startswith("sync_")
                    or any(name.startswith(f"{v}_") for v in virtual)):
                continue  # synced rows, sync's bookkeeping, an FTS index's segments
            columns = "rowid, *" if name in virtual else "*"
            out[name] = sorted(map(repr, conn.execute(f'SELECT {columns} FROM "{name}"')))  # nosec B608 - identifiers from code, values bound
        out["accounts.last_contact_at"] = sorted(map(repr, conn.execute(
            "SELECT id, last_contact_at FROM accounts")))
        return out
    finally:
        conn.close()


def _rebuilt(path: Path) -> dict[str, list[str]]:
    """The same after a whole rebuild of the derived data."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN")
        for statement in derived.rebuild_statements():
            conn.execute(statement)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return _derived_data(path)


def _search(replica: Replica, words: str) -> int:
    found = replica.rows("SELECT count(*) FROM account_search WHERE account_search MATCH ?",
                         words)
    return int(str(found[0][0]))


def _assert_loaded_like_a_rebuild(replica: Replica) -> None:
    assert _search(replica, "Zelda0 Quarrington") == 1
    assert _search(replica, "harbour bristol") == 12
    history = replica.rows("SELECT count(*) FROM history_search WHERE history_search "
                           "MATCH 'lighthouse'")
    assert history == [(12,)]
    visited = replica.rows("SELECT name, last_contact_at FROM accounts ORDER BY name")
    assert [name for name, at in visited if at is None] == [
        f"Harbour {i:02d} Supplies" for i in range(12) if i % 3 == 2]
    assert str(visited[0][1]).startswith("2026-03-02")  # the visit, not the deleted call
    loaded = _derived_data(replica.path)
    replica.close()
    assert loaded == _rebuilt(replica.path)
    replica.reopen()


def test_the_pages_go_in_without_triggers_and_all_come_back(
        make_replica: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paging, "PAGE_BYTES", 1)  # many small pages
    ann = make_replica("ann")
    ann.sync()
    _book(ann)
    fresh = _fresh(tmp_path)
    bob = make_replica("bob")
    during: list[list[tuple[Any, ...]]] = []
    set_aside: list[list[str]] = []
    post = bob.client.transport.post

    def looking(path: str, body: Any) -> Any:
        if path == "/v1/pull" and bob.client.local.cursor() > 0:  # a page is in
            during.append(_schema(bob.path))
            set_aside.append(json.loads(bob.client.local.get("bulk_recreate") or "[]"))
        return post(path, body)
    bob.client.transport.post = looking
    bob.client.pull_page = 7
    report = bob.sync()
    assert report.pulled > 3 * 7 and len(during) >= 3
    bulk, synced = set(bulk_tables()), set(wire.tables())
    fresh_indexes = {row for row in fresh if row[0] == "index"}
    for schema in during:
        triggers = [row for row in schema if row[0] == "trigger"]
        # No trigger on a synced table (each is switched off by derived_suspended) ...
        assert [row[1] for row in triggers if row[2] in synced] == []
        # ... nor a bulk table's index, nor any other synced table's but those a read
        # names (every index of accounts, the orders' and proposals' date walks).
        indexes = {row for row in schema if row[0] == "index"}
        assert [row[1] for row in indexes if row[2] in bulk] == []
        assert {row for row in fresh_indexes if row[2] == "accounts"} <= indexes
        assert {row[1] for row in indexes if row[2] in synced} == {
            row[1] for row in fresh_indexes if row[2] in first_load.NAMED_TABLES
            or row[1] in first_load.NAMED}
        # What is missing is exactly what the load will create again.
        assert sorted(row[3] for row in set(fresh) - set(schema)) == sorted(set_aside[0])
    assert sum(1 for row in fresh if row[0] == "trigger" and row[2] == "accounts") >= 10
    assert _schema(bob.path) == fresh
    assert bob.rows("SELECT count(*) FROM derived_suspended") == [(0,)]
    assert bob.rows("SELECT key FROM sync_state WHERE key IN "
                    "('bulk_recreate', 'derived_rebuild_at')") == []
    _assert_loaded_like_a_rebuild(bob)
    # The triggers work again: a new visit is the account's last contact at once.
    acc = bob.rows("SELECT id FROM accounts WHERE name = 'Harbour 02 Supplies'")[0][0]
    bob.history.log_interaction(uuid.UUID(hex=str(acc)), {
        "channel": "visit", "subject": "Quayside visit",
        "occurred_at": datetime(2026, 9, 1, 9, tzinfo=UTC)})
    assert str(bob.rows("SELECT last_contact_at FROM accounts WHERE id = ?", acc)[0][0]
               ).startswith("2026-09-01")
    assert bob.rows("SELECT count(*) FROM history_search WHERE history_search "
                    "MATCH 'quayside'") == [(1,)]


def killed_mid_load(make_replica: Any, tmp_path: Path) -> tuple[Any, list[Any]]:
    """Bob's first load of Ann's book, killed (``kill -9``) after three pages; and
    the indexes and triggers of a fresh cache."""
    ann = make_replica("ann")
    ann.sync()
    _book(ann)
    fresh = _fresh(tmp_path)
    bob = make_replica("bob")
    bob.close()
    code = subprocess.run([sys.executable, "-m", "tests.sync.child", "pull", str(bob.path),
                           bob.server.url, bob.token, bob.user_id.hex, "3"], timeout=60).returncode
    assert code == -9
    assert _schema(bob.path) != fresh  # killed mid-load: set aside
    return bob, fresh


def test_a_load_killed_between_pages_ends_with_every_trigger_and_index(
        make_replica: Any, tmp_path: Path) -> None:
    bob, fresh = killed_mid_load(make_replica, tmp_path)
    killed = _schema(bob.path)
    assert not [row for row in killed if row[0] == "trigger" and row[2] == "accounts"]
    bob.reopen()
    assert first_load.suspended(bob.client.local)
    bob.sync()
    assert _schema(bob.path) == fresh
    _assert_loaded_like_a_rebuild(bob)


def test_a_load_stopped_while_building_the_indexes_resumes_them_and_the_triggers(
        make_replica: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ann = make_replica("ann")
    ann.sync()
    _book(ann)
    fresh = _fresh(tmp_path)
    bob = make_replica("bob")
    built: list[str] = []
    one_index = first_load._one_index

    def dying(statement: str) -> Any:
        if len(built) == 2:  # the third index's write dies (as a kill would: rolled back)
            raise KeyboardInterrupt
        built.append(statement)
        return one_index(statement)
    monkeypatch.setattr(first_load, "_one_index", dying)
    with pytest.raises(KeyboardInterrupt):
        bob.sync()
    stopped = _schema(bob.path)
    assert {row[3] for row in stopped} >= set(built)  # two indexes were built ...
    assert not [row for row in stopped if row[0] == "trigger" and row[2] == "contacts"]
    monkeypatch.setattr(first_load, "_one_index", one_index)
    bob.reopen()
    bob.sync()
    assert _schema(bob.path) == fresh  # ... and the rest, and every trigger, after
    _assert_loaded_like_a_rebuild(bob)


def test_only_triggers_the_suspension_switches_off_are_set_aside() -> None:
    guard = derived.SUSPENDED
    head = "CREATE TRIGGER t AFTER INSERT ON accounts"
    off = [f"{head} WHEN {guard} BEGIN SELECT 1; END",
           f"{head} WHEN {guard} AND NEW.kind = 'x' BEGIN SELECT 1; END",
           f"{head} WHEN {guard} AND (NEW.kind = 'x' OR NEW.kind = 'y') BEGIN SELECT 1; END"]
    on = [f"{head} BEGIN SELECT 1; END",
          f"{head} WHEN NEW.kind = 'x' AND {guard} BEGIN SELECT 1; END",
          f"{head} WHEN {guard} OR NEW.kind = 'x' BEGIN SELECT 1; END",
          f"{head} WHEN {guard} AND NEW.kind = 'x' or NEW.kind = 'y' BEGIN SELECT 1; END"]
    assert [derived.switched_off(sql) for sql in off] == [True] * 3
    assert [derived.switched_off(sql) for sql in on] == [False] * 4
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE derived_suspended (reason TEXT); "
                       "CREATE TABLE accounts (kind TEXT); CREATE TABLE log (n INT);")
    guarded = off[1].replace("BEGIN SELECT 1;", "BEGIN INSERT INTO log VALUES (1);")
    conn.execute(guarded)
    conn.execute(on[0].replace(" t ", " t2 ").replace("BEGIN SELECT 1;",
                                                      "BEGIN INSERT INTO log VALUES (2);"))
    assert derived.drop_suspended_triggers(conn, ("accounts",)) == [guarded]
    conn.execute("INSERT INTO accounts VALUES ('x')")
    assert conn.execute("SELECT n FROM log").fetchall() == [(2,)]  # the unguarded one fired
