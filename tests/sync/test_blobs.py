"""Attachments' files travel as content-addressed blobs: chunked, resumable,
stored once, readable only by whoever can see the attachment."""

from __future__ import annotations

import hashlib
import os
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from desktop.domain.schema.sales import Attachment
from desktop.store.blobs import BlobStore
from desktop.sync.blobs import CHUNK
from desktop.sync.errors import Offline
from desktop.sync.transport import Transport
from tests.sync.conftest import Replica, territory_id

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


class CutAfterChunks(Transport):
    """The network drops after a few chunks went through."""

    def __init__(self, *args: Any, chunks: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.left = chunks

    def put_bytes(self, path: str, data: bytes, params: dict[str, Any]) -> dict[str, Any]:
        if self.left == 0:
            raise Offline("network gone")
        self.left -= 1
        return super().put_bytes(path, data, params)


def _attach(replica: Replica, account: uuid.UUID, data: bytes, name: str) -> str:
    sha = BlobStore(replica.path).put(data)
    with replica.store.unit_of_work() as uow:
        uow.session.add(Attachment(
            id=uuid.uuid4(), account_id=account, record_table="accounts", record_id=account,
            kind="brochure", file_name=name, sha256=sha, size=len(data), created_at=NOW,
            updated_at=NOW))
        uow.commit()
    return sha


def test_interrupted_upload_resumes_and_others_download(make_replica: Any) -> None:
    ann, bob = make_replica("ann"), make_replica("bob")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    brochure = os.urandom(CHUNK * 4 + 1234)
    sha = _attach(ann, acc, brochure, "brochure.pdf")
    _attach(ann, acc, brochure, "same-brochure-again.pdf")  # stored and sent once
    original = ann.client.transport
    ann.client.transport = CutAfterChunks(ann.server.url, ann.token, chunks=2)
    with pytest.raises(Offline):
        ann.sync()
    status = original.get_json(f"/v1/blobs/{sha}")
    assert (status["received"], status["complete"]) == (2 * CHUNK, False)
    ann.client.transport = original
    report = ann.sync()
    assert report.blob_bytes_sent == len(brochure) - 2 * CHUNK  # only the rest
    assert original.get_json(f"/v1/blobs/{sha}")["complete"] is True
    assert bob.sync().blobs_fetched == 1
    assert BlobStore(bob.path).read(sha) == brochure
    assert hashlib.sha256(BlobStore(bob.path).read(sha)).hexdigest() == sha
    assert ann.sync().blob_bytes_sent == 0  # nothing twice


def test_a_blob_is_only_for_those_who_see_its_attachment(make_replica: Any) -> None:
    ann, wes = make_replica("ann", ("EAST",)), make_replica("wes", ("WEST",))
    ann.sync()
    wes.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    sha = _attach(ann, acc, b"%PDF-1.4 private price list", "prices.pdf")
    ann.sync()
    assert wes.client.transport.get_bytes(f"/v1/blobs/{sha}/content") is None
    assert ann.client.transport.get_bytes(f"/v1/blobs/{sha}/content") == \
        b"%PDF-1.4 private price list"


def test_content_that_does_not_match_its_hash_is_refused(make_replica: Any) -> None:
    ann = make_replica("ann")
    sha = hashlib.sha256(b"the real thing").hexdigest()
    from desktop.sync.errors import Refused

    with pytest.raises(Refused, match="does not match") as refused:
        ann.client.transport.put_bytes(f"/v1/blobs/{sha}", b"forged content",
                                       {"size": 14, "offset": 0})
    assert (refused.value.status, refused.value.code) == (422, "refused")
    assert ann.client.transport.get_json(f"/v1/blobs/{sha}")["size"] is None


class DamagesOneChunk(Transport):
    """The second chunk arrives damaged once (its hash says what was sent)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.calls = 0

    def put_bytes(self, path: str, data: bytes, params: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        if self.calls != 2:
            return super().put_bytes(path, data, params)
        from desktop.sync.transport import BLOB_STATUS

        return self._json("PUT", path, BLOB_STATUS, content=b"\0" + data[1:], params=params,
                          headers={"X-Chunk-SHA256": hashlib.sha256(data).hexdigest()})


def test_a_chunk_damaged_on_the_way_is_sent_again(make_replica: Any) -> None:
    ann = make_replica("ann")
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    brochure = os.urandom(CHUNK * 3 + 17)
    sha = _attach(ann, acc, brochure, "brochure.pdf")
    ann.client.transport = DamagesOneChunk(ann.server.url, ann.token)
    report = ann.sync()
    assert report.rejected == 0  # the attachment was accepted: its file had arrived
    assert ann.client.transport.calls == 5  # four chunks, one of them twice
    assert ann.client.transport.get_bytes(f"/v1/blobs/{sha}/content") == brochure
