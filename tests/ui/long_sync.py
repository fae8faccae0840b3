"""A rep saving while a long first sync runs, measured: the latency of each save
(submitted to its success callback on the GUI thread) and the longest stall of
the GUI thread's event loop (the longest gap between ticks of a 10 ms timer).
Shared by tests/ui/test_save_during_sync.py and the benchmark."""

from __future__ import annotations

import gc
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QElapsedTimer, QEventLoop, QSettings, QTimer

from desktop.settings import Settings, SettingsFile
from tests.sync.test_service import MemoryTokens
from tests.ui.conftest import ScriptedPrompts
from ui.app import Fieldbook, make_qapp
from ui.tasks import TaskRunner


@dataclass
class Measured:
    latencies: list[float] = field(default_factory=list)  # seconds, one per save
    saved: list[uuid.UUID] = field(default_factory=list)
    longest_stall_ms: int = 0
    accounts_when_saving_began: int = 0
    sync_error: str | None = None
    errors_shown: list[str] = field(default_factory=list)
    seconds: float = 0.0


class StallMeter:
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


def _wait(condition: Any, timeout_s: float) -> None:
    """Turn the event loop until ``condition()`` holds."""
    deadline = time.monotonic() + timeout_s
    loop = QEventLoop()
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the condition did not come true in time")
        QTimer.singleShot(10, loop.quit)
        loop.exec()


def build_app(folder: Path, url: str, user: str, token: str) -> tuple[Fieldbook, ScriptedPrompts]:
    """The app as a rep runs it: real writer thread, real sync worker, a server."""
    settings_file = SettingsFile(folder / "settings.json")
    settings_file.save(Settings(sync_server_url=url, sync_login="ada", current_user_id=user,
                                offered_demo_data=True))
    tokens = MemoryTokens()
    tokens.save(url, "ada", token)
    prompts = ScriptedPrompts()
    make_qapp()
    fb = Fieldbook.build(folder / "cache.sqlite3", settings_file, prompts, TaskRunner(),
                         QSettings(str(folder / "qt.ini"), QSettings.Format.IniFormat),
                         tokens=tokens, sync_runner=TaskRunner(), threaded_writer=True)
    return fb, prompts


def save_during_first_sync(fb: Fieldbook, prompts: ScriptedPrompts, user: str,
                           every_ms: int = 150) -> Measured:
    """Show the window, start the first sync, save an account every ``every_ms``
    until the sync ends; the window is left open."""
    out = Measured()
    reads = fb.services.store.reads()
    meter = StallMeter()
    painted: list[bool] = []
    fb.window.accounts.first_painted.connect(lambda: painted.append(True))
    fb.window.show()
    _wait(lambda: bool(painted) and fb.window.sync_loaded, 20)
    gc.freeze()  # as run_gui does after the first paint
    started = time.perf_counter()
    meter.start()
    try:
        if not fb.sync.running:  # the app starts one after the first paint
            fb.sync.sync_now()
        # Saves begin once the rep's own user row has arrived (the first page).
        _wait(lambda: reads.execute("SELECT 1 FROM users WHERE id = ?",
                                    (user,)).fetchone() is not None, 120)
        out.accounts_when_saving_began = reads.execute(
            "SELECT count(*) FROM accounts").fetchone()[0]
        submitted = 0
        while fb.sync.running:
            _save(fb, submitted, out)
            submitted += 1
            _pause(every_ms)
        _wait(lambda: len(out.latencies) == submitted, 60)
    finally:
        meter.stop()
        gc.unfreeze()
    out.seconds = time.perf_counter() - started
    out.longest_stall_ms = meter.longest
    out.sync_error = fb.sync.error
    out.errors_shown = [text for kind, text in prompts.asked if kind == "error"]
    return out


def _pause(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _save(fb: Fieldbook, n: int, out: Measured) -> None:
    started = time.perf_counter()

    def done(result: Any) -> None:
        out.latencies.append(time.perf_counter() - started)
        out.saved.append(result.id)

    fb.ops.write(lambda: fb.services.accounts.create_account(
        {"name": f"Saved during sync {n}", "kind": "prospect"}), parent=fb.window) \
        .success(done).run()


def close(fb: Fieldbook) -> None:
    fb.sync.stop()
    fb.sync.runner.wait()
    fb.tasks.wait()
    fb.window.close()
    fb.services.close()
