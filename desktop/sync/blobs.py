"""Blob transfer for the client's blob store (``desktop.store.blobs``).

Before a push, attachments whose blob the server lacks are uploaded in chunks
from wherever the server's copy stops, so an interrupted upload resumes; after a
pull, blobs of new attachments are downloaded and checked against their hash.
A file the server lacks is remembered and asked for again with backoff, never
on every sync.
The shared sales materials (``sales_materials``) travel the same way.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import time

from desktop.store.blobs import BlobStore
from desktop.sync.local import Local
from desktop.sync.transport import Transport

CHUNK = 256 * 1024
MISSING = "blob_missing:"
RETRY_FIRST_SECONDS = 60
RETRY_MAX_SECONDS = 6 * 3600
clock = time.time  # tests move it forward


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


def download_missing(local: Local, store: BlobStore, transport: Transport, *,
                     retry_all: bool = False) -> tuple[int, int]:
    """Fetch blobs of attachments and sales materials that arrived without their bytes.

    A file the server does not have (its author has not uploaded it yet) is
    remembered in ``sync_state`` (``blob_missing:<sha>``) and asked for again
    only after a backoff that doubles per failed attempt, so a sync with
    nothing to do sends no blob requests. Returns (fetched, still missing).
    """
    conn = local.conn
    now = clock()
    missing = {key[len(MISSING):]: json.loads(value) for key, value in conn.execute(
        "SELECT key, value FROM sync_state WHERE key LIKE 'blob_missing:%'")}
    named = {sha for (sha,) in conn.execute(
        "SELECT sha256 FROM attachments WHERE deleted_at IS NULL UNION "
        "SELECT sha256 FROM sales_materials WHERE deleted_at IS NULL")}
    fetched, still = 0, 0
    changes: dict[str, dict[str, float] | None] = {}
    for sha in sorted(named):
        if store.has(sha):
            if sha in missing:
                changes[sha] = None
            continue
        tried = missing.get(sha)
        if tried is not None and not retry_all and now < float(tried["retry_at"]):
            still += 1
            continue
        data = transport.get_bytes(f"/v1/blobs/{sha}/content")
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            attempts = int(tried["attempts"]) + 1 if tried else 1
            changes[sha] = {"attempts": attempts, "retry_at": now + backoff(attempts)}
            still += 1
            continue
        store.put(data)
        changes[sha] = None
        fetched += 1
    changes.update({sha: None for sha in missing.keys() - named})  # no longer needed
    if changes or fetched:
        def remember(c: sqlite3.Connection) -> None:
            for sha, state in changes.items():
                local.put(MISSING + sha, json.dumps(state) if state else None, c)
                if state is None and store.has(sha):
                    local.put(f"blob:{sha}", "uploaded", c)  # the server has it: no status ask
        local.write(remember)
    return fetched, still


def backoff(attempts: int) -> float:
    """Seconds until the next ask for a missing file: 1 min, 2, 4, ... at most 6 h."""
    return float(min(RETRY_FIRST_SECONDS * 2 ** (attempts - 1), RETRY_MAX_SECONDS))
