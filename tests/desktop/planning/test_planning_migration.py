"""A 0007 cache (before call planning) upgrades: rows kept, new columns empty."""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from pathlib import Path

from desktop.planning.targets import TargetFilter, TargetSearch
from desktop.store import migrate
from desktop.store.engine import make_engine
from desktop.store.migrations import HEAD
from desktop.store.store import Store
from tests.desktop.test_migrations import _insert

STAMP = "2026-01-01 00:00:00.000000"


def test_orders_cache_upgrades_to_planning(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    engine = make_engine(path)
    migrate.upgrade(engine, "0007_orders")
    acme = uuid.uuid4().hex
    with engine.begin() as conn:
        _insert(conn, "accounts", id=acme, name="Acme Feed & Seed", kind="customer",
                status="active", billing_country="US", currency="USD", locale="en_US",
                tags="[]", archived=0, latitude=39.78, longitude=-89.65)
    engine.dispose()
    assert HEAD >= "0008_planning"  # zero-padded: later revisions sort after it
    store = Store(path)
    try:
        assert store.backup_path is not None  # the old file was kept
        conn = store.reads()
        assert migrate.current_revision(conn) == HEAD
        assert conn.execute("SELECT name, opening_hours, geo_source FROM accounts").fetchall() == [
            ("Acme Feed & Seed", None, None)]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"action_plans", "action_plan_goals", "action_plan_targets", "trips",
                "trip_days", "trip_stops"} <= tables
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM accounts "
                            "WHERE latitude BETWEEN 39 AND 40").fetchall()
        assert "ix_accounts_latitude_longitude" in " ".join(str(r) for r in plan)
        # The search index triggers survived the new columns (no table rebuild).
        triggers = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type='trigger' AND tbl_name='accounts'")}
        assert triggers
        rows = TargetSearch(store).search(TargetFilter())
        assert [r.name for r in rows] == ["Acme Feed & Seed"]
    finally:
        store.close()
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA foreign_key_check").fetchall() == []
