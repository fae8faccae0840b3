"""The client's blob store: attachment files next to the cache, named by their SHA-256.

Files live in ``<cache>.blobs/ab/abcdef…`` and never change once written. Sync's
transfer (``desktop.sync.blobs``) uploads and downloads them; services and demo data
read and write them here.

Beside an encrypted cache each file is sealed with AES-256-GCM under a key derived
from the cache's key (HKDF), the blob's hash as associated data (a file renamed to
another blob's name fails to open): ``FBE1`` + 12-byte nonce + ciphertext and tag.
The name stays the plaintext's SHA-256, which sync needs and which reveals only
whether a known file is present.
"""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import side_files

if TYPE_CHECKING:
    from desktop.store.cipher import CacheKey

PURPOSE = b"fieldbook cache blobs v1"  # HKDF info: never change it
MAGIC = b"FBE1"
NONCE = 12


class BlobUnreadable(Exception):
    """A blob file that does not open with this cache's key."""


class BlobStore:
    def __init__(self, cache_path: Path, key: CacheKey | None = None) -> None:
        self.root = cache_path.with_name(cache_path.name + ".blobs")
        self._aead = side_files.aead(key, PURPOSE) if key is not None else None

    def path(self, sha: str) -> Path:
        return self.root / sha[:2] / sha

    def has(self, sha: str) -> bool:
        return self.path(sha).exists()

    def put(self, data: bytes) -> str:
        """Store ``data`` (once) and return its SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if not target.exists():
            side_files.write_whole(target, self.seal(sha, data))
        return sha

    def read(self, sha: str) -> bytes:
        return self.open(sha, self.path(sha).read_bytes())

    def seal(self, sha: str, data: bytes) -> bytes:
        """``data`` as it is kept on disk (encrypted when the cache is)."""
        if self._aead is None:
            return data
        nonce = secrets.token_bytes(NONCE)
        return MAGIC + nonce + self._aead.encrypt(nonce, data, sha.encode())

    def open(self, sha: str, stored: bytes) -> bytes:
        """The plaintext of a file as kept on disk; never a plain file beside an
        encrypted cache (it is refused rather than trusted)."""
        if self._aead is None:
            return stored
        from cryptography.exceptions import InvalidTag

        if not stored.startswith(MAGIC):
            raise BlobUnreadable(f"blob {sha} is not encrypted with this cache")
        nonce = stored[len(MAGIC):len(MAGIC) + NONCE]
        try:
            return self._aead.decrypt(nonce, stored[len(MAGIC) + NONCE:], sha.encode())
        except InvalidTag as exc:
            raise BlobUnreadable(f"blob {sha} does not open with this cache's key") from exc

    def encrypt_plain_files(self) -> int:
        """Seal every plain file (a cache being encrypted); returns how many.
        Each file is replaced whole, so an interrupted run simply resumes."""
        if self._aead is None or not self.root.is_dir():
            return 0
        done = 0
        for path in sorted(self.root.glob("??/*")):
            if not path.is_file():
                continue
            data = path.read_bytes()
            if hashlib.sha256(data).hexdigest() != path.name:
                continue  # sealed already (or a temporary file cut short)
            side_files.write_whole(path, self.seal(path.name, data))
            done += 1
        return done

