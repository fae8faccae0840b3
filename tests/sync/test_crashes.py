"""Nothing is lost when the client or the server dies at the worst moment."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from typing import Any

import pytest

from desktop.sync.errors import Offline
from desktop.sync.transport import Transport
from tests.sync.conftest import Replica, ServerProcess, territory_id


def _child(*args: str) -> int:
    return subprocess.run([sys.executable, "-m", "tests.sync.child", *args],
                          timeout=60).returncode


def _names(replica: Replica) -> list[str]:
    return [r[0] for r in replica.rows("SELECT name FROM accounts ORDER BY name")]


def test_client_killed_between_edit_and_push(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    ann.close()
    assert _child("edit", str(ann.path), ann.user_id.hex, "Killed Co") == -9
    ann.reopen()
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(1,)]  # edit and entry both kept
    assert ann.sync().pushed == 1
    bob = make_replica("bob")
    bob.sync()
    assert _names(bob) == ["Killed Co"]


class DropFirstPushResponse(Transport):
    """The server commits, then the answer is lost on the way back (a push, or a
    round: edits with the next page in one request)."""

    dropped = False

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        answer = super().post(path, body)
        if path in ("/v1/push", "/v1/round") and not self.dropped:
            self.dropped = True
            raise Offline("connection reset")
        return answer


def test_response_lost_after_server_commit_is_replayed_not_repeated(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    ann.client.transport = DropFirstPushResponse(ann.server.url, ann.token)
    ann.accounts.create_account({"name": "Once Only", "kind": "customer",
                                 "territory_id": territory_id(ann, "EAST")})
    with pytest.raises(Offline):
        ann.sync()
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(1,)]  # not acknowledged: kept
    report = ann.sync()
    assert report.pushed == 1
    bob = make_replica("bob")
    bob.sync()
    assert _names(bob) == ["Once Only"]


def test_client_killed_mid_pull_resumes_without_gaps(make_replica: Any, admin_db: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    tid = territory_id(ann, "EAST")
    for i in range(40):
        ann.accounts.create_account({"name": f"Acct {i:02}", "kind": "customer",
                                     "territory_id": tid})
    ann.sync()
    bob = make_replica("bob")
    bob.close()
    code = _child("pull", str(bob.path), bob.server.url, bob.token, bob.user_id.hex, "3")
    assert code == -9
    bob.reopen()
    partial = len(_names(bob))
    assert 0 < partial < 40
    bob.sync()
    assert _names(bob) == _names(ann)
    # The indexes and triggers set aside for the bulk load are all back.
    schema = "SELECT type, name FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY 2"
    assert bob.rows(schema) == ann.rows(schema)
    # Search (rebuilt after the interrupted bulk load) finds the pulled rows.
    hits = bob.store.reads().execute(
        "SELECT count(*) FROM account_search WHERE account_search MATCH 'Acct'").fetchone()[0]
    assert hits == 40
    # Nothing of the bulk load is left pending, and sync's commits are durable again.
    assert bob.rows("SELECT count(*) FROM derived_suspended") == [(0,)]
    assert bob.rows("SELECT key FROM sync_state WHERE key IN "
                    "('bulk_recreate', 'derived_rebuild_at')") == []
    assert bob.client.local.writer.call(
        lambda: bob.client.local.writer._bulk().execute("PRAGMA synchronous").fetchone()) == (2,)


def test_server_killed_mid_push_then_restarted(make_replica: Any, server: ServerProcess) -> None:
    ann = make_replica("ann")
    ann.sync()
    ann.accounts.create_account({"name": "Survivor", "kind": "customer",
                                 "territory_id": territory_id(ann, "EAST")})
    server.stop()
    server.start(stall_push=5)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            ann.sync()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    time.sleep(1.5)  # the push transaction is open on the server now
    server.kill()
    worker.join(30)
    assert errors and isinstance(errors[0], Offline)
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(1,)]
    server.start()
    assert ann.sync().pushed == 1
    bob = make_replica("bob")
    bob.sync()
    assert _names(bob) == ["Survivor"]


def test_repeated_disconnect_and_reconnect(make_replica: Any, server: ServerProcess) -> None:
    ann = make_replica("ann")
    ann.sync()
    tid = territory_id(ann, "EAST")
    for round_ in range(4):
        ann.accounts.create_account({"name": f"Round {round_}", "kind": "customer",
                                     "territory_id": tid})
        server.stop()
        with pytest.raises(Offline):
            ann.sync()
        server.start()
        ann.sync()
    bob = make_replica("bob")
    bob.sync()
    assert _names(bob) == [f"Round {i}" for i in range(4)]
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(0,)]


