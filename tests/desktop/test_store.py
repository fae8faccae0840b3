"""The local store: engine pragmas, foreign keys, Changes, units of work, UTC times."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.exc import IntegrityError, StatementError

from desktop.domain.schema import Account, Contact, Territory, UTCDateTime
from desktop.store.changes import Changes
from desktop.store.uow import Store

NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(tmp_path / "cache.sqlite3")
    yield s
    s.close()


def _territory(code: str = "IL-C", **kw: object) -> Territory:
    return Territory(id=uuid.uuid4(), code=code, name=f"Territory {code}", created_at=NOW,
                     updated_at=NOW, **kw)


def _account(name: str = "Acme", **kw: object) -> Account:
    return Account(id=uuid.uuid4(), name=name, kind="customer", created_at=NOW, updated_at=NOW,
                   tags=[], **kw)


def _count(store: Store, table: str) -> int:
    with store.engine.connect() as conn:
        return int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


# --- engine -------------------------------------------------------------------------------


def test_engine_pragmas_on_every_connection(store: Store) -> None:
    for _ in range(2):  # a fresh connection gets them too, not only the first
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
        store.engine.dispose()


def test_wal_mode_is_persistent_in_the_file(store: Store) -> None:
    with store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT 1")
    raw = sqlite3.connect(store.path)
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        raw.close()


def test_foreign_key_violation_raises_and_writes_nothing(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(Contact(id=uuid.uuid4(), account_id=uuid.uuid4(), first_name="A",
                                last_name="B", created_at=NOW, updated_at=NOW))
        with pytest.raises(IntegrityError, match="FOREIGN KEY"):
            uow.commit()
    assert _count(store, "contacts") == 0


def test_foreign_key_violation_in_raw_sql_raises(store: Store) -> None:
    with pytest.raises(IntegrityError), store.engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO accounts (id, name, kind, status, billing_country, currency, locale, "
            "territory_id, tags, archived, created_at, updated_at) VALUES (:id, 'X', 'customer', "
            "'active', 'US', 'USD', 'en_US', :t, '[]', 0, '2026-01-01 00:00:00.000000', "
            "'2026-01-01 00:00:00.000000')"), {"id": uuid.uuid4().hex, "t": uuid.uuid4().hex})
    assert _count(store, "accounts") == 0


# --- Changes ------------------------------------------------------------------------------


def test_changes_of_groups_ids_per_table() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    changes = Changes.of([("accounts", a), ("accounts", b), ("contacts", c), ("accounts", a)])
    assert changes.ids("accounts") == frozenset({a, b})
    assert changes.ids("contacts") == frozenset({c})
    assert changes.ids("interactions") == frozenset()
    assert set(changes.by_table) == {"accounts", "contacts"}
    with pytest.raises(TypeError):
        changes.by_table["x"] = frozenset()  # type: ignore[index]


def test_changes_touches_and_bool() -> None:
    empty = Changes()
    assert not empty
    assert not Changes.of([])
    assert empty.touches("accounts") is False
    changes = Changes.of([("accounts", uuid.uuid4())])
    assert changes
    assert changes.touches("accounts")
    assert changes.touches("contacts", "accounts")
    assert not changes.touches("contacts")
    assert not changes.touches()


def test_changes_merged_unions_without_mutating() -> None:
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    left = Changes.of([("accounts", a)])
    right = Changes.of([("accounts", b), ("contacts", c), ("accounts", a)])
    merged = left.merged(right)
    assert merged.ids("accounts") == {a, b}
    assert merged.ids("contacts") == {c}
    assert left.ids("accounts") == {a} and not left.touches("contacts")
    assert Changes().merged(Changes()) == Changes()
    assert left.merged(Changes()) == left
    assert merged == Changes.of([("contacts", c), ("accounts", b), ("accounts", a)])


# --- units of work ------------------------------------------------------------------------


def test_commit_returns_changes_naming_touched_rows(store: Store) -> None:
    territory, account = _territory(), _account()
    account.territory_id = territory.id
    with store.unit_of_work() as uow:
        uow.session.add(territory)
        uow.session.flush()  # no ORM relationship orders the account after it
        uow.session.add(account)
        changes = uow.commit()
    assert changes.ids("territories") == {territory.id}
    assert changes.ids("accounts") == {account.id}
    assert set(changes.by_table) == {"territories", "accounts"}
    assert _count(store, "accounts") == 1

    with store.unit_of_work() as uow:
        row = uow.session.get(Account, account.id)
        assert row is not None
        row.name = "Acme Renamed"
        other = uow.session.get(Territory, territory.id)
        assert other is not None
        other.name = other.name  # same value: not a change
        changes = uow.commit()
    assert changes.by_table.keys() == {"accounts"}
    assert changes.ids("accounts") == {account.id}


def test_commit_with_nothing_changed_is_empty(store: Store) -> None:
    with store.unit_of_work() as uow:
        assert not uow.commit()


def test_changes_accumulate_over_explicit_flushes(store: Store) -> None:
    t1, t2 = _territory("A"), _territory("B")
    with store.unit_of_work() as uow:
        uow.session.add(t1)
        uow.session.flush()
        uow.session.add(t2)
        changes = uow.commit()
    assert changes.ids("territories") == {t1.id, t2.id}


def test_hard_delete_of_a_synced_row_is_refused(store: Store) -> None:
    """A hard delete could never reach the server: tombstones only."""
    territory = _territory()
    with store.unit_of_work() as uow:
        uow.session.add(territory)
        uow.commit()
    with store.unit_of_work() as uow, pytest.raises(RuntimeError, match="deleted_at"):
        uow.session.delete(uow.session.get(Territory, territory.id))
        uow.commit()
    assert _count(store, "territories") == 1


def test_exception_inside_unit_of_work_writes_nothing(store: Store) -> None:
    with pytest.raises(RuntimeError, match="boom"), store.unit_of_work() as uow:
        uow.session.add(_territory())
        uow.session.flush()  # even flushed rows go
        raise RuntimeError("boom")
    assert _count(store, "territories") == 0


def test_leaving_without_commit_writes_nothing(store: Store) -> None:
    with store.unit_of_work() as uow:
        uow.session.add(_account())
    assert _count(store, "accounts") == 0
    assert not uow.changes


def test_rollback_forgets_collected_changes(store: Store) -> None:
    keep = _territory("KEEP")
    with store.unit_of_work() as uow:
        uow.session.add(_territory("GONE"))
        uow.session.flush()
        uow.rollback()
        uow.session.add(keep)
        changes = uow.commit()
    assert changes.ids("territories") == {keep.id}
    with store.unit_of_work() as uow:
        assert uow.session.scalars(select(Territory.code)).all() == ["KEEP"]


# --- UTCDateTime --------------------------------------------------------------------------


def test_utcdatetime_refuses_naive_datetimes() -> None:
    kind = UTCDateTime()
    with pytest.raises(ValueError, match="naive"):
        kind.process_bind_param(datetime(2026, 1, 1, 12, 0), sqlite_dialect.dialect())
    assert kind.process_bind_param(None, sqlite_dialect.dialect()) is None


def test_naive_datetime_is_refused_on_flush(store: Store) -> None:
    bad = Territory(id=uuid.uuid4(), code="N", name="n", created_at=datetime(2026, 1, 1),
                    updated_at=NOW)
    with store.unit_of_work() as uow:
        uow.session.add(bad)
        with pytest.raises(StatementError, match="naive datetime"):
            uow.commit()
    assert _count(store, "territories") == 0


def test_utcdatetime_round_trips_aware_values_as_utc(store: Store) -> None:
    plus_two = timezone(timedelta(hours=2))
    local = datetime(2026, 3, 29, 1, 45, 12, 345678, tzinfo=plus_two)
    territory = Territory(id=uuid.uuid4(), code="T", name="t", created_at=local,
                          updated_at=NOW)
    with store.unit_of_work() as uow:
        uow.session.add(territory)
        uow.commit()
    with store.engine.connect() as conn:
        stored = conn.execute(text("SELECT created_at FROM territories")).scalar_one()
    assert stored == "2026-03-28 23:45:12.345678"  # naive UTC text
    with store.unit_of_work() as uow:
        row = uow.session.get(Territory, territory.id)
        assert row is not None
        assert row.created_at == local
        assert row.created_at.tzinfo is UTC
        assert row.created_at.hour == 23 and row.created_at.day == 28
        assert row.updated_at == NOW and row.deleted_at is None


def test_utcdatetime_result_value_forms() -> None:
    kind, dialect = UTCDateTime(), sqlite_dialect.dialect()
    assert kind.process_result_value(None, dialect) is None
    from_text = kind.process_result_value("2026-01-02 03:04:05.000006", dialect)
    assert from_text == datetime(2026, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    aware = datetime(2026, 1, 2, 5, 0, tzinfo=timezone(timedelta(hours=2)))
    result = kind.process_result_value(aware, dialect)
    assert result is not None and result.tzinfo is UTC and result.hour == 3
