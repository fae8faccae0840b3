"""A committed edit shows as waiting at once and is pushed a few seconds later,
without the rep pressing F5 (a real server process on loopback)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from desktop.settings import SettingsFile
from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db, server  # noqa: F401 - fixtures
from tests.sync.test_service import MemoryTokens
from tests.ui.conftest import ScriptedPrompts
from tests.ui.test_sync_ui import _sign_in, cara  # noqa: F401 - fixtures
from ui.app import Fieldbook, make_qapp
from ui.sync.controller import PUSH_DELAY_MS
from ui.tasks import ImmediateRunner

pytestmark = pytest.mark.parametrize("server_url", ["sqlite"], indirect=True)


@pytest.fixture
def app(qtbot: Any, tmp_path: Path, prompts: ScriptedPrompts) -> Iterator[Any]:
    """The window with a server; writes and syncs run on the spot."""
    make_qapp()
    built: list[Fieldbook] = []

    def build() -> Fieldbook:
        fb = Fieldbook.build(
            tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"), prompts,
            ImmediateRunner(), QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat),
            tokens=MemoryTokens(), sync_runner=ImmediateRunner(), threaded_writer=False)
        qtbot.addWidget(fb.window)
        built.append(fb)
        return fb

    yield build
    for fb in built:
        fb.services.close()


def test_an_edit_is_waiting_at_once_and_pushed_soon(
        app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app()
    _sign_in(fb, server.url)
    assert fb.window.sync_button.text() == "Synced just now"
    tid = uuid.UUID(hex=fb.services.store.reads().execute(
        "SELECT id FROM territories").fetchone()[0])
    fb.ops.write(lambda: fb.services.accounts.create_account(
        {"name": "Acme", "kind": "customer", "territory_id": tid})).run()
    # No timer and no F5: the edit's change record updates the status line.
    assert fb.window.sync_button.text() == "Synced just now · 1 change waiting"
    assert fb.sync.push_timer.isActive()
    qtbot.waitUntil(lambda: fb.sync.status().pending == 0, timeout=PUSH_DELAY_MS + 5_000)
    assert fb.sync.last_report is not None and fb.sync.last_report.pushed == 1
    assert fb.window.sync_button.text() == "Synced just now"


def test_several_edits_in_a_row_are_pushed_once(
        app: Any, cara: str, server: Any, qtbot: Any) -> None:  # noqa: F811
    fb = app()
    _sign_in(fb, server.url)
    tid = uuid.UUID(hex=fb.services.store.reads().execute(
        "SELECT id FROM territories").fetchone()[0])
    syncs: list[bool] = []
    fb.sync.status_changed.connect(lambda: syncs.append(fb.sync.running))
    for n in range(3):
        fb.ops.write(lambda n=n: fb.services.accounts.create_account(
            {"name": f"Acme {n}", "kind": "customer", "territory_id": tid})).run()
    assert fb.sync.status().pending == 3
    qtbot.waitUntil(lambda: fb.sync.status().pending == 0, timeout=PUSH_DELAY_MS + 5_000)
    assert fb.sync.last_report is not None and fb.sync.last_report.pushed == 3
