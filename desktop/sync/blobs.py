"""The client's blob store and blob transfer.

Files live next to the cache, named by their SHA-256 and never changed
(``<cache>.blobs/ab/abcdef…``). Before a push, attachments whose blob the
server lacks are uploaded in chunks from wherever the server's copy stops, so
an interrupted upload resumes; after a pull, blobs of new attachments are
downloaded and checked against their hash.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from pathlib import Path

from desktop.sync.transport import Transport

CHUNK = 256 * 1024


class BlobStore:
    def __init__(self, cache_path: Path) -> None:
        self.root = cache_path.with_name(cache_path.name + ".blobs")

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).exists()

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
                tmp.write(data)
                tmp.flush()
                os.fsync(tmp.fileno())
            os.replace(tmp.name, target)  # whole or not at all
        return sha

    def read(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()


def upload_missing(conn: sqlite3.Connection, store: BlobStore, transport: Transport) -> int:
    """Send every local blob an attachment names that the server lacks."""
    sent = 0
    shas = {sha for (sha,) in conn.execute("SELECT DISTINCT sha256 FROM attachments")}
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
        conn.execute("INSERT OR REPLACE INTO sync_state(key, value) VALUES (?, 'uploaded')",
                     (f"blob:{sha}",))
    return sent


def download_missing(conn: sqlite3.Connection, store: BlobStore, transport: Transport) -> int:
    """Fetch blobs of attachments that arrived without their bytes."""
    fetched = 0
    for (sha,) in conn.execute("SELECT DISTINCT sha256 FROM attachments "
                               "WHERE deleted_at IS NULL").fetchall():
        if store.has(sha):
            continue
        data = transport.get_bytes(f"/v1/blobs/{sha}/content")
        if data is None or hashlib.sha256(data).hexdigest() != sha:
            continue  # not uploaded yet by its author: the next sync tries again
        store.put(data)
        fetched += 1
    return fetched
