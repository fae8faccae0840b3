"""An import's writer jobs (``desktop.imports.bulk``): many statements to a
transaction with the accounts' and contacts' triggers lifted inside it. The
triggers come back exactly as they were, also when the transaction fails; a
job that another job waits for commits after the statement it is on, and the
import goes on in a new job; a cancel ends the job the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.domain.schema import Account
from desktop.imports import bulk, importer, writing
from desktop.services.container import Services
from tests.desktop.imports import samples as s


def _schema(services: Services) -> list[tuple[str, str, str]]:
    return services.store.reads().execute(
        "SELECT type, name, sql FROM sqlite_master WHERE type IN ('trigger', 'index') "
        "ORDER BY name").fetchall()


def _trigger_order(services: Services) -> dict[str, list[str]]:
    """Each table's triggers in creation order (SQLite runs those of one event by it)."""
    order: dict[str, list[str]] = {}
    for table, name in services.store.reads().execute(
            "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"):
        order.setdefault(table, []).append(name)
    return order


def _values(n: int) -> list[dict[str, Any]]:
    return [{"name": f"Bulk {i:03d}", "billing_city": "Urbana", "kind": "customer"}
            for i in range(n)]


def test_triggers_come_back_as_they_were(services: Services, tmp_path: Path) -> None:
    before, order = _schema(services), _trigger_order(services)
    assert sum(1 for kind, name, _ in before if kind == "trigger"
               and name.startswith(("accounts_", "contacts_"))) >= 10
    for kind, name, data in (("accounts", "a.csv", s.SF_ACCOUNTS_BYTES),
                             ("contacts", "c.csv", s.SF_CONTACTS_BYTES)):
        (tmp_path / name).write_bytes(data)
        assert importer.run(services, kind, tmp_path / name, "salesforce").imported
    assert _schema(services) == before
    assert _trigger_order(services) == order
    # ... and they work again: a rename re-indexes the account for search.
    conn = services.store.reads()
    acme = conn.execute("SELECT id FROM accounts WHERE name = 'Acme Feed & Seed'").fetchone()[0]
    import uuid

    services.accounts.update_account(uuid.UUID(acme), {"name": "Zanzibar Feed"})
    hits = conn.execute("SELECT count(*) FROM account_search WHERE account_search "
                        "MATCH 'zanzibar'").fetchone()[0]
    assert hits == 1


def test_a_failed_transaction_leaves_triggers_and_rows_as_they_were(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    """The search statement fails after the rows and entries went in: all of it,
    the dropped triggers included, is rolled back."""
    import sqlite3

    before = _schema(services)
    monkeypatch.setattr(bulk, "_ADD", "INSERT INTO no_such_table VALUES (?)")
    with pytest.raises(sqlite3.OperationalError, match="no_such_table"):
        bulk.bulk_insert(services, Account, _values(5), services.clock())
    assert _schema(services) == before
    conn = services.store.reads()
    assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (0,)
    assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone() == (0,)


def test_a_waiting_job_ends_the_transaction_after_a_statement(
        services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(services.store.writer, "waiting", lambda: True)
    ids, changes = bulk.bulk_insert(services, Account, _values(10), services.clock(), piece=3)
    assert len(ids) == 3 and sorted(changes.ids("accounts")) == sorted(ids)
    conn = services.store.reads()
    assert conn.execute("SELECT count(*) FROM accounts").fetchone() == (3,)
    assert conn.execute("SELECT count(*) FROM sync_outbox").fetchone() == (3,)
    assert conn.execute("SELECT count(*) FROM account_search_docsize").fetchone() == (3,)


def test_an_import_goes_on_in_new_jobs_after_yielding(
        services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement yields (a save always waits): the import still lands every
    good row once, in as many jobs as statements, recorded in one batch."""
    monkeypatch.setattr(writing, "CHUNK", 1)
    monkeypatch.setattr(services.store.writer, "waiting", lambda: True)
    jobs: list[int] = []
    real = writing.bulk_insert

    def counted(*args: Any, **kwargs: Any) -> Any:
        ids, changes = real(*args, **kwargs)
        jobs.append(len(ids))
        return ids, changes

    monkeypatch.setattr(writing, "bulk_insert", counted)
    path = tmp_path / "a.csv"
    path.write_bytes(s.SF_ACCOUNTS_BYTES)
    result = importer.run(services, "accounts", path, "salesforce")
    assert result.imported == 3 and jobs == [1, 1, 1]
    conn = services.store.reads()
    names = [r[0] for r in conn.execute("SELECT name FROM accounts ORDER BY name")]
    assert names == ["Acme Feed & Seed", "Café Müller GmbH", "Prairie Tractors"]


def test_a_cancel_ends_the_job_after_the_statement(services: Services) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) >= 2

    ids, _changes = bulk.bulk_insert(services, Account, _values(10), services.clock(), piece=2,
                                     stop=stop)
    assert len(ids) == 4
    assert services.store.reads().execute("SELECT count(*) FROM accounts").fetchone() == (4,)
