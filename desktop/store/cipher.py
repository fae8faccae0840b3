"""The one place that opens the cache file: plain SQLite or SQLCipher.

The app's cache is encrypted with SQLCipher 4 (``sqlcipher3``) under a random
256-bit key given raw (``x'…'``), so opening a connection costs no key
derivation. Tests, benchmarks and scripts may open a plain file by passing
``key=None`` explicitly; the app's start (``ui.cache_unlock``) always has a key.

Every opener of the cache (the read connections, the writer's bulk connection,
the ORM engine, sync, backups, migrations, demo data) calls :func:`connect` with
the key the :class:`~desktop.store.store.Store` carries.
"""

from __future__ import annotations

import secrets
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlcipher3 import dbapi2 as _cipher

from desktop.i18n import _

KEY_BYTES = 32
SQLITE_HEADER = b"SQLite format 3\x00"

# Errors from either driver: an encrypted cache's connections raise SQLCipher's
# own classes, which are not the stdlib's.
Error = (sqlite3.Error, _cipher.Error)
DatabaseError = (sqlite3.DatabaseError, _cipher.DatabaseError)
OperationalError = (sqlite3.OperationalError, _cipher.OperationalError)
IntegrityError = (sqlite3.IntegrityError, _cipher.IntegrityError)


@dataclass(frozen=True)
class CacheKey:
    """The cache's 256-bit key; its bytes never appear in a repr or a log."""

    raw: bytes = field(repr=False)

    def __post_init__(self) -> None:
        if len(self.raw) != KEY_BYTES:
            raise ValueError(f"a cache key has {KEY_BYTES} bytes, not {len(self.raw)}")

    @classmethod
    def generate(cls) -> CacheKey:
        return cls(secrets.token_bytes(KEY_BYTES))

    @classmethod
    def from_hex(cls, text: str) -> CacheKey:
        return cls(bytes.fromhex(text))

    def hex(self) -> str:
        return self.raw.hex()

    def literal(self) -> str:
        """The raw-key form SQLCipher takes: ``"x'…'"`` (no KDF per connection)."""
        return f"\"x'{self.raw.hex()}'\""


class WrongKey(Exception):
    """The cache is encrypted with another key (or is not a Fieldbook cache)."""

    def __init__(self, path: Path | str) -> None:
        super().__init__(_(
            "The cache {path} cannot be unlocked with this key or passphrase: it was "
            "encrypted with another one. Nothing was changed.").format(path=path))
        self.path = path


class Locked(Exception):
    """An encrypted cache opened without a key."""

    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The cache {path} is encrypted: it opens only with its key (from the "
            "keyring, or your passphrase).").format(path=path))
        self.path = path


def is_encrypted(path: Path) -> bool:
    """Whether ``path`` is an existing cache that is not plain SQLite."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return False
    return bool(head) and head != SQLITE_HEADER


def connect(path: Path | str, key: CacheKey | None, **kwargs: Any) -> sqlite3.Connection:
    """A connection to the cache: stdlib ``sqlite3`` when ``key`` is None, else
    SQLCipher keyed with ``key``; a wrong key raises :class:`WrongKey` at once
    (not SQLite's "file is not a database" at the first query)."""
    if key is None:
        return sqlite3.connect(path, **kwargs)
    conn = _cipher.connect(str(path), **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # a wrong key is WrongKey, not a log line
        conn.execute(f"PRAGMA key = {key.literal()}")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except _cipher.DatabaseError as exc:
        conn.close()
        raise WrongKey(_display(path)) from exc
    return cast(sqlite3.Connection, conn)


def attach(conn: sqlite3.Connection, path: Path, schema: str, key: CacheKey | None) -> None:
    """Attach another cache file to ``conn`` under ``schema`` with its key."""
    secret = key.literal() if key is not None else "''"
    conn.execute(f"ATTACH DATABASE ? AS {schema} KEY {secret}", (str(path),))


def dbapi(key: CacheKey | None) -> Any:
    """The DB-API module behind :func:`connect`'s connections (for SQLAlchemy)."""
    return sqlite3 if key is None else _cipher


def _display(path: Path | str) -> str:
    text = str(path)
    if text.startswith("file:"):
        text = text[5:].split("?", 1)[0]
    return text
