"""Blob transfer for the client's blob store (``desktop.store.blobs``).

Before a push, attachments whose blob the server lacks are uploaded in chunks
from wherever the server's copy stops, so an interrupted upload resumes; after a
pull, blobs of new attachments are downloaded and checked against their hash.
The shared sales materials (``sales_materials``) travel the same way.
"""

from __future__ import annotations

import hashlib
import sqlite3

from desktop.store.blobs import BlobStore
from desktop.sync.local import Local
from desktop.sync.transport import Transport

CHUNK = 256 * 1024


def upload_missing(local: Local, store: BlobStore, transport: Transport) -> int:
    """Send every local blob an attachment or sales material names that the server lacks."""
    conn = local.conn
    sent = 0
    shas = {sha for (sha,) in conn.execute(
        "SELECT sha256 FROM attachments UNION SELECT sha256 FROM sales_materials")}
    done = {key[5:] for (key,) in conn.execute(
        "SELECT key FROM sync_state WHERE key LIKE 'blob:%'")}
    for sha in sorted(shas - done):
        if not store.has(sha):
            continue  # someone else's file, not downloaded yet
        data = store.read(sha)
        state = transport.get_json(f"/v1/blobs/{sha}")
        received = int(state.get("received") or 0) if not state.get("complete") else len(data)
        while received < len(data):
            chunk = data[received:received + CHUNK]
            state = transport.put_bytes(f"/v1/blobs/{sha}", chunk,
                                        {"size": len(data), "offset": received})
            received = int(state["received"])
            sent += len(chunk)
        local.put(f"blob:{sha}", "uploaded")
    return sent


def download_missing(conn: sqlite3.Connection, store: BlobStore, transport: Transport) -> int:
    """Fetch blobs of attachments and sales materials that arrived without their bytes."""
    fetched = 0
    for (sha,) in conn.execute(
            "SELECT sha256 FROM attachments WHERE deleted_at IS NULL UNION "
            "SELECT sha256 FROM sales_materials WHERE deleted_at IS NULL").fetchall():
        if store.has(sha):
            continue
        data = transport.get_bytes(f"/v1/blobs/{sha}/content")
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            continue  # not uploaded yet by its author: the next sync tries again
        store.put(data)
        fetched += 1
    return fetched
