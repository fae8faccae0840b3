"""Shared fixtures: a real temporary cache per test, offscreen Qt."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["LANGUAGE"] = "en"  # the suite reads English whatever the machine's language

from desktop.services.container import Services  # noqa: E402
from desktop.settings import SettingsFile  # noqa: E402

FIXED_NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)


@pytest.fixture
def services(tmp_path: Path) -> Iterator[Services]:
    """Services over a fresh, migrated cache file, with a fixed clock."""
    svc = Services.open(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"),
                        clock=lambda: FIXED_NOW)
    yield svc
    svc.close()


@pytest.fixture
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The OS keyring replaced by a scratch file (tests/file_keyring.py), for tests
    that start the real app (its start keeps the cache's key in the keyring)."""
    import keyring

    from tests.file_keyring import VARIABLE, FileKeyring

    monkeypatch.setenv(VARIABLE, str(tmp_path / "keyring.json"))
    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring())
    yield
    keyring.set_keyring(previous)
