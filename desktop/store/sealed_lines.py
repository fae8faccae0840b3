"""Text files beside the cache sealed line by line: import batches
(``<cache>.imports/``) hold ids and customers' field values, so beside an
encrypted cache they are encrypted too.

Each line is sealed on its own (appending a chunk stays one short write):
``FBL1`` + base64 of a 12-byte nonce and the AES-256-GCM ciphertext, under a
key derived from the cache's key with HKDF (its own label, so it is not the
blobs' key), the file's name as associated data (a line copied into another
batch's file does not open). A plain line starts with ``{`` and still reads,
so batch files written before the cache was encrypted open; sealing them
(:func:`seal_plain_batches`) happens when the cache is encrypted.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store import side_files

if TYPE_CHECKING:
    from desktop.store.cipher import CacheKey

PURPOSE = b"fieldbook cache side files v1"  # HKDF info: never change it
MAGIC = "FBL1"
NONCE = 12


class LineUnreadable(Exception):
    """A sealed line that does not open (another key, or no key given)."""


def batch_folder(cache: Path) -> Path:
    """Where the import batches of ``cache`` live."""
    return cache.with_name(cache.name + ".imports")


class LineSeal:
    """Seals and opens the lines of one cache's side files (plain when ``key`` is None)."""

    def __init__(self, key: CacheKey | None) -> None:
        self._aead = side_files.aead(key, PURPOSE) if key is not None else None

    @property
    def sealing(self) -> bool:
        return self._aead is not None

    def seal(self, text: str, name: str) -> str:
        """``text`` (one line, no newline) as written to the file called ``name``."""
        if self._aead is None:
            return text
        nonce = secrets.token_bytes(NONCE)
        sealed = self._aead.encrypt(nonce, text.encode("utf-8"), name.encode("utf-8"))
        return MAGIC + base64.b64encode(nonce + sealed).decode("ascii")

    def open(self, line: str, name: str) -> str:
        """The text of a stored line, plain or sealed; :class:`LineUnreadable` when
        it is neither plain nor opens with this key (a line cut short, too)."""
        if not line.startswith(MAGIC):
            return line
        if self._aead is None:
            raise LineUnreadable(f"{name} is encrypted: it opens only with the cache's key")
        from cryptography.exceptions import InvalidTag

        try:
            raw = base64.b64decode(line[len(MAGIC):], validate=True)
            return self._aead.decrypt(raw[:NONCE], raw[NONCE:], name.encode("utf-8")).decode(
                "utf-8")
        except (binascii.Error, InvalidTag, ValueError) as exc:
            raise LineUnreadable(f"a line of {name} does not open with this cache's key") from exc


def seal_plain_batches(cache: Path, key: CacheKey) -> int:
    """Seal every plain line of the batch files beside ``cache`` (the cache is being
    encrypted); returns the files rewritten. Each file is replaced whole, so a run
    cut short simply resumes."""
    folder = batch_folder(cache)
    if not folder.is_dir():
        return 0
    seal = LineSeal(key)
    done = 0
    for path in sorted([*folder.glob("*.json"), *folder.glob("*.rows")]):
        lines = path.read_text(encoding="utf-8").splitlines()
        if all(line.startswith(MAGIC) for line in lines if line):
            continue
        out = [line if line.startswith(MAGIC) else seal.seal(line, path.name)
               for line in lines if line]
        side_files.write_whole(path, "".join(f"{line}\n" for line in out).encode("utf-8"))
        done += 1
    return done

