"""Slow reads do not hold up the read the rep waits for. A report runs in a lane
of its own (at a million accounts one takes tens of seconds, and an orders
search typed meanwhile waited 20 s for it); the app's read pool has two
threads (an event's return took seconds there, and the search waited again)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from desktop.settings import SettingsFile
from tests.ui.clicks import seeded, show_view, shown
from ui.app import Fieldbook, make_qapp
from ui.main_window import ORDERS_ROW, REPORTS_ROW
from ui.tasks import READ_THREADS, TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_a_running_report_does_not_hold_up_a_search(make_app: Any, qtbot: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    app = make_app()
    seeded(app)
    window = app.window
    window.ops.reads = TaskRunner(window)  # the app's own pool (the fixture's runs on the spot)
    started, release = threading.Event(), threading.Event()
    real = app.services.reports.run

    def slow_report(*args: Any, **kw: Any) -> Any:
        started.set()
        assert release.wait(30)
        return real(*args, **kw)

    monkeypatch.setattr(app.services.reports, "run", slow_report)
    shown(app, qtbot)
    try:
        show_view(qtbot, window, REPORTS_ROW)
        qtbot.waitUntil(started.is_set)  # the report is running, and stays so
        orders = show_view(qtbot, window, ORDERS_ROW)
        qtbot.keyClicks(orders.search, "SO")
        orders.loader.now()  # as if typing paused
        qtbot.waitUntil(lambda: orders.model.filter.text == "SO", timeout=5_000)
        assert not release.is_set()  # the orders' read came back while the report ran
    finally:
        release.set()
    reports = window.reports.reports  # the page's Reports tab
    qtbot.waitUntil(lambda: reports.result is not None, timeout=10_000)


def test_the_app_reads_on_two_threads_of_their_own(qtbot: Any, tmp_path: Any,
                                                   prompts: Any) -> None:
    make_qapp()
    fb = Fieldbook.build(tmp_path / "cache.sqlite3", SettingsFile(tmp_path / "settings.json"),
                         prompts, None,
                         QSettings(str(tmp_path / "qt.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(fb.window)
    try:
        assert fb.ops.reads is not fb.tasks  # a solve or a preview keeps its own order
        assert fb.ops.reads.pool.maxThreadCount() == READ_THREADS == 2
        release = threading.Event()
        answers: list[str] = []
        fb.ops.query(lambda: release.wait(30) and "slow", answers.append)
        fb.ops.query(lambda: "quick", answers.append)
        qtbot.waitUntil(lambda: answers == ["quick"], timeout=5_000)  # not behind the slow one
        release.set()
        qtbot.waitUntil(lambda: answers == ["quick", "slow"], timeout=5_000)
    finally:
        release.set()
        fb.wait()
        fb.services.close()
