"""The steady state: a sync with nothing to do is one request, and a file the
server never received is remembered and asked for again with backoff, not on
every sync."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import insert

from desktop.settings import SettingsFile
from desktop.store.blobs import BlobStore
from desktop.sync import blobs
from desktop.sync.service import SyncService, SyncStatus
from server.db import Database
from server.rows import table_of
from tests.sync.conftest import Replica, territory_id
from tests.sync.test_service import MemoryTokens

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class Requests:
    """Every HTTP request a replica's transport sends, as 'METHOD path'."""

    def __init__(self, replica: Replica) -> None:
        self.sent: list[str] = []
        hooks = replica.client.transport._http.event_hooks
        hooks["request"] = [*hooks.get("request", []), self._seen]

    def _seen(self, request: httpx.Request) -> None:
        self.sent.append(f"{request.method} {request.url.path}")

    def during(self, replica: Replica, **kwargs: Any) -> tuple[list[str], Any]:
        self.sent.clear()
        report = replica.sync(**kwargs)
        return list(self.sent), report


def _attach_without_file(replica: Replica, db: Database, account: uuid.UUID,
                         data: bytes) -> str:
    """An attachment whose file never reached the server. A rep cannot push one
    (files by possession: ``server.possession``), but rows from before that
    check, or an administrator's, can name a file nobody uploaded."""
    replica.sync()  # the account is on the server
    sha = hashlib.sha256(data).hexdigest()
    with db.write() as txn:
        txn.conn.execute(insert(table_of("attachments")).values(
            id=uuid.uuid4(), account_id=account, record_table="accounts", record_id=account,
            kind="brochure", file_name="brochure.pdf", media_type="application/pdf",
            sha256=sha, size=len(data), created_at=NOW, updated_at=NOW,
            sync_version=txn.next_version()))
    return sha


def _status(replica: Replica, tmp_path: Path) -> SyncStatus:
    """What the app's status line reads."""
    settings_file = SettingsFile(tmp_path / "settings.json")
    return SyncService(replica.store, settings_file.load(), settings_file,
                       MemoryTokens()).status()


def test_a_sync_with_nothing_to_do_is_one_request(make_replica: Any, admin_db: Database,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1_000_000.0]
    monkeypatch.setattr(blobs, "clock", lambda: clock[0])
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    data = os.urandom(5000)
    sha = _attach_without_file(ann, admin_db, acc, data)
    ann.sync()
    bob_requests = Requests(bob)

    sent, report = bob_requests.during(bob)  # the first load asks for the file once
    assert sent.count(f"GET /v1/blobs/{sha}/content") == 1
    assert (report.blobs_fetched, report.blobs_missing) == (0, 1)
    assert _status(bob, tmp_path).files_missing == 1

    sent, report = bob_requests.during(bob)
    assert sent == ["POST /v1/pull"]
    assert (report.pulled, report.blobs_fetched, report.blobs_missing) == (0, 0, 1)

    clock[0] += 61  # the first retry is due after a minute
    sent, report = bob_requests.during(bob)
    assert sent == ["POST /v1/pull", f"GET /v1/blobs/{sha}/content"]
    assert report.blobs_missing == 1
    clock[0] += 61  # the second waits two minutes
    sent, _ = bob_requests.during(bob)
    assert sent == ["POST /v1/pull"]
    clock[0] += 60
    sent, _ = bob_requests.during(bob)
    assert sent == ["POST /v1/pull", f"GET /v1/blobs/{sha}/content"]

    # An edit from a colleague arrives in that one request too.
    ann.accounts.update_account(acc, {"name": "Acme Ltd"})
    ann.sync()
    sent, report = bob_requests.during(bob)
    assert sent == ["POST /v1/pull"]
    assert report.pulled == 1
    assert bob.rows("SELECT name FROM accounts WHERE id = ?", acc.hex) == [("Acme Ltd",)]

    # Ann's laptop gets the file and uploads it; Bob's next due retry fetches it.
    BlobStore(ann.path).put(data)
    assert ann.sync().blob_bytes_sent == len(data)
    clock[0] += 3600
    sent, report = bob_requests.during(bob)
    assert (report.blobs_fetched, report.blobs_missing) == (1, 0)
    assert BlobStore(bob.path).read(sha) == data
    assert _status(bob, tmp_path).files_missing == 0
    sent, report = bob_requests.during(bob)  # neither downloaded nor asked about again
    assert sent == ["POST /v1/pull"]
    assert (report.blobs_fetched, report.blobs_missing) == (0, 0)


def test_backoff_doubles_up_to_a_ceiling() -> None:
    assert [blobs.backoff(n) for n in (1, 2, 3, 4)] == [60.0, 120.0, 240.0, 480.0]
    assert blobs.backoff(30) == blobs.RETRY_MAX_SECONDS == 6 * 3600


def test_a_deep_sync_asks_for_every_missing_file(make_replica: Any, admin_db: Database) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    sha = _attach_without_file(ann, admin_db, acc, b"never uploaded")
    ann.sync()
    bob.sync()
    bob_requests = Requests(bob)
    sent, report = bob_requests.during(bob, deep=True)
    assert f"GET /v1/blobs/{sha}/content" in sent
    assert report.blobs_missing == 1
