"""The demo generator's book of 300 accounts (seed 5), for tests of the lists
read from it: one per module, as it takes a second to write."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desktop.demo.generator import generate
from desktop.services.container import Services
from desktop.settings import SettingsFile
from tests.conftest import FIXED_NOW


def demo_book(tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Services]:
    """Services over a fresh demo book in a folder called ``name`` (yield from it
    in a module-scoped fixture)."""
    path = tmp_path_factory.mktemp(name) / "cache.sqlite3"
    services = Services.open(path, SettingsFile(path.parent / "settings.json"),
                             clock=lambda: FIXED_NOW)
    generate(services.store, accounts=300, seed=5)
    yield services
    services.close()
