"""Content-addressed blobs, received in chunks: resumable and deduplicated.

A client asks how much of a blob the server already has, then sends the rest
from there. A blob is stored once however many attachments name it; once its
chunks cover its size it is checked against its SHA-256 and marked complete.
"""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from desktop.domain.protocol import BLOB_CHUNK_MAX, BLOB_SIZE_MAX
from server.db import Database
from server.tables import blob_chunks, blobs

CHUNK_MAX = BLOB_CHUNK_MAX  # bytes in one request
SIZE_MAX = BLOB_SIZE_MAX
SHA = re.compile(r"^[0-9a-f]{64}$")


class BlobError(ValueError):
    """A request that does not fit the blob; the message says how."""


def _received(conn: Connection, sha: str) -> int:
    """Bytes held from offset 0 without a gap."""
    received = 0
    for offset, chunk in conn.execute(
            select(blob_chunks.c.offset, blob_chunks.c.data).where(blob_chunks.c.sha256 == sha)
            .order_by(blob_chunks.c.offset)).all():
        if offset > received:
            break
        received = max(received, offset + len(chunk))
    return received


def status(db: Database, sha: str, seen: bool = True) -> dict[str, Any]:
    """How much is here; a complete blob the caller may not see answers as absent."""
    if not SHA.match(sha):
        raise BlobError("a blob is named by its SHA-256 in hex")
    with db.plain() as conn:
        row = conn.execute(select(blobs).where(blobs.c.sha256 == sha)).first()
        if row is None or (row.complete and not seen):
            return {"sha256": sha, "size": None, "received": 0, "complete": False}
        received = row.size if row.complete else _received(conn, sha)
        return {"sha256": sha, "size": row.size, "received": received,
                "complete": bool(row.complete)}


def put_chunk(db: Database, sha: str, size: int, offset: int, data: bytes,
              now: datetime, seen: bool = True) -> dict[str, Any]:
    """Store a chunk (a different one at the same offset replaces it). ``seen``:
    the caller may see the blob; otherwise a complete blob answers only as far
    as the caller has sent matching bytes, so its existence is not revealed."""
    if not SHA.match(sha):
        raise BlobError("a blob is named by its SHA-256 in hex")
    if not 0 < size <= SIZE_MAX or offset < 0 or offset + len(data) > size:
        raise BlobError("the chunk does not fit the blob's size")
    if not data or len(data) > CHUNK_MAX:
        raise BlobError(f"a chunk holds 1 to {CHUNK_MAX} bytes")
    with db.plain() as conn:
        row = conn.execute(select(blobs).where(blobs.c.sha256 == sha)).first()
        if row is None:
            conn.execute(insert(blobs).values(sha256=sha, size=size, complete=False,
                                              created_at=now))
        elif row.size != size:
            raise BlobError("this blob was started with another size")
        elif row.complete:
            if not seen and _stored(conn, sha, offset, len(data)) != data:
                raise BlobError("the content does not match its SHA-256; send it again")
            # Without sight of the blob, what is here is only what the caller proved.
            end = size if seen else offset + len(data)
            return {"sha256": sha, "size": size, "received": end, "complete": end == size}
        exists = conn.execute(select(blob_chunks.c.data).where(
            blob_chunks.c.sha256 == sha, blob_chunks.c.offset == offset)).first()
        if exists is None:
            conn.execute(insert(blob_chunks).values(sha256=sha, offset=offset, data=data))
        elif exists.data != data:  # a wrong chunk sent before: this one replaces it
            conn.execute(update(blob_chunks).where(
                blob_chunks.c.sha256 == sha, blob_chunks.c.offset == offset).values(data=data))
        received = _received(conn, sha)
        if received >= size:
            whole = hashlib.sha256()
            for (chunk,) in conn.execute(select(blob_chunks.c.data).where(
                    blob_chunks.c.sha256 == sha).order_by(blob_chunks.c.offset)):
                whole.update(chunk)
            if whole.hexdigest() != sha:
                conn.execute(delete(blob_chunks).where(blob_chunks.c.sha256 == sha))
                conn.execute(delete(blobs).where(blobs.c.sha256 == sha))
                raise BlobError("the content does not match its SHA-256; send it again")
            conn.execute(update(blobs).where(blobs.c.sha256 == sha).values(complete=True))
            return {"sha256": sha, "size": size, "received": size, "complete": True}
        return {"sha256": sha, "size": size, "received": received, "complete": False}


def _stored(conn: Connection, sha: str, offset: int, length: int) -> bytes:
    """The complete blob's bytes at ``offset``."""
    whole = b"".join(chunk for (chunk,) in conn.execute(
        select(blob_chunks.c.data).where(blob_chunks.c.sha256 == sha)
        .order_by(blob_chunks.c.offset)))
    return whole[offset:offset + length]


def content(db: Database, sha: str) -> bytes | None:
    with db.plain() as conn:
        row = conn.execute(select(blobs.c.complete).where(blobs.c.sha256 == sha)).first()
        if row is None or not row.complete:
            return None
        return b"".join(chunk for (chunk,) in conn.execute(
            select(blob_chunks.c.data).where(blob_chunks.c.sha256 == sha)
            .order_by(blob_chunks.c.offset)))
