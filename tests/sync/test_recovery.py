"""Caches and servers that went wrong: restores, empty sides, corruption, versions."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.domain import wire
from desktop.sync.errors import MassDelete, NeedsDecision, VersionMismatch
from tests.sync import backups
from tests.sync.conftest import Replica, ServerProcess, territory_id


def _names(replica: Replica) -> list[str]:
    return [r[0] for r in replica.rows("SELECT name FROM accounts ORDER BY name")]


def _add(replica: Replica, *names: str) -> None:
    tid = territory_id(replica, "EAST")
    for name in names:
        replica.accounts.create_account({"name": name, "kind": "customer", "territory_id": tid})


def test_empty_client_meets_full_server(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, *[f"Co {i:02}" for i in range(30)])
    ann.sync()
    fresh = make_replica("ann2", user_id=ann.user_id)
    report = fresh.sync()
    assert report.verified is True
    assert _names(fresh) == _names(ann) and len(_names(fresh)) == 30


def test_demo_cache_is_not_pushed_and_needs_a_decision(make_replica: Any) -> None:
    from desktop.demo.generator import generate

    ann = make_replica("ann")
    generate(ann.store, accounts=5, seed=1)
    with pytest.raises(NeedsDecision):
        ann.sync()
    backup = ann.client.start_fresh()
    assert Path(backup).exists()
    ann.sync()
    assert _names(ann) == []  # the server had no accounts; the demo data is only in the backup


def test_new_empty_server_gets_the_clients_rows_again(
        make_replica: Any, server: ServerProcess, admin_db: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, *[f"Co {i:02}" for i in range(25)])
    ann.sync()
    bob = make_replica("bob")
    # The server's database is replaced by a new one that has the users but no
    # accounts: a new epoch that starts at version 0.
    server.stop()
    admin_db.dispose()
    backups.run_sql(server.db_url, "DELETE FROM accounts",
                    "UPDATE sync_clock SET epoch = 'ffffffffffffffffffffffffffffffff', "
                    "epoch_start = 0")
    server.start()
    report = ann.sync()
    assert report.restored_server and report.rejected == 0
    assert len(_names(ann)) == 25  # nothing removed from the laptop
    bob.sync()
    assert _names(bob) == _names(ann)


def test_pull_that_would_empty_most_of_the_cache_asks_first(
        make_replica: Any, admin_db: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, *[f"Co {i:02}" for i in range(25)])
    ann.sync()
    from sqlalchemy import select, update

    from server.rows import table_of

    accounts = table_of("accounts")
    with admin_db.write() as txn:  # someone at the office deletes nearly everything
        for (row_id,) in txn.conn.execute(select(accounts.c.id)).all()[:22]:
            txn.conn.execute(update(accounts).where(accounts.c.id == row_id).values(
                deleted_at=datetime.now(UTC), sync_version=txn.next_version()))
    with pytest.raises(MassDelete) as refused:
        ann.sync()
    assert refused.value.rows == 22
    live = "SELECT count(*) FROM accounts WHERE deleted_at IS NULL"
    assert ann.rows(live) == [(25,)]  # nothing removed without the rep's word
    ann.sync(confirm_mass_delete=True)
    assert ann.rows(live) == [(3,)]


def test_server_restored_from_an_old_backup_gets_the_lost_rows_again(
        make_replica: Any, server: ServerProcess, admin_db: Any, tmp_path: Path) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, "Before Backup")
    bob = make_replica("bob")  # has a login in the backup
    ann.sync()
    server.stop()
    admin_db.dispose()
    copy = backups.backup(server.db_url, tmp_path)
    server.start()
    _add(ann, "After Backup 1", "After Backup 2")
    ann.sync()
    server.stop()
    backups.restore(server.db_url, copy)  # last night's backup, not marked
    server.start()
    report = ann.sync()
    assert report.restored_server is True
    bob.sync()
    assert _names(bob) == ["After Backup 1", "After Backup 2", "Before Backup"]


def test_marked_restore_starts_a_new_epoch_and_clients_push_again(
        make_replica: Any, server: ServerProcess, admin_db: Any, tmp_path: Path) -> None:
    from server.cli import main

    ann = make_replica("ann")
    bob = make_replica("bob")
    ann.sync()
    _add(ann, "Before Backup")
    ann.sync()
    server.stop()
    admin_db.dispose()
    copy = backups.backup(server.db_url, tmp_path)
    server.start()
    _add(ann, "Lost 1", "Lost 2")
    ann.sync()
    server.stop()
    backups.restore(server.db_url, copy)
    assert main(["mark-restored", "--database-url", server.db_url]) == 0
    server.start()
    bob.sync()
    _add(bob, "After Restore")  # the server moves on before Ann comes back
    bob.sync()
    assert ann.sync().restored_server is True
    bob.sync()
    assert _names(bob) == ["After Restore", "Before Backup", "Lost 1", "Lost 2"]
    assert _names(ann) == _names(bob)


def test_corrupted_local_row_is_repaired_by_verification(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, "Intact")
    ann.sync()
    conn = ann.client.local.conn
    conn.execute("UPDATE accounts SET name = 'GARBAGE' WHERE name = 'Intact'")
    report = ann.sync(deep=True)
    assert report.verified is False and report.repaired
    assert _names(ann) == ["Intact"]
    assert ann.sync(deep=True).verified is True


def test_one_invalid_mutation_in_a_batch_is_rejected_alone(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, "First")
    acc = ann.rows("SELECT id FROM accounts")[0][0]
    ann.client.local.conn.execute(
        "INSERT INTO sync_outbox(table_name, row_id, op, base, changes, created_at) VALUES "
        "('accounts', ?, 'upsert', '{\"kind\": \"customer\"}', '{\"kind\": \"spaceship\"}', "
        "'2026-11-02 09:00:00.000000')", (acc,))
    _add(ann, "Third")
    report = ann.sync()
    assert (report.pushed, report.rejected) == (2, 1)
    [(reason,)] = ann.rows("SELECT reason FROM sync_rejected")
    assert "spaceship" in reason
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(0,)]


def test_protocol_mismatch_applies_nothing(make_replica: Any, monkeypatch: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, "Waiting")
    monkeypatch.setattr(wire, "PROTOCOL_VERSION", wire.PROTOCOL_VERSION + 1)
    with pytest.raises(VersionMismatch):
        ann.sync()
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(1,)]
    # A client that skips the hello check is refused by the server itself.
    with pytest.raises(VersionMismatch):
        ann.client.transport.post("/v1/pull", {"cursor": 0})


def test_two_app_instances_syncing_one_cache_at_once(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    _add(ann, *[f"Co {i:02}" for i in range(20)])
    twin = make_replica("ann-twin", user_id=ann.user_id)
    twin.close()
    twin.path.unlink()
    twin.path = ann.path
    twin.__post_init__()
    errors: list[BaseException] = []

    def run(replica: Replica) -> None:
        try:
            replica.sync()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in (ann, twin)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    bob = make_replica("bob")
    bob.sync()
    assert len(_names(bob)) == 20 and len(set(_names(bob))) == 20
