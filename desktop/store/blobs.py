"""The client's blob store: attachment files next to the cache, named by their SHA-256.

Files live in ``<cache>.blobs/ab/abcdef…`` and never change once written. Sync's
transfer (``desktop.sync.blobs``) uploads and downloads them; services and demo data
read and write them here.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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
