"""The cache at rest: SQLCipher, its key, the move from a plain cache, a lost key."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop import backup
from desktop.demo.generator import generate
from desktop.services.account_list import AccountFilter
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store import encrypt
from desktop.store.blobs import MAGIC, BlobStore
from desktop.store.cache_keys import KeyLost, KeyUnavailable, obtain, salt_path
from desktop.store.cipher import CacheKey, Locked, WrongKey, connect, is_encrypted
from desktop.store.store import Store
from tests.conftest import FIXED_NOW
from tests.desktop.test_demo import ANCHOR

NAME = "Quokka Zanzibar Provisions"
PDF = b"%PDF-1.4 archived proposal for " + NAME.encode() + b" %%EOF"


class MemoryKeys:
    """A keyring in memory: what the OS keyring would hold."""

    def __init__(self) -> None:
        self.kept: dict[str, str] = {}

    def load(self, cache: Path) -> CacheKey | None:
        value = self.kept.get(str(cache.resolve()))
        return CacheKey.from_hex(value) if value else None

    def save(self, cache: Path, key: CacheKey) -> None:
        self.kept[str(cache.resolve())] = key.hex()

    def delete(self, cache: Path) -> None:
        self.kept.pop(str(cache.resolve()), None)


def _open(path: Path, key: CacheKey | None) -> Services:
    return Services.open(path, SettingsFile(path.parent / "settings.json"),
                         clock=lambda: FIXED_NOW, key=key)


def _fill(services: Services) -> None:
    account = services.accounts.create_account({"name": NAME, "billing_city": "Urbana"}).id
    services.history.log_interaction(account, {"channel": "phone", "occurred_at": FIXED_NOW,
                                               "subject": f"Called {NAME} about film"})
    services.store.blobs.put(PDF)


def _plaintext_in(folder: Path) -> list[str]:
    """Files under ``folder`` holding the account's name or the PDF's bytes."""
    needles = (NAME.encode(), NAME.encode("utf-16-le"), b"%PDF-1.4 archived")
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and any(n in p.read_bytes() for n in needles))


def _rows(path: Path, key: CacheKey | None) -> dict[str, int]:
    conn = connect(path, key)
    try:
        names = [n for (n,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        conn.close()


def test_encrypted_cache_holds_no_plaintext_even_in_its_wal(tmp_path: Path) -> None:
    key = CacheKey.generate()
    services = _open(tmp_path / "cache.sqlite3", key)
    _fill(services)
    found = services.account_list.page(AccountFilter(text="quokka")).rows
    assert [row.name for row in found] == [NAME]  # FTS5 search works under SQLCipher
    wal = tmp_path / "cache.sqlite3-wal"
    assert wal.exists() and wal.stat().st_size > 0  # the edits still sit in the WAL
    assert _plaintext_in(tmp_path) == []
    services.close()
    assert _plaintext_in(tmp_path) == []
    assert is_encrypted(tmp_path / "cache.sqlite3")
    again = _open(tmp_path / "cache.sqlite3", key)
    assert again.store.reads().execute("SELECT name FROM accounts").fetchall() == [(NAME,)]
    assert again.store.blobs.read(hashlib.sha256(PDF).hexdigest()) == PDF
    again.close()


def test_a_wrong_key_fails_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    _open(path, CacheKey.generate()).close()
    with pytest.raises(WrongKey, match="cannot be unlocked with this key or passphrase"):
        _open(path, CacheKey.generate())
    with pytest.raises(Locked, match="is encrypted: it opens only with its key"):
        Store(path)  # no key at all: not SQLite's "file is not a database"


def test_a_plain_cache_is_encrypted_with_every_row_and_the_plain_file_goes(
        tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    store = Store(path)
    generate(store, accounts=40, seed=3, anchor=ANCHOR)  # brochures and contracts as blobs
    store.close()
    plain = _open(path, None)
    _fill(plain)
    plain.close()
    backup.back_up(path, FIXED_NOW)  # a plain daily backup beside it
    before = _rows(path, None)
    assert _plaintext_in(tmp_path)  # the name is readable everywhere before
    keys = MemoryKeys()
    key = encrypt.unlock(path, lambda _new: pytest.fail("no passphrase with a keyring"), keys)
    assert keys.load(path) == key
    assert _rows(path, key) == before and before["accounts"] == 41
    assert _plaintext_in(tmp_path) == []
    leftovers = {p.name for p in tmp_path.iterdir()} - {"cache.sqlite3", "cache.sqlite3.blobs",
                                                       "backups", "settings.json"}
    assert leftovers == set()  # no plain backup, no half-made file
    (daily,) = backup.backups(path)
    assert is_encrypted(daily) and backup.summarise(daily, key).counts["accounts"] == 41
    blobs = BlobStore(path, key)
    files = [p for p in blobs.root.rglob("*") if p.is_file()]
    assert len(files) >= 3 and all(p.read_bytes().startswith(MAGIC) for p in files)
    assert all(hashlib.sha256(blobs.read(p.name)).hexdigest() == p.name for p in files)
    assert encrypt.unlock(path, lambda _new: None, keys) == key  # the next start: same key


def test_backups_stay_encrypted_and_restore(tmp_path: Path) -> None:
    path, key = tmp_path / "cache.sqlite3", CacheKey.generate()
    services = _open(path, key)
    _fill(services)
    made = backup.back_up(path, FIXED_NOW, key=key)
    assert is_encrypted(made) and _plaintext_in(tmp_path) == []
    services.accounts.create_account({"name": "Later Co"})
    backup.restore(services.store, made, FIXED_NOW)
    names = services.store.reads().execute("SELECT name FROM accounts").fetchall()
    assert names == [(NAME,)]
    services.close()
    assert _plaintext_in(tmp_path) == []


def test_without_a_keyring_a_passphrase_through_argon2(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    asked: list[bool] = []

    def ask(new: bool) -> str:
        asked.append(new)
        return "correct horse battery"

    key = encrypt.unlock(path, ask, None)
    assert asked == [True] and len(salt_path(path).read_bytes()) == 16
    services = _open(path, key)
    _fill(services)
    services.close()
    assert obtain(path, ask, None) == key and asked == [True, False]
    with pytest.raises(WrongKey, match="cannot be unlocked"):
        obtain(path, lambda _new: "correct horse battery staple", None)
    with pytest.raises(KeyUnavailable):
        obtain(path, lambda _new: None, None)
    on_disk = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert key.raw not in on_disk and key.hex().encode() not in on_disk
    assert _plaintext_in(tmp_path) == []


def test_a_short_new_passphrase_is_refused(tmp_path: Path) -> None:
    with pytest.raises(KeyUnavailable, match="at least 8"):
        encrypt.unlock(tmp_path / "cache.sqlite3", lambda _new: "short", None)
    assert not salt_path(tmp_path / "cache.sqlite3").exists()


def test_a_lost_key_says_so_and_starting_fresh_keeps_the_locked_files(tmp_path: Path) -> None:
    path = tmp_path / "cache.sqlite3"
    old = MemoryKeys()
    services = _open(path, encrypt.unlock(path, lambda _new: None, old))
    _fill(services)
    services.close()
    fresh = MemoryKeys()  # another keyring: the key is gone
    with pytest.raises(KeyLost, match="unsent edits, if any, are lost"):
        encrypt.unlock(path, lambda _new: None, fresh)
    aside = encrypt.start_fresh(path, FIXED_NOW)
    assert aside.name == "cache.sqlite3.unreadable-20261120-153000"
    assert {p.name for p in aside.iterdir()} >= {"cache.sqlite3", "cache.sqlite3.blobs"}
    key = encrypt.unlock(path, lambda _new: None, fresh)
    services = _open(path, key)
    assert services.is_empty()
    services.close()


KEYRING_SCRIPT = """
import sys
from pathlib import Path
from desktop.store import encrypt
from desktop.store.cache_keys import SERVICE, default_keys, secure_keyring
from desktop.store.cipher import connect

cache = Path(sys.argv[1])
keys = default_keys()
assert keys is not None, "no secure keyring"
key = encrypt.unlock(cache, lambda _new: None, keys)
conn = connect(cache, key)
if sys.argv[2] == "make":
    conn.execute("CREATE TABLE t(x)")
    conn.execute("INSERT INTO t VALUES ('kept')")
    conn.commit()
print(sys.argv[2], conn.execute("SELECT x FROM t").fetchall(), key.hex()[:8],
      secure_keyring().get_password(SERVICE, str(cache.resolve()))[:8])
"""


def test_the_key_lives_in_gnome_keyring_and_is_reused(tmp_path: Path) -> None:
    """A real Secret Service: a dbus session plus an unlocked gnome-keyring-daemon;
    two processes, so the second finds the key the first created and stored."""
    import subprocess
    import sys

    script = tmp_path / "unlock.py"
    script.write_text(KEYRING_SCRIPT)
    cache = tmp_path / "cache.sqlite3"
    run = f"{sys.executable} {script} {cache}"
    command = ("echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; "
               f"{run} make && {run} reopen")
    home = tmp_path / "home"
    home.mkdir()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "PYTHONPATH": str(Path.cwd()),
           "LANGUAGE": "en"}
    result = subprocess.run(["dbus-run-session", "--", "sh", "-c", command], env=env,
                            capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parents[2])
    assert result.returncode == 0, result.stderr[-2000:]
    made, reopened = result.stdout.splitlines()
    assert made.startswith("make [('kept',)]") and reopened.startswith("reopen [('kept',)]")
    first, second = made.split()[-2:], reopened.split()[-2:]
    assert first == second and first[0] == first[1]  # one key: created, stored, reused
    assert is_encrypted(cache) and not salt_path(cache).exists()
    assert b"kept" not in cache.read_bytes()


def test_no_code_catches_only_the_stdlib_sqlite3_errors() -> None:
    """An encrypted cache's connections raise SQLCipher's error classes, which are
    not sqlite3's: catching ``sqlite3.OperationalError`` misses them. Catch
    ``desktop.store.cipher.OperationalError`` (both) instead."""
    import re

    root = Path(__file__).resolve().parents[2]
    pattern = re.compile(r"(except\s*\(?[^:\n]*\bsqlite3\.\w*Error|suppress\(\s*sqlite3\.)")
    found = [f"{p.relative_to(root)}:{n}" for folder in ("desktop", "ui")
             for p in sorted((root / folder).rglob("*.py"))
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if pattern.search(line)]
    assert found == []


def test_the_cache_is_opened_in_one_place() -> None:
    """Every connection to the cache comes from ``desktop.store.cipher.connect``
    with the store's key; a bare ``sqlite3.connect`` would open it without one."""
    root = Path(__file__).resolve().parents[2]
    found = [f"{p.relative_to(root)}:{n}" for folder in ("desktop", "ui")
             for p in sorted((root / folder).rglob("*.py"))
             if p != root / "desktop" / "store" / "cipher.py"
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
             if "sqlite3.connect(" in line or "create_engine(" in line
             and p != root / "desktop" / "store" / "engine.py"]
    assert found == []
