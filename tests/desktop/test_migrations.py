"""Migrations: HEAD is honest, old caches upgrade without losing rows, models match."""

from __future__ import annotations

import re
import sqlite3
import uuid
from contextlib import closing
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desktop.domain.schema import Base
from desktop.services.account_list import AccountFilter, AccountList
from desktop.store import (
    derived_activity,
    derived_choices,
    derived_delivery,
    derived_forecast,
    derived_leads,
    derived_name_order,
    derived_orders,
    derived_reports,
    derived_shipping,
    derived_sorts,
    derived_today,
    derived_trends,
    migrate,
)
from desktop.store.engine import make_engine
from desktop.store.migrations import HEAD
from desktop.store.uow import Store

OLD = "0001_initial"
BACKUP_NAME = re.compile(r"^cache\.\d{8}-\d{6}\.backup\.sqlite3$")
STAMP = "2026-01-01 00:00:00.000000"


def _script() -> ScriptDirectory:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrate.MIGRATIONS_DIR))
    return ScriptDirectory.from_config(cfg)


def test_head_constant_matches_alembic_head() -> None:
    script = _script()
    assert script.get_heads() == [HEAD]  # one head, and it is the one start-up trusts
    assert script.get_current_head() == HEAD


def test_revision_chain_starts_at_initial() -> None:
    chain = [rev.revision for rev in _script().walk_revisions("base", "heads")]
    assert chain[-1] == OLD
    assert chain[0] == HEAD


def _uuid() -> str:
    return uuid.uuid4().hex


def _insert(conn: Any, table: str, **values: Any) -> None:
    values.setdefault("created_at", STAMP)
    values.setdefault("updated_at", STAMP)
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    conn.execute(text(f"INSERT INTO {table} ({cols}) VALUES ({params})"), values)


def _old_cache(path: Path) -> dict[str, str]:
    """A cache at revision 0001 with rows written the way that version wrote them."""
    engine = make_engine(path)
    migrate.upgrade(engine, OLD)
    ids = {k: _uuid() for k in ("territory", "user", "acme", "globex", "zed", "ann", "bob")}
    account = {"kind": "customer", "status": "active", "billing_country": "US",
               "currency": "USD", "locale": "en_US", "tags": "[]", "archived": 0}
    contact = {"do_not_contact": 0, "archived": 0}
    with engine.begin() as conn:
        _insert(conn, "territories", id=ids["territory"], code="IL-C", name="Central Illinois")
        _insert(conn, "users", id=ids["user"], name="Rita Rep", email="rita@example.com",
                role="rep", territory_id=ids["territory"])
        _insert(conn, "accounts", id=ids["acme"], name="Acme Feed & Seed", billing_city="Urbana",
                territory_id=ids["territory"], owner_id=ids["user"], **account)
        _insert(conn, "accounts", id=ids["globex"], name="Globex Grain",
                billing_city="Champaign", **account)
        _insert(conn, "accounts", id=ids["zed"], name="Zed Silos", **account)
        _insert(conn, "contacts", id=ids["ann"], account_id=ids["acme"], first_name="Annabel",
                last_name="Quisenberry", email="annabel@acme.example", **contact)
        _insert(conn, "contacts", id=ids["bob"], account_id=ids["globex"], first_name="Bob",
                last_name="Stone", **contact)
        for when, channel, deleted, acc in (
            ("2026-03-01 09:00:00.000000", "phone", None, "acme"),
            ("2026-05-02 10:30:00.250000", "visit", None, "acme"),
            ("2026-06-01 08:00:00.000000", "note", None, "acme"),  # a note is not contact
            ("2026-07-01 08:00:00.000000", "email", STAMP, "acme"),  # deleted
            ("2026-02-14 16:00:00.000000", "email", None, "globex"),
        ):
            _insert(conn, "interactions", id=_uuid(), account_id=ids[acc], author_id=ids["user"],
                    channel=channel, direction="out", occurred_at=when,
                    subject=f"{channel} on {when[:10]}", deleted_at=deleted)
    engine.dispose()
    return ids


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("territories", "users", "accounts", "contacts", "interactions")}


EXPECTED = {"territories": 1, "users": 1, "accounts": 3, "contacts": 2, "interactions": 5}


def test_old_cache_upgrades_without_losing_rows(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    ids = _old_cache(path)
    with closing(sqlite3.connect(path)) as raw:
        assert migrate.current_revision(raw) == OLD

    store = Store(path)
    try:
        # A backup was made first, next to the cache, holding the old file.
        backups = [p for p in tmp_path.iterdir() if BACKUP_NAME.match(p.name)]
        assert len(backups) == 1
        assert store.backup_path == backups[0]
        old = sqlite3.connect(backups[0])
        try:
            assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] == OLD
            assert _counts(old) == EXPECTED
            assert old.execute("SELECT name FROM sqlite_master WHERE name = 'account_search'"
                               ).fetchone() is None
        finally:
            old.close()

        with store.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
            last = dict(conn.execute(text("SELECT id, last_contact_at FROM accounts")).all())
        new = sqlite3.connect(path)
        try:
            assert _counts(new) == EXPECTED
            names = {r[0] for r in new.execute("SELECT name FROM accounts")}
            assert names == {"Acme Feed & Seed", "Globex Grain", "Zed Silos"}
        finally:
            new.close()
        # Derived on upgrade: the latest non-note, non-deleted interaction.
        assert last[ids["acme"]] == "2026-05-02 10:30:00.250000"
        assert last[ids["globex"]] == "2026-02-14 16:00:00.000000"
        assert last[ids["zed"]] is None

        accounts = AccountList(store)
        by_contact = accounts.page(AccountFilter(text="Quisenberry")).rows
        assert [r.id for r in by_contact] == [uuid.UUID(hex=ids["acme"])]
        assert by_contact[0].territory == "Central Illinois"
        assert by_contact[0].last_contact_at is not None
        assert by_contact[0].last_contact_at.month == 5
        assert [r.name for r in accounts.page(AccountFilter(text="annab")).rows] == [
            "Acme Feed & Seed"]
        assert [r.name for r in accounts.page(AccountFilter(text="champaign")).rows] == [
            "Globex Grain"]
        assert [r.name for r in accounts.page(AccountFilter(text="email")).rows] == []
        history = accounts.page(AccountFilter(text="visit", include_history=True)).rows
        assert [r.name for r in history] == ["Acme Feed & Seed"]
    finally:
        store.close()


def test_triggers_work_after_upgrade(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    ids = _old_cache(path)
    store = Store(path)
    try:
        with store.engine.begin() as conn:
            conn.execute(text("UPDATE contacts SET last_name = 'Xylophone' WHERE id = :i"),
                         {"i": ids["bob"]})
        accounts = AccountList(store)
        assert [r.name for r in accounts.page(AccountFilter(text="xylo")).rows] == [
            "Globex Grain"]
        assert accounts.page(AccountFilter(text="Stone")).rows == []
    finally:
        store.close()


def test_opening_a_current_cache_makes_no_backup(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    first = Store(path)  # a new, empty file: migrated, nothing worth backing up
    assert first.backup_path is None
    first.close()
    second = Store(path)
    try:
        assert second.backup_path is None
        with second.engine.connect() as conn:
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
    finally:
        second.close()
    assert not [p for p in tmp_path.iterdir() if ".backup" in p.name]


def test_backup_file_name_and_content(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    path = tmp_path / "fieldbook.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (42)")
    conn.commit()
    conn.close()
    target = migrate.backup_file(path, datetime(2026, 11, 20, 15, 30, 5, tzinfo=UTC))
    assert target == tmp_path / "fieldbook.20261120-153005.backup.sqlite3"
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT x FROM t").fetchall() == [(42,)]
    finally:
        copy.close()


_DERIVED_INDEXES = {"ix_accounts_name_nocase", "ix_accounts_city_nocase", "ix_products_name_nocase",
                    "ix_accounts_last_contact_at"}
_DERIVED_INDEXES |= derived_leads.INDEXES | set(derived_leads.EVENT_DEALS)
_DERIVED_INDEXES |= derived_orders.INDEXES
_DERIVED_INDEXES |= set(derived_sorts.INDEXES)
_DERIVED_INDEXES |= set(derived_reports.INDEXES)
_DERIVED_INDEXES |= derived_forecast.INDEXES | {derived_forecast.OPEN_STAGE}
_DERIVED_INDEXES |= set(derived_today.INDEXES) | {derived_today.OPEN_DUE,
                                                  derived_today.DELETED_ACCOUNTS}
_DERIVED_INDEXES |= derived_shipping.INDEXES
_DERIVED_INDEXES |= set(derived_activity.INDEXES)
_DERIVED_INDEXES |= derived_delivery.INDEXES
_DERIVED_INDEXES |= {derived_name_order.INDEX, *derived_choices.INDEXES}


def _is_derived(diff: Any) -> bool:
    """True for differences the local-only derived objects explain."""
    if isinstance(diff, list):  # column-level diffs come grouped
        return all(_is_derived(d) for d in diff)
    kind, obj = diff[0], diff[1]
    if kind == "remove_column":  # a local sort key kept by triggers
        return bool(diff[2] == "accounts" and diff[3].name in derived_sorts.COLUMNS
                    or diff[2] == "accounts" and diff[3].name in derived_name_order.COLUMNS
                    or diff[2] == "order_lines" and diff[3].name in derived_shipping.COLUMNS
                    or diff[2] == "order_lines" and diff[3].name in derived_delivery.COLUMNS)
    if kind in ("remove_table", "add_table"):
        return bool(obj.name.startswith(("account_search", "history_search", "product_search"))
                    or obj.name == "derived_suspended"
                    or obj.name.startswith(tuple(derived_leads.TABLES))
                    or obj.name.startswith(tuple(derived_orders.TABLES))
                    or obj.name in derived_forecast.TABLES
                    or obj.name in derived_trends.TABLES
                    or obj.name in derived_activity.TABLES)
    if kind in ("remove_index", "add_index"):
        return obj.name in _DERIVED_INDEXES
    return False


def test_model_metadata_matches_migrated_schema(tmp_path: Path) -> None:
    store = Store(tmp_path / "cache.sqlite3")
    try:
        with store.engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True})
            diffs = compare_metadata(context, Base.metadata)
    finally:
        store.close()
    unexplained = [d for d in diffs if not _is_derived(d)]
    assert unexplained == []
    explained = {getattr(d[1], "name", None) for d in diffs if not isinstance(d, list)}
    assert {"account_search", "derived_suspended"} <= explained  # the filter saw them


def test_model_metadata_matches_after_upgrade_from_old(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    _old_cache(path)
    store = Store(path)
    try:
        with store.engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        store.close()
    assert [d for d in diffs if not _is_derived(d)] == []
