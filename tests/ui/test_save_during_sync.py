"""A rep saves while a long first sync runs: the save completes, the window never
freezes, and "database is locked" never reaches the rep.

A real server process on PostgreSQL holds 50,000 accounts; the app runs with its
real writer thread and sync worker. A 10 ms timer measures the event loop.
"""

from __future__ import annotations

import gc
import time
import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QElapsedTimer, QSettings, QTimer

from desktop.settings import Settings, SettingsFile
from tests.sync.bulk_server import drop_server_db, make_server_db
from tests.sync.conftest import ServerProcess
from tests.sync.test_service import MemoryTokens
from tests.ui.conftest import ScriptedPrompts
from ui.app import Fieldbook, make_qapp
from ui.tasks import TaskRunner

ACCOUNTS = 50_000


class StallMeter:
    """The longest gap between ticks of a 10 ms timer: how long the GUI thread
    was busy (or blocked) without turning its event loop."""

    def __init__(self) -> None:
        self.clock = QElapsedTimer()
        self.longest = 0
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)

    def start(self) -> None:
        self.clock.start()
        self.timer.start()

    def _tick(self) -> None:
        self.longest = max(self.longest, self.clock.restart())

    def stop(self) -> None:
        self.timer.stop()


@pytest.fixture
def big_server() -> Any:
    name = f"fb_long_sync_{uuid.uuid4().hex[:8]}"
    url, user, token = make_server_db(name, ACCOUNTS)
    server = ServerProcess(url).start()
    yield server, user, token
    server.stop()
    drop_server_db(name)


def test_saves_during_a_50000_row_pull_complete_without_freezing(
        qtbot: Any, tmp_path: Path, big_server: Any) -> None:
    server, user, token = big_server
    settings_file = SettingsFile(tmp_path / "settings.json")
    settings_file.save(Settings(sync_server_url=server.url, sync_login="ada",
                                current_user_id=user, offered_demo_data=True))
    tokens = MemoryTokens()
    tokens.save(server.url, "ada", token)
    prompts = ScriptedPrompts()
    make_qapp()
    fb = Fieldbook.build(tmp_path / "cache.sqlite3", settings_file, prompts, TaskRunner(),
                         QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat),
                         tokens=tokens, sync_runner=TaskRunner(), threaded_writer=True)
    qtbot.addWidget(fb.window)
    reads = fb.services.store.reads()
    meter = StallMeter()
    latencies: list[float] = []
    saved: list[uuid.UUID] = []

    def save(n: int) -> None:
        started = time.perf_counter()

        def done(result: Any) -> None:
            latencies.append(time.perf_counter() - started)
            saved.append(result.id)

        fb.ops.write(lambda: fb.services.accounts.create_account(
            {"name": f"Saved during sync {n}", "kind": "prospect"}), parent=fb.window) \
            .success(done).run()

    # As run_gui does after the first paint: the start's objects leave the
    # collector's walks (a full collection over them would stall the window).
    with qtbot.waitSignal(fb.window.accounts.first_painted, timeout=10_000):
        fb.window.show()
    gc.freeze()
    try:
        qtbot.waitUntil(lambda: fb.window.sync_loaded)
        meter.start()
        if not fb.sync.running:  # the app starts a sync after the first paint
            assert fb.sync.sync_now()
        # Saves begin once the rep's own user row has arrived (the first page).
        qtbot.waitUntil(lambda: reads.execute(
            "SELECT 1 FROM users WHERE id = ?", (user,)).fetchone() is not None, timeout=60_000)
        pulled_when_saving = reads.execute("SELECT count(*) FROM accounts").fetchone()[0]
        n = 0
        while fb.sync.running:
            save(n)
            n += 1
            qtbot.wait(150)
        qtbot.waitUntil(lambda: len(latencies) == n, timeout=30_000)
    finally:
        meter.stop()
        fb.sync.stop()
        fb.sync.runner.wait()
        fb.tasks.wait()
        gc.unfreeze()

    assert fb.sync.error is None, fb.sync.error
    assert [a for a in prompts.asked if a[0] == "error"] == []
    assert pulled_when_saving < ACCOUNTS  # the saves really ran during the pull
    assert n >= 3 and len(saved) == n
    total = reads.execute("SELECT count(*) FROM accounts WHERE deleted_at IS NULL").fetchone()[0]
    assert total == ACCOUNTS + n
    assert meter.longest < 100, f"the GUI thread stalled {meter.longest} ms"
    fb.services.close()
