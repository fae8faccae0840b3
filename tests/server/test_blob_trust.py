"""Blobs by possession, through HTTP on SQLite and PostgreSQL: the status of a
blob the caller may not see reads as absent, and a wrong chunk can be replaced."""

from __future__ import annotations

import hashlib
from typing import Any

from tests.server.pipeline_rows import row
from tests.server.test_server_decides import Client, World, world  # noqa: F401


def _put(who: Client, sha: str, size: int, offset: int, data: bytes) -> Any:
    return who.http.put(f"/v1/blobs/{sha}", content=data, params={"size": size, "offset": offset},
                        headers={"authorization": f"Bearer {who.token}",
                                 "content-type": "application/octet-stream"})


def _status(who: Client, sha: str) -> dict[str, Any]:
    response = who.http.get(f"/v1/blobs/{sha}",
                            headers={"authorization": f"Bearer {who.token}"})
    assert response.status_code == 200, response.text
    return response.json()


def test_a_blob_outside_scope_reads_as_absent(world: World) -> None:  # noqa: F811
    data = b"secret price list" * 10
    sha = hashlib.sha256(data).hexdigest()
    assert _put(world.as_bob, sha, len(data), 0, data).json()["complete"] is True
    acc = world.account(world.as_bob, world.west)
    assert world.as_bob.one("attachments", row(
        "attachments", account_id=acc["id"], record_table="accounts", record_id=acc["id"],
        kind="brochure", file_name="p.pdf", media_type="application/pdf", size=len(data),
        sha256=sha))["status"] == "applied"
    assert _status(world.as_bob, sha)["complete"] is True
    unknown = hashlib.sha256(b"nothing").hexdigest()
    hidden, absent = _status(world.as_ann, sha), _status(world.as_ann, unknown)
    assert {**hidden, "sha256": None} == {**absent, "sha256": None}
    assert world.as_ann.http.get(f"/v1/blobs/{sha}/content", headers={
        "authorization": f"Bearer {world.as_ann.token}"}).status_code == 404
    wrong = _put(world.as_ann, sha, len(data), 0, b"x" * len(data))
    assert wrong.status_code == 422
    proved = _put(world.as_ann, sha, len(data), 0, data).json()  # she has the bytes
    assert proved["complete"] is True


def test_a_wrong_chunk_can_be_sent_again(world: World) -> None:  # noqa: F811
    data = bytes(range(256)) * 8
    sha = hashlib.sha256(data).hexdigest()
    assert _put(world.as_ann, sha, len(data), 0, data[:1024]).status_code == 200
    assert _put(world.as_ann, sha, len(data), 1024, b"\0" * 512).status_code == 200
    assert _put(world.as_ann, sha, len(data), 1024, data[1024:1536]).status_code == 200
    done = _put(world.as_ann, sha, len(data), 1536, data[1536:])
    assert done.status_code == 200 and done.json()["complete"] is True, done.text
    # complete: the wrong bytes were replaced, or the SHA-256 check would have failed
    assert _put(world.as_ann, sha, len(data), 0, data[:1024]).json()["received"] == 1024
