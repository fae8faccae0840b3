"""Import batches beside an encrypted cache are sealed line by line: no imported
name or source id on disk in plaintext, undo still works, plain batches still read."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from desktop.imports import batches, importer
from desktop.services.container import Services
from desktop.settings import SettingsFile
from desktop.store import encrypt
from desktop.store.cipher import CacheKey
from desktop.store.sealed_lines import MAGIC, LineUnreadable
from tests.conftest import FIXED_NOW
from tests.desktop.imports import samples as s
from tests.desktop.test_cache_encryption import MemoryKeys

NEEDLES = (b"Acme Feed", b"Prairie Tractors", b"0015g00000AbCdE", b"acmefeed")


def _open(cache: Path, key: CacheKey | None) -> Services:
    return Services.open(cache, SettingsFile(cache.parent / "settings.json"),
                         clock=lambda: FIXED_NOW, key=key)


def _import(services: Services, tmp_path: Path) -> importer.Result:
    source = tmp_path / "source" / "a.csv"  # outside the cache's folder
    source.parent.mkdir(exist_ok=True)
    source.write_bytes(s.SF_ACCOUNTS_BYTES)
    return importer.run(services, "accounts", source, "salesforce")


def _plaintext_in(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and any(n in p.read_bytes() for n in NEEDLES))


def _live_accounts(services: Services) -> list[str]:
    return sorted(r[0] for r in services.store.reads().execute(
        "SELECT name FROM accounts WHERE deleted_at IS NULL"))


def test_an_import_into_an_encrypted_cache_leaves_no_plaintext_and_undoes(
        tmp_path: Path) -> None:
    cache, key = tmp_path / "cache" / "cache.sqlite3", CacheKey.generate()
    cache.parent.mkdir()
    services = _open(cache, key)
    result = _import(services, tmp_path)
    assert result.imported == 3 and result.batch
    files = sorted(p.name for p in batches.folder(cache).iterdir())
    assert files == [f"{result.batch}.json", f"{result.batch}.rows"]
    assert _plaintext_in(cache.parent) == []
    for path in batches.folder(cache).iterdir():
        assert all(line.startswith(MAGIC) for line in path.read_text().splitlines())
    (listed,) = batches.listing(cache, key)
    assert (listed.kind, len(listed.ids), listed.source) == ("accounts", 3, str(
        tmp_path / "source" / "a.csv"))
    assert "0015g00000AbCdE" in batches.refs(cache, "accounts", key)
    with pytest.raises(LineUnreadable, match="opens only with the cache's key"):
        batches.listing(cache, None)
    with pytest.raises(LineUnreadable):
        batches.listing(cache, CacheKey.generate())  # another key
    assert batches.undo(services, result.batch) == 3
    assert _live_accounts(services) == []
    assert batches.Batch.open(cache, result.batch, key).undone
    assert _plaintext_in(cache.parent) == []
    services.close()


def test_a_plain_batch_still_reads_and_takes_sealed_lines(tmp_path: Path) -> None:
    cache, key = tmp_path / "c.sqlite3", CacheKey.generate()
    first, second = uuid.uuid4(), uuid.uuid4()
    plain = batches.Batch.start(cache, "accounts", tmp_path / "a.csv")  # key=None
    plain.add(first, "A-1")
    plain.save()
    log = batches.folder(cache) / f"{plain.id}.rows"
    assert json.loads(log.read_text())["ids"] == [first.hex]  # plain caches stay plain JSON
    again = batches.Batch.open(cache, plain.id, key)
    again.add(second, "A-2")
    again.merge("ab" * 16, {"website": "old.example"})
    again.save()  # appended sealed, after a plain line
    lines = log.read_text().splitlines()
    assert lines[0].startswith("{") and lines[1].startswith(MAGIC)
    assert b"A-2" not in log.read_bytes()
    both = batches.Batch.open(cache, plain.id, key)
    assert (both.ids, both.refs) == ([first.hex, second.hex], {"A-1": first.hex,
                                                               "A-2": second.hex})
    assert both.merged == {"ab" * 16: {"website": "old.example"}} and both.key == key
    with log.open("a", encoding="utf-8") as f:
        f.write(MAGIC + "q83v")  # a sealed line cut short by a crash: ignored
    assert batches.Batch.open(cache, plain.id, key).ids == [first.hex, second.hex]
    lines = log.read_text().splitlines()
    lines[1] = lines[1][:-8] + "AAAAAAAA"  # tampered, and not the last line
    log.write_text("\n".join(lines) + "\n")
    with pytest.raises(LineUnreadable):
        batches.Batch.open(cache, plain.id, key)


def test_encrypting_a_plain_cache_seals_its_batches(tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "cache.sqlite3"
    cache.parent.mkdir()
    services = _open(cache, None)
    result = _import(services, tmp_path)
    services.close()
    assert result.batch and _plaintext_in(cache.parent)  # plain before
    keys = MemoryKeys()
    key = encrypt.unlock(cache, lambda _new: pytest.fail("no passphrase with a keyring"), keys)
    assert _plaintext_in(cache.parent) == []
    services = _open(cache, key)
    assert batches.Batch.open(cache, result.batch, key).ids
    assert batches.undo(services, result.batch) == 3
    assert _live_accounts(services) == []
    services.close()


def test_starting_fresh_moves_the_sealed_batches_aside(tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite3"
    services = _open(cache, encrypt.unlock(cache, lambda _new: None, MemoryKeys()))
    assert _import(services, tmp_path).batch
    services.close()
    aside = encrypt.start_fresh(cache, FIXED_NOW)  # the key is lost
    assert (aside / "cache.sqlite3.imports").is_dir() and not batches.folder(cache).exists()
    services = _open(cache, encrypt.unlock(cache, lambda _new: None, MemoryKeys()))
    assert _import(services, tmp_path).imported == 3  # old sealed batches do not block it
    services.close()
