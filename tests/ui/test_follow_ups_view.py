"""The Follow-ups view reads on a worker (tens of thousands are due in a large
book), keeps only the newest read when the horizon changes as it is typed, and
its summary counts every follow-up due, not only the ones listed."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest

from tests.ui.clicks import seeded, show_view, shown, type_into, written
from ui.main_window import FOLLOW_UPS_ROW
from ui.operations import Operations
from ui.tasks import TaskRunner
from ui.views import follow_ups_view

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def test_follow_ups_are_read_on_a_worker_and_counted_past_the_list(
        make_app: Any, qtbot: Any, qtmodeltester: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(follow_ups_view, "SHOWN", 2)  # the list's cap (500 in the app)
    app = make_app()
    ids = seeded(app)
    services = app.services
    today = services.clock().date()

    def due() -> None:
        for days, title in ((-3, "Overdue A"), (-2, "Overdue B"), (-1, "Overdue C"),
                            (10, "In ten days"), (30, "In a month")):
            services.history.add_follow_up(ids["Northwind Foods"], {
                "title": title, "due_date": today + timedelta(days=days)})

    written(app, due)
    shown(app, qtbot)
    view = show_view(qtbot, app.window, FOLLOW_UPS_ROW)
    titles = [view.model.row_at(r).title for r in range(view.model.rowCount())]
    assert titles == ["Overdue A", "Overdue B"]
    assert view.summary.text() == "4 follow-ups, 3 overdue; the first 2 shown"
    qtmodeltester.check(view.model)

    # The app's own pool: the read leaves the GUI thread.
    view.ops = Operations(services.store, app.bus, app.window.prompts, TaskRunner(view))
    threads: list[str] = []
    real = services.reader.follow_ups_due

    def recorded(until: Any, **kw: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real(until, **kw)

    monkeypatch.setattr(services.reader, "follow_ups_due", recorded)
    type_into(qtbot, view.horizon, "40")  # "4", then "40": two reads, the last one shown
    assert view.loading()
    qtbot.waitUntil(lambda: not view.loading())
    assert view.summary.text() == "5 follow-ups, 3 overdue; the first 2 shown"
    assert threads and threading.current_thread().name not in threads
    monkeypatch.setattr(follow_ups_view, "SHOWN", 500)
    type_into(qtbot, view.horizon, "5")
    qtbot.waitUntil(lambda: not view.loading())
    assert view.summary.text() == "3 follow-ups, 3 overdue"  # all listed: no "first"
    assert view.model.rowCount() == 3
