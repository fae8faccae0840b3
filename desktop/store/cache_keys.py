"""Where the cache's key comes from: the OS keyring, or a passphrase.

With a secure keyring (Secret Service / GNOME Keyring or KWallet, Keychain,
Credential Locker) the key is 32 random bytes kept there, one entry per cache
file. Without one, the rep chooses a passphrase: argon2id (64 MiB, 3 passes)
turns it and a random salt kept beside the cache (``<cache>.salt``, not secret)
into the key. The key itself is never written to a file; nothing falls back to a
plain cache.
"""

from __future__ import annotations

import contextlib
import getpass
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar

from desktop.i18n import _
from desktop.store.cipher import CacheKey, connect, is_encrypted
from desktop.store.side_files import write_whole

T = TypeVar("T")

SERVICE = "fieldbook-cache"
INSECURE_MODULES = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")
SALT_BYTES = 16
ARGON2 = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 2}
MIN_PASSPHRASE = 8

# Asked for a passphrase: True when choosing a new one (the asker confirms it),
# False to unlock; None when the rep cancels.
AskPassphrase = Callable[[bool], "str | None"]


class KeyUnavailable(Exception):
    """No key could be had (the rep cancelled, or the keyring refused)."""


class PassphraseTooShort(KeyUnavailable):
    """A new passphrase shorter than :data:`MIN_PASSPHRASE`."""


class KeyLost(Exception):
    """The cache is encrypted and its key is gone (keyring entry missing, no
    passphrase salt): the only way on is to start fresh from the server."""

    def __init__(self, path: Path) -> None:
        super().__init__(_(
            "The key of the encrypted cache {path} is not in this computer's keyring. "
            "Without it the cache cannot be read: not even whether it holds edits not yet "
            "sent to the server can be told, as they are encrypted too. Starting fresh "
            "downloads everything again from the server; unsent edits, if any, are lost."
        ).format(path=path))
        self.path = path


class KeyStore(Protocol):
    """Where a cache's raw key is kept: the OS keyring here, memory in tests."""

    def load(self, cache: Path) -> CacheKey | None: ...
    def save(self, cache: Path, key: CacheKey) -> None: ...
    def delete(self, cache: Path) -> None: ...


def secure_keyring() -> Any | None:
    """The OS keyring if a secure backend is usable, else None (never a plain file)."""
    import keyring
    from keyring.backends import chainer

    backend = keyring.get_keyring()
    candidates = backend.backends if isinstance(backend, chainer.ChainerBackend) else [backend]
    usable = [b for b in candidates
              if not type(b).__module__.startswith(INSECURE_MODULES) and _priority(b) >= 1]
    return backend if usable else None


def _priority(backend: Any) -> float:
    try:
        return float(backend.priority)
    except Exception:  # noqa: BLE001 - a backend that cannot say is not trusted
        return 0.0


class KeyringKeys:
    """Cache keys in the OS keyring, one entry per cache file (by its full path)."""

    def __init__(self, backend: Any, service: str = SERVICE) -> None:
        self.backend, self.service = backend, service

    def load(self, cache: Path) -> CacheKey | None:
        value = self.backend.get_password(self.service, _entry(cache))
        return CacheKey.from_hex(str(value)) if value else None

    def save(self, cache: Path, key: CacheKey) -> None:
        self.backend.set_password(self.service, _entry(cache), key.hex())

    def delete(self, cache: Path) -> None:
        from keyring.errors import PasswordDeleteError

        with contextlib.suppress(PasswordDeleteError):
            self.backend.delete_password(self.service, _entry(cache))


def default_keys() -> KeyStore | None:
    """The OS keyring's store, or None where there is no secure keyring."""
    backend = secure_keyring()
    return KeyringKeys(backend) if backend is not None else None


def salt_path(cache: Path) -> Path:
    return cache.with_name(cache.name + ".salt")


def derive(passphrase: str, salt: bytes) -> CacheKey:
    """argon2id of the passphrase: once per start, then the raw key is used."""
    from argon2.low_level import Type, hash_secret_raw

    return CacheKey(hash_secret_raw(passphrase.encode(), salt, hash_len=32, type=Type.ID,
                                    **ARGON2))


def _now(work: Callable[[], T]) -> T:
    return work()


def obtain(cache: Path, ask: AskPassphrase, keys: KeyStore | None,
           slow: Callable[[Callable[[], CacheKey]], CacheKey] = _now) -> CacheKey:
    """The key of ``cache``, made (and kept) for a new or still plain cache.

    ``keys`` None means no secure keyring: a passphrase. Raises :class:`KeyLost`
    when an encrypted cache's key cannot be found, :class:`KeyUnavailable` when
    the rep cancels, :class:`~desktop.store.cipher.WrongKey` for a wrong passphrase.
    ``slow`` runs the key derivation (the app: on a worker, with a progress dialog).
    """
    if salt_path(cache).exists():
        return _from_passphrase(cache, ask, slow, new=False)
    encrypted = is_encrypted(cache)
    if keys is not None:
        found = keys.load(cache)
        if found is not None:
            return found
        if encrypted:
            raise KeyLost(cache)
        key = CacheKey.generate()
        keys.save(cache, key)
        if keys.load(cache) != key:  # a keyring that accepts and forgets
            raise KeyUnavailable(_("The keyring did not keep the cache's key."))
        return key
    if encrypted:
        raise KeyLost(cache)
    return _from_passphrase(cache, ask, slow, new=True)


def _from_passphrase(cache: Path, ask: AskPassphrase,
                     slow: Callable[[Callable[[], CacheKey]], CacheKey], *,
                     new: bool) -> CacheKey:
    passphrase = ask(new)
    if passphrase is None:
        raise KeyUnavailable(_("No passphrase given: the cache stays locked."))
    if new and len(passphrase) < MIN_PASSPHRASE:
        raise PassphraseTooShort(_("A passphrase needs at least {n} characters.").format(
            n=MIN_PASSPHRASE))
    if new:
        salt = secrets.token_bytes(SALT_BYTES)
        key = slow(lambda: derive(passphrase, salt))
        _write_salt(salt_path(cache), salt)
        return key
    salt = salt_path(cache).read_bytes()

    def unlock() -> CacheKey:
        key = derive(passphrase, salt)
        if is_encrypted(cache):
            connect(cache, key).close()  # a wrong passphrase: WrongKey here
        return key
    return slow(unlock)


def _write_salt(path: Path, salt: bytes) -> None:
    """Whole and on disk before the cache is encrypted with a key derived from it:
    a salt lost to a crash would lock the rep out of their own cache."""
    write_whole(path, salt)


def _entry(cache: Path) -> str:
    return str(cache.resolve())


def script_key(cache: Path) -> CacheKey | None:
    """For the CLI and scripts: None for a plain or new cache (opened as it is),
    else its key from the keyring or a passphrase typed on the terminal."""
    if not is_encrypted(cache):
        return None
    return obtain(cache, terminal_passphrase, default_keys())


def terminal_passphrase(new: bool) -> str | None:
    """Ask on the terminal (the CLI); a new passphrase is typed twice."""
    try:
        first = getpass.getpass(_("Passphrase for the Fieldbook cache: ") if not new
                                else _("Choose a passphrase for the Fieldbook cache: "))
        if new and getpass.getpass(_("Type it again: ")) != first:
            print(_("The two passphrases differ."))  # noqa: T201 - a terminal prompt
            return None
    except (EOFError, KeyboardInterrupt):
        return None
    return first
