"""Blobs by possession, through HTTP on SQLite and PostgreSQL: a row may name a
blob only if the pusher sent it in full or already sees it attached; status and
content answer only within scope (a blob that is not yours reads exactly as one
that does not exist); each chunk is hash-checked and a wrong one replaced."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from typing import Any

from server import blobs
from tests.server.pipeline_rows import edit, row
from tests.server.test_server_decides import Client, World, world  # noqa: F401


def _put(who: Client, sha: str, size: int, offset: int, data: bytes,
         chunk_sha: str | None = None) -> Any:
    return who.http.put(f"/v1/blobs/{sha}", content=data, params={"size": size, "offset": offset},
                        headers={"authorization": f"Bearer {who.token}",
                                 "content-type": "application/octet-stream",
                                 "x-chunk-sha256": chunk_sha or hashlib.sha256(data).hexdigest()})


def _upload(who: Client, data: bytes) -> str:
    sha = hashlib.sha256(data).hexdigest()
    answer = _put(who, sha, len(data), 0, data)
    assert answer.status_code == 200 and answer.json()["complete"] is True, answer.text
    return sha


def _status(who: Client, sha: str) -> dict[str, Any]:
    response = who.http.get(f"/v1/blobs/{sha}",
                            headers={"authorization": f"Bearer {who.token}"})
    assert response.status_code == 200, response.text
    return response.json()


def _content(who: Client, sha: str) -> Any:
    return who.http.get(f"/v1/blobs/{sha}/content",
                        headers={"authorization": f"Bearer {who.token}"})


def _attachment(acc: dict[str, Any], sha: str, size: int) -> dict[str, Any]:
    return row("attachments", account_id=acc["id"], record_table="accounts",
               record_id=acc["id"], kind="brochure", file_name="p.pdf",
               media_type="application/pdf", size=size, sha256=sha)


def test_a_blob_outside_scope_reads_as_absent(world: World) -> None:  # noqa: F811
    data = b"secret price list" * 10
    sha = _upload(world.as_bob, data)
    acc = world.account(world.as_bob, world.west)
    assert world.as_bob.one("attachments", _attachment(acc, sha, len(data)))["status"] == \
        "applied"
    assert _status(world.as_bob, sha)["complete"] is True
    assert _content(world.as_bob, sha).content == data
    unknown = hashlib.sha256(b"nothing").hexdigest()
    hidden, absent = _status(world.as_ann, sha), _status(world.as_ann, unknown)
    assert {**hidden, "sha256": None} == {**absent, "sha256": None} == {
        "sha256": None, "size": None, "received": 0, "complete": False}
    assert (_content(world.as_ann, sha).status_code, _content(world.as_ann, sha).json()) == \
        (_content(world.as_ann, unknown).status_code, _content(world.as_ann, unknown).json())
    assert _content(world.as_ann, sha).status_code == 404
    # Sending part of it, right or wrong, answers as for a blob nobody has.
    for name in (sha, unknown):
        first = _put(world.as_ann, name, len(data), 0, b"x" * 10)
        assert (first.status_code, first.json()["received"]) == (200, 10)
    wrong = _put(world.as_ann, sha, len(data), 10, b"x" * (len(data) - 10))
    assert wrong.status_code == 422 and "does not match its SHA-256" in wrong.json()["detail"]
    assert _status(world.as_ann, sha)["received"] == 0  # dropped: she starts again
    proved = _put(world.as_ann, sha, len(data), 0, data).json()  # she has the bytes
    assert proved["complete"] is True
    assert _content(world.as_ann, sha).content == data


def test_a_claimed_blob_hash_is_refused(world: World) -> None:  # noqa: F811
    data = b"west territory price list" * 20
    sha = _upload(world.as_bob, data)
    theirs = world.account(world.as_bob, world.west)
    assert world.as_bob.one("attachments", _attachment(theirs, sha, len(data)))["status"] == \
        "applied"
    mine = world.account(world.as_ann, world.east)
    claimed = world.as_ann.one("attachments", _attachment(mine, sha, len(data)))
    assert claimed["status"] == "rejected" and "not uploaded in full" in claimed["reason"]
    library = world.as_ann.one("sales_materials", row("sales_materials", sha256=sha))
    assert library["status"] == "rejected" and "not uploaded in full" in library["reason"]
    assert _content(world.as_ann, sha).status_code == 404
    # half an upload is no possession either
    half = hashlib.sha256(b"half" * 100).hexdigest()
    assert _put(world.as_ann, half, 400, 0, b"half" * 50).json()["complete"] is False
    partial = world.as_ann.one("attachments", _attachment(mine, half, 400))
    assert partial["status"] == "rejected"
    # an edit that swaps the hash of a row she may have is checked too
    own = _upload(world.as_ann, b"my own brochure")
    ok = _attachment(mine, own, 15)
    assert world.as_ann.one("attachments", ok)["status"] == "applied"
    swapped = world.as_ann.push(edit(0, "attachments", ok["id"], ok, {"sha256": sha}))[0]
    assert swapped["status"] == "rejected", swapped


def test_a_blob_attached_in_sight_may_be_attached_again(world: World) -> None:  # noqa: F811
    data = b"east brochure" * 30
    sha = _upload(world.as_ann, data)
    acc = world.account(world.as_ann, world.east)
    assert world.as_ann.one("attachments", _attachment(acc, sha, len(data)))["status"] == \
        "applied"
    # Her manager never uploaded it, but sees it attached: he may attach it elsewhere.
    other = world.account(world.as_boss, world.east)
    again = world.as_boss.one("attachments", _attachment(other, sha, len(data)))
    assert again["status"] == "applied", again
    assert _status(world.as_boss, sha)["complete"] is True
    assert _content(world.as_boss, sha).content == data


def test_a_wrong_chunk_can_be_sent_again(world: World) -> None:  # noqa: F811
    data = bytes(range(256)) * 8
    sha = hashlib.sha256(data).hexdigest()
    assert _put(world.as_ann, sha, len(data), 0, data[:1024]).status_code == 200
    assert _put(world.as_ann, sha, len(data), 1024, b"\0" * 512).status_code == 200
    assert _status(world.as_ann, sha)["received"] == 1536
    assert _put(world.as_ann, sha, len(data), 1024, data[1024:1536]).status_code == 200
    done = _put(world.as_ann, sha, len(data), 1536, data[1536:])
    assert done.status_code == 200 and done.json()["complete"] is True, done.text
    # complete: the wrong bytes were replaced, or the SHA-256 check would have failed
    assert _content(world.as_ann, sha).content == data
    assert _status(world.as_ann, sha) == {"sha256": sha, "size": len(data),
                                          "received": len(data), "complete": True}


def test_a_chunk_that_does_not_match_its_hash_is_refused(world: World) -> None:  # noqa: F811
    data = b"abc" * 100
    sha = hashlib.sha256(data).hexdigest()
    damaged = _put(world.as_ann, sha, len(data), 0, data[:100],
                   chunk_sha=hashlib.sha256(b"something else").hexdigest())
    assert damaged.status_code == 422
    assert "X-Chunk-SHA256" in damaged.json()["detail"]
    assert _status(world.as_ann, sha)["received"] == 0  # nothing kept
    missing = world.as_ann.http.put(
        f"/v1/blobs/{sha}", content=data, params={"size": len(data), "offset": 0},
        headers={"authorization": f"Bearer {world.as_ann.token}",
                 "content-type": "application/octet-stream"})
    assert missing.status_code == 422, missing.text
    assert _put(world.as_ann, sha, len(data), 0, data).json()["complete"] is True


def test_uploads_in_flight_are_apart(world: World) -> None:  # noqa: F811
    """Bob's half-sent upload is neither visible to Ann nor disturbed by her."""
    data = bytes(range(200)) * 10
    sha = hashlib.sha256(data).hexdigest()
    assert _put(world.as_bob, sha, len(data), 0, data[:1000]).json()["received"] == 1000
    assert _status(world.as_ann, sha)["received"] == 0
    assert _put(world.as_ann, sha, 7, 0, b"garbage").status_code == 422  # another size
    assert _put(world.as_ann, sha, len(data), 0, b"\1" * 1000).status_code == 200
    assert _status(world.as_bob, sha)["received"] == 1000
    done = _put(world.as_bob, sha, len(data), 1000, data[1000:]).json()
    assert done["complete"] is True
    assert _content(world.as_bob, sha).content == data
    assert _content(world.as_ann, sha).status_code == 404


def test_unfinished_uploads_are_pruned(world: World) -> None:  # noqa: F811
    data = b"left behind" * 100
    sha = hashlib.sha256(data).hexdigest()
    assert _put(world.as_ann, sha, len(data), 0, data[:500]).json()["received"] == 500
    assert blobs.prune_uploads(world.db, datetime.now(UTC) - timedelta(days=7)) == 0
    assert blobs.prune_uploads(world.db, datetime.now(UTC) + timedelta(seconds=1)) == 1
    assert _status(world.as_ann, sha)["received"] == 0
