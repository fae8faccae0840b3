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
from desktop.sync.errors import Conflict, Refused
from desktop.sync.local import Local
from desktop.sync.transport import Transport

CHUNK = 256 * 1024
CHUNK_TRIES = 3  # a chunk refused (damaged on the way, or a race) is sent again
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
        if hashlib.sha256(data).hexdigest() != sha:
            continue  # damaged here: the server would refuse it (its row says why)
        sent += _upload(transport, sha, data)
        local.put(f"blob:{sha}", "uploaded")
    return sent


def _upload(transport: Transport, sha: str, data: bytes) -> int:
    """Send ``data`` from where our upload on the server stops (each chunk with
    its SHA-256). A chunk the server refused as damaged on the way, or that
    raced another request, is sent again from the server's answer, a few times."""
    path, sent, tries = f"/v1/blobs/{sha}", 0, 0
    received = _resume_at(transport.get_json(path), len(data))
    while received < len(data):
        chunk = data[received:received + CHUNK]
        try:
            state = transport.put_bytes(path, chunk, {"size": len(data), "offset": received})
            sent += len(chunk)
        except (Refused, Conflict):
            tries += 1
            if tries >= CHUNK_TRIES:
                raise
            state = transport.get_json(path)
        received = _resume_at(state, len(data))
    return sent


def _resume_at(state: dict[str, object], size: int) -> int:
    """Where to go on from: the end once complete, 0 for an upload of another size."""
    if state.get("complete"):
        return size
    received = state.get("received")
    return int(received) if state.get("size") == size and isinstance(received, int) else 0


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
