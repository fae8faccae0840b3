"""Edits waiting in a bound cache go in one request with the next pull page
(``/v1/round``); a restored server applies nothing of it, and the sync takes
the full path (hello, re-push, push, pull)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.sync import backups
from tests.sync.conftest import Replica, ServerProcess, territory_id
from tests.sync.test_steady_state import Requests


def _names(replica: Replica) -> list[str]:
    return [str(r[0]) for r in replica.rows("SELECT name FROM accounts ORDER BY name")]


def _add(replica: Replica, *names: str) -> None:
    tid = territory_id(replica, "EAST")
    for name in names:
        replica.accounts.create_account({"name": name, "kind": "customer", "territory_id": tid})


def test_edits_waiting_go_with_the_pull_in_one_request(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    bob.sync()
    _add(bob, "From Bob")
    bob.sync()
    _add(ann, "Acme")
    sent, report = Requests(ann).during(ann)
    assert sent == ["POST /v1/round"]
    assert (report.pushed, report.rejected) == (1, 0)
    assert ann.rows("SELECT count(*) FROM sync_outbox") == [(0,)]
    # The page holds Bob's account and Ann's own, stamped with the server's version.
    assert _names(ann) == ["Acme", "From Bob"]
    assert ann.rows("SELECT sync_version > 0 FROM accounts WHERE name = 'Acme'") == [(1,)]
    bob.sync()
    assert _names(bob) == ["Acme", "From Bob"]


def test_more_than_one_batch_takes_the_full_path(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    ann.client.push_batch = 2
    _add(ann, "One", "Two", "Three")
    sent, report = Requests(ann).during(ann)
    assert sent == ["GET /v1/hello", "POST /v1/push", "POST /v1/push", "POST /v1/pull"]
    assert report.pushed == 3


def test_a_restored_server_applies_nothing_of_a_round(
        make_replica: Any, server: ServerProcess, admin_db: Any, tmp_path: Path) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    _add(ann, "Before Backup")
    ann.sync()
    copy = backups.taken(server, admin_db, tmp_path)
    _add(ann, "Lost")
    ann.sync()
    backups.restored_and_marked(server, copy)
    _add(ann, "Waiting")  # an edit waits when Ann meets the restored server
    sent, report = Requests(ann).during(ann)
    assert sent[:2] == ["POST /v1/round", "GET /v1/hello"]
    assert report.restored_server is True
    bob.sync()
    assert _names(bob) == ["Before Backup", "Lost", "Waiting"]
    assert _names(ann) == _names(bob)
