"""The keyring asked in a forked child at start gives the same answer as asking here."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.cache_keys import KeyringKeys
from desktop.store.cipher import CacheKey
from desktop.store.key_prefetch import KeyLookup, PrefetchedKeys

ROOT = Path(__file__).resolve().parents[2]
# A single-threaded process, as the app is at its start: there the child is forked.
PROBE = """
import json, sys
from pathlib import Path
from desktop.store import key_prefetch
lookup = key_prefetch.start(Path(sys.argv[1]))
keys = lookup.keys()
found = keys.load(Path(sys.argv[1])) if keys is not None else None
print(json.dumps({"forked": lookup.forked, "secure": keys is not None,
                  "key": found.hex() if found else None,
                  "again": keys is not None and keys.load(Path(sys.argv[1])) == found}))
"""


def _probe(cache: Path, backend: str, keyring_file: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHON_KEYRING_BACKEND=backend,
               FIELDBOOK_TEST_KEYRING=str(keyring_file), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", PROBE, str(cache)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(sys.platform != "linux", reason="the child is forked on Linux only")
def test_the_forked_child_reads_the_caches_key(tmp_path: Path) -> None:
    from tests.file_keyring import VARIABLE, FileKeyring

    cache, keyring_file = tmp_path / "cache.db", tmp_path / "keyring.json"
    key = CacheKey.generate()
    os.environ[VARIABLE] = str(keyring_file)
    try:
        KeyringKeys(FileKeyring()).save(cache, key)
    finally:
        del os.environ[VARIABLE]
    answer = _probe(cache, "tests.file_keyring.FileKeyring", keyring_file)
    assert answer == {"forked": True, "secure": True, "key": key.hex(), "again": True}


@pytest.mark.skipif(sys.platform != "linux", reason="the child is forked on Linux only")
def test_a_cache_without_an_entry_and_an_insecure_keyring(tmp_path: Path) -> None:
    cache, keyring_file = tmp_path / "cache.db", tmp_path / "keyring.json"
    assert _probe(cache, "tests.file_keyring.FileKeyring", keyring_file) == {
        "forked": True, "secure": True, "key": None, "again": True}
    # The fail backend is no secure keyring: a passphrase then, as in-process.
    assert _probe(cache, "keyring.backends.fail.Keyring", keyring_file) == {
        "forked": True, "secure": False, "key": None, "again": False}


class _Memory:
    def __init__(self) -> None:
        self.entries: dict[Path, CacheKey] = {}

    def load(self, cache: Path) -> CacheKey | None:
        return self.entries.get(cache)

    def save(self, cache: Path, key: CacheKey) -> None:
        self.entries[cache] = key

    def delete(self, cache: Path) -> None:
        self.entries.pop(cache, None)


def test_only_the_first_load_is_answered_ahead(tmp_path: Path) -> None:
    cache, memory, opened = tmp_path / "c.db", _Memory(), []
    ahead = CacheKey.generate()

    def real() -> _Memory:
        opened.append(1)
        return memory

    keys = PrefetchedKeys(cache, ahead, real)
    assert keys.load(cache) == ahead and opened == []  # no keyring opened for it
    new = CacheKey.generate()
    keys.save(cache, new)
    assert memory.entries[cache] == new and keys.load(cache) == new and opened == [1]


def test_without_a_child_the_keyring_is_asked_here(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[int] = []

    def no_keyring() -> None:
        asked.append(1)

    monkeypatch.setattr("desktop.store.key_prefetch.default_keys", no_keyring)
    assert KeyLookup(tmp_path / "c.db").keys() is None and asked == [1]
