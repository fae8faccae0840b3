"""Content-addressed blobs, received in chunks: resumable, deduplicated, and
held by possession.

A client asks how much of a blob it has sent, then sends the rest from there.
Each user's chunks in flight are kept apart (``blob_uploads``): an upload never
reveals or disturbs anyone else's, and a chunk sent again at the same offset
replaces the one before (a damaged chunk does not wedge the upload). Each chunk
comes with its own SHA-256, checked on arrival. Once a user's chunks cover the
size, their content must hash to the blob's SHA-256: the blob is then stored
once (if it was not already) and the user recorded as its holder
(``blob_holders``), which lets them see it and attach it (``server.possession``).

What a caller is told depends only on what they sent or may see: a blob that
exists but is not theirs answers exactly as one that does not exist.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from desktop.domain.protocol import BLOB_CHUNK_MAX, BLOB_SIZE_MAX
from server.db import Database
from server.tables import blob_chunks, blob_holders, blob_uploads, blobs

CHUNK_MAX = BLOB_CHUNK_MAX  # bytes in one request
SIZE_MAX = BLOB_SIZE_MAX
SHA = re.compile(r"^[0-9a-f]{64}$")
MISMATCH = "the content does not match its SHA-256; send it again"


class BlobError(ValueError):
    """A request that does not fit the blob; the message says how."""


def _check_name(sha: str) -> None:
    if not SHA.match(sha):
        raise BlobError("a blob is named by its SHA-256 in hex")


def holds(conn: Connection, sha: str, user_id: uuid.UUID) -> bool:
    """The user sent this blob's whole content (and it hashed right)."""
    return conn.execute(select(blob_holders.c.sha256).where(
        blob_holders.c.sha256 == sha, blob_holders.c.user_id == user_id)).first() is not None


def _complete_size(conn: Connection, sha: str) -> int | None:
    row = conn.execute(select(blobs.c.size, blobs.c.complete).where(
        blobs.c.sha256 == sha)).first()
    return int(row.size) if row is not None and row.complete else None


def _mine(sha: str, user_id: uuid.UUID) -> Any:
    return (blob_uploads.c.sha256 == sha) & (blob_uploads.c.user_id == user_id)


def _progress(conn: Connection, sha: str, user_id: uuid.UUID) -> tuple[int | None, int]:
    """(size, bytes held from offset 0 without a gap) of the user's own upload."""
    size, received = None, 0
    for offset, length, claimed in conn.execute(
            select(blob_uploads.c.offset, func.length(blob_uploads.c.data), blob_uploads.c.size)
            .where(_mine(sha, user_id)).order_by(blob_uploads.c.offset)).all():
        size = int(claimed)
        if offset > received:
            break
        received = max(received, int(offset) + int(length))
    return size, received


def status(db: Database, sha: str, user_id: uuid.UUID, seen: bool) -> dict[str, Any]:
    """A complete blob the caller may see, or else how much the caller has sent."""
    _check_name(sha)
    with db.plain() as conn:
        size = _complete_size(conn, sha)
        if size is not None and seen:
            return {"sha256": sha, "size": size, "received": size, "complete": True}
        claimed, received = _progress(conn, sha, user_id)
        return {"sha256": sha, "size": claimed, "received": received, "complete": False}


def put_chunk(db: Database, sha: str, size: int, offset: int, data: bytes, chunk_sha: str,
              user_id: uuid.UUID, now: datetime, seen: bool) -> dict[str, Any]:
    """Keep one chunk of the caller's upload (replacing one sent before at the
    same offset); when the upload covers ``size``, check it and store it."""
    _check_name(sha)
    if not 0 < size <= SIZE_MAX or offset < 0 or offset + len(data) > size:
        raise BlobError("the chunk does not fit the blob's size")
    if not data or len(data) > CHUNK_MAX:
        raise BlobError(f"a chunk holds 1 to {CHUNK_MAX} bytes")
    if hashlib.sha256(data).hexdigest() != chunk_sha.lower():
        raise BlobError("the chunk does not match its X-Chunk-SHA256: it was damaged on the "
                        "way; send it again")
    # Read then write, one chunk of this blob at a time: on SQLite a plain
    # transaction could not become a writer beside another ("database is locked").
    with db.serial(f"blob:{sha}") as conn:
        stored = _complete_size(conn, sha)
        if stored is not None and seen:
            return {"sha256": sha, "size": stored, "received": stored, "complete": True}
        mine = _mine(sha, user_id)
        conn.execute(delete(blob_uploads).where(mine, blob_uploads.c.size != size))
        before = conn.execute(select(blob_uploads.c.data).where(
            mine, blob_uploads.c.offset == offset)).first()
        if before is None:
            conn.execute(insert(blob_uploads).values(
                sha256=sha, user_id=user_id, offset=offset, size=size, data=data,
                created_at=now))
        elif before.data != data:  # a wrong chunk sent before: this one replaces it
            conn.execute(update(blob_uploads).where(mine, blob_uploads.c.offset == offset)
                         .values(data=data))
        _, received = _progress(conn, sha, user_id)
        if received < size:
            return {"sha256": sha, "size": size, "received": received, "complete": False}
        if _finish(conn, sha, size, user_id, stored is None, now):
            return {"sha256": sha, "size": size, "received": size, "complete": True}
    raise BlobError(MISMATCH)  # the upload was dropped (committed above): start again at 0


def _finish(conn: Connection, sha: str, size: int, user_id: uuid.UUID, first: bool,
            now: datetime) -> bool:
    """The user's upload covers the blob: if it hashes right, store it (the first
    whole copy becomes the blob) and record the holder. The upload is dropped
    either way; False if the content does not match its SHA-256."""
    parts = list(_contiguous(conn, sha, user_id, size))
    whole = hashlib.sha256()
    for _at, part in parts:
        whole.update(part)
    conn.execute(delete(blob_uploads).where(_mine(sha, user_id)))
    if whole.hexdigest() != sha:
        return False
    if first:
        conn.execute(delete(blob_chunks).where(blob_chunks.c.sha256 == sha))
        conn.execute(delete(blobs).where(blobs.c.sha256 == sha))
        conn.execute(insert(blobs).values(sha256=sha, size=size, complete=True,
                                          created_at=now))
        for at, part in parts:
            conn.execute(insert(blob_chunks).values(sha256=sha, offset=at, data=part))
    if not holds(conn, sha, user_id):
        conn.execute(insert(blob_holders).values(sha256=sha, user_id=user_id,
                                                 created_at=now))
    return True


def _contiguous(conn: Connection, sha: str, user_id: uuid.UUID,
                size: int) -> Any:
    """The user's chunks as (offset, bytes) without overlaps, from 0 to ``size``."""
    at = 0
    for offset, data in conn.execute(select(blob_uploads.c.offset, blob_uploads.c.data).where(
            _mine(sha, user_id)).order_by(blob_uploads.c.offset)):
        if offset > at or at >= size:
            break
        part = bytes(data)[at - offset:]
        if part:
            yield at, part
            at += len(part)


def prune_uploads(db: Database, before: datetime) -> int:
    """Drop chunks of uploads left unfinished since ``before`` (a device that
    never came back); an upload still going on resumes from the first gap."""
    with db.plain() as conn:
        return int(conn.execute(delete(blob_uploads).where(
            blob_uploads.c.created_at < before)).rowcount or 0)


def content(db: Database, sha: str) -> bytes | None:
    with db.plain() as conn:
        if _complete_size(conn, sha) is None:
            return None
        return b"".join(chunk for (chunk,) in conn.execute(
            select(blob_chunks.c.data).where(blob_chunks.c.sha256 == sha)
            .order_by(blob_chunks.c.offset)))
