"""A view's read that starts after the rep has moved on does not run: clicking
through the views queued a read each, and at a million accounts a search typed
in the next view waited seconds for them (the pipeline's sums: 3 s). The view
is stale instead and reads when shown again (ui/views/live.py, unless_hidden)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tests.ui.clicks import seeded, show_view, shown
from ui.main_window import ACCOUNTS_ROW, PIPELINE_ROW, TODAY_ROW
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _app(make_app: Any, qtbot: Any) -> Any:
    app = make_app()
    seeded(app)
    app.window.ops.reads = TaskRunner(app.window)  # a real read lane
    shown(app, qtbot)
    return app


def _busy(app: Any) -> threading.Event:
    """The read lane held by an earlier read until the event is set."""
    release = threading.Event()
    app.window.ops.reads.run(lambda _report: release.wait(30), lambda _r: None,
                             lambda _e: None)
    return release


def _counted(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(owner, name)

    def counted(*args: Any, **kw: Any) -> Any:
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_the_pipeline_sums_are_not_read_once_the_rep_moved_on(
        make_app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(make_app, qtbot)
    window = app.window
    sums = _counted(monkeypatch, app.services.pipeline, "columns")
    release = _busy(app)
    pipeline = show_view(qtbot, window, PIPELINE_ROW)  # its sums queue behind
    show_view(qtbot, window, ACCOUNTS_ROW)  # and the rep moves on
    release.set()
    qtbot.waitUntil(lambda: pipeline.live.stale, timeout=5_000)
    assert sums == []  # skipped, not read for a hidden view
    show_view(qtbot, window, PIPELINE_ROW)  # shown again: read now
    qtbot.waitUntil(lambda: len(sums) == 1, timeout=5_000)
    qtbot.waitUntil(lambda: not pipeline.live.stale, timeout=5_000)


def test_today_reads_again_when_shown_after_a_skipped_read(
        make_app: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app = _app(make_app, qtbot)
    window = app.window
    today = window.today
    loads = _counted(monkeypatch, app.services.today, "load_many")
    release = _busy(app)
    show_view(qtbot, window, TODAY_ROW)
    today.refresh(reset=True)  # as a change record asks while it is shown
    show_view(qtbot, window, ACCOUNTS_ROW)
    release.set()
    qtbot.waitUntil(lambda: today.live.stale, timeout=5_000)
    assert loads == [] and not today._running  # nothing left marked as on its way
    show_view(qtbot, window, TODAY_ROW)
    qtbot.waitUntil(lambda: len(loads) == 1 and not today._running, timeout=5_000)
