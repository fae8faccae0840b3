"""The cache's key looked up in the OS keyring while the window is being built.

Importing ``keyring`` and choosing its backend takes 0.3-0.45 s of Python
imports and a D-Bus round trip, all of it on the start path before the first
paint. Threads would not help (imports hold the GIL), so on Linux the app
forks a child at the very start, before Qt exists, that asks the keyring and
hands the answer back over a pipe (never a file) while the parent imports Qt
and builds its window on the other core. Anything unusual (no fork, other
threads already running, the child failing or too slow) falls back to asking
in-process, exactly as before: the answer is the same either way.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.store.cache_keys import KeyringKeys, KeyStore, default_keys
from desktop.store.cipher import CacheKey

WAIT_SECONDS = 15.0  # a keyring asking the user to unlock it may take a while


class PrefetchedKeys:
    """A :class:`KeyStore` whose first ``load`` of its cache is already answered;
    every other call goes to the real keyring, opened only when needed."""

    def __init__(self, cache: Path, found: CacheKey | None,
                 real: Callable[[], KeyStore | None] = default_keys) -> None:
        self._cache, self._found, self._real_factory = cache, found, real
        self._answered = False
        self._real: KeyStore | None = None

    def _store(self) -> KeyStore:
        if self._real is None:
            self._real = self._real_factory()
            if self._real is None:  # the keyring went away since the child asked
                raise RuntimeError("the OS keyring is no longer available")
        return self._real

    def load(self, cache: Path) -> CacheKey | None:
        if not self._answered and cache == self._cache:
            self._answered = True
            return self._found
        return self._store().load(cache)

    def save(self, cache: Path, key: CacheKey) -> None:
        self._store().save(cache, key)

    def delete(self, cache: Path) -> None:
        self._store().delete(cache)


class KeyLookup:
    """The keyring's answer for one cache: from a forked child, or asked here."""

    def __init__(self, cache: Path, pid: int | None = None, pipe: int | None = None) -> None:
        self.cache, self._pid, self._pipe = cache, pid, pipe
        self.forked = pid is not None  # asked in a child (else here, when needed)

    def keys(self) -> KeyStore | None:
        """What :func:`~desktop.store.cache_keys.default_keys` would give, with the
        cache's own entry already read when the child answered."""
        answer = self._collect()
        if answer is None:
            return default_keys()
        if not answer["secure"]:
            return None
        found = CacheKey.from_hex(answer["key"]) if answer["key"] else None
        return PrefetchedKeys(self.cache, found)

    def _collect(self) -> dict[str, Any] | None:
        if self._pid is None or self._pipe is None:
            return None
        pipe, pid = self._pipe, self._pid
        self._pid = self._pipe = None
        try:
            ready, _w, _x = select.select([pipe], [], [], WAIT_SECONDS)
            data = _read_all(pipe) if ready else b""
        finally:
            os.close(pipe)
            _reap(pid, kill=not data)
        try:
            answer = json.loads(data)
        except ValueError:
            return None
        return answer if isinstance(answer, dict) and "secure" in answer else None


def start(cache: Path) -> KeyLookup:
    """Ask the keyring for ``cache``'s key in a child process, if that is safe here."""
    if not hasattr(os, "fork") or sys.platform != "linux" or threading.active_count() > 1:
        return KeyLookup(cache)
    read_end, write_end = os.pipe()
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid == 0:  # the child: ask, answer, and leave without running the parent's exits
        os.close(read_end)
        code = 1
        try:
            os.write(write_end, _ask(cache))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return KeyLookup(cache, pid, read_end)


def _ask(cache: Path) -> bytes:
    from desktop.store.cache_keys import secure_keyring

    backend = secure_keyring()
    if backend is None:
        return json.dumps({"secure": False, "key": None}).encode()
    found = KeyringKeys(backend).load(cache)
    return json.dumps({"secure": True, "key": found.hex() if found else None}).encode()


def _read_all(pipe: int) -> bytes:
    chunks = []
    while chunk := os.read(pipe, 65536):
        chunks.append(chunk)
    return b"".join(chunks)


def _reap(pid: int, kill: bool) -> None:
    if kill:
        import signal

        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
