"""What the files sealed beside the cache share: a key of their own derived from
the cache's (HKDF, one ``purpose`` each, so a blob and a batch line never share
a key), and a write that lands whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from desktop.store.cipher import CacheKey


def aead(key: CacheKey, purpose: bytes) -> AESGCM:
    """AES-256-GCM under a key derived from the cache's for ``purpose``."""
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None,
                   info=purpose).derive(key.raw)
    return AESGCM(derived)


def write_whole(target: Path, data: bytes) -> None:
    """Write ``data`` at ``target`` whole or not at all (a temporary file, synced,
    then renamed over it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
        tmp.write(data)
        tmp.flush()
        os.fsync(tmp.fileno())
    os.replace(tmp.name, target)
