"""The account page's Change history tab against a real server process: the
server's audit log (who, device, field, old → new), this computer's unsent
edits marked "Not yet sent", and offline a clear message with the unsent edits."""

from __future__ import annotations

from typing import Any

import pytest

from tests.server.conftest import server_db, server_url  # noqa: F401 - fixtures
from tests.sync.conftest import admin_db, make_replica, server  # noqa: F401 - fixtures
from tests.ui.clicks import click, click_tab, shown, type_into
from tests.ui.test_sync_ui import _sign_in, app, cara, new_account  # noqa: F401 - fixtures
from ui.history_view import HistoryModel


def _rows(model: HistoryModel) -> list[tuple[str, ...]]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


@pytest.mark.parametrize("server_url", ["sqlite"], indirect=True)
def test_the_change_history_tab_shows_the_server_log_and_unsent_edits(
        app: Any, cara: str, server: Any, make_replica: Any,  # noqa: F811
        qtbot: Any, qtmodeltester: Any) -> None:
    fb = app()
    shown(fb, qtbot)
    _sign_in(fb, server.url, qtbot=qtbot)
    acc = new_account(fb, qtbot, "Acme")
    fb.sync.push_timer.stop()
    assert fb.sync.sync_now()
    dan = make_replica("dan")
    dan.sync()
    dan.accounts.update_account(acc, {"industry": "Mining"})
    dan.sync()
    assert fb.sync.sync_now()  # Dan's edit arrives
    page = fb.window.accounts.page
    # an edit of Cara's that has not been sent yet
    click_tab(qtbot, page.tabs, page.form)
    type_into(qtbot, page.form.inputs["website"], "acme.example")
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: not page.form.is_dirty(), timeout=10_000)
    fb.sync.push_timer.stop()
    assert fb.sync.status().pending == 1

    click_tab(qtbot, page.tabs, page.changes)
    model = page.changes.model
    qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=10_000)
    qtmodeltester.check(model)
    rows = _rows(model)
    assert rows[0][0] == "Not yet sent"  # the unsent edit comes first
    assert rows[0][4:] == ("website", "– → acme.example")
    dans = [r for r in rows if r[1] == "Dan"]
    assert [(r[4], r[5]) for r in dans] == [("industry", "– → Mining")]
    caras = [r for r in rows if r[1] == "Cara Rep"]
    assert ("name", "– → Acme") in {(r[4], r[5]) for r in caras}
    assert all(r[2] for r in caras)  # the device Cara signed in with
    assert {r[3] for r in caras} >= {"accounts (created)", "accounts (changed)"}
    assert "not yet sent" in page.changes.status.text()

    click_tab(qtbot, page.tabs, page.form)  # another unsent edit shows when it comes back
    type_into(qtbot, page.form.inputs["billing_city"], "Reno")
    click(qtbot, page.form.save_button)
    qtbot.waitUntil(lambda: not page.form.is_dirty(), timeout=10_000)
    fb.sync.push_timer.stop()
    click_tab(qtbot, page.tabs, page.changes)
    qtbot.waitUntil(lambda: "billing city" in {r[4] for r in _rows(model)}, timeout=10_000)
    unsent = {r[4] for r in _rows(model) if r[0] == "Not yet sent"}
    assert unsent == {"website", "billing city"}

    server.stop()  # offline: says where the history is, keeps the unsent edit
    click(qtbot, page.changes.refresh_button)
    qtbot.waitUntil(lambda: "kept on the server" in page.changes.status.text(),
                    timeout=10_000)
    assert {r[4] for r in _rows(model)} == {"website", "billing city"}
    qtmodeltester.check(model)


def test_offline_the_orders_history_tab_says_where_the_history_is(
        make_app: Any, qtbot: Any, qtmodeltester: Any) -> None:
    from desktop.store.changes import Changes
    from tests.ui.clicks import show_view
    from tests.ui.test_orders_ui import shipped_order
    from ui.main_window import ORDERS_ROW

    fb = make_app()
    order = shipped_order(fb.services)
    fb.bus.publish(Changes.reset())
    shown(fb, qtbot, active=False)
    view = show_view(qtbot, fb.window, ORDERS_ROW)
    qtbot.waitUntil(lambda: view.detail.order is not None and view.detail.order.id == order)
    tab = view.detail.changes
    assert tab is not None
    click_tab(qtbot, view.detail.tabs, tab)
    qtbot.waitUntil(lambda: "kept on the server" in tab.status.text(), timeout=10_000)
    assert "not signed in" in tab.status.text()
    qtmodeltester.check(tab.model)
    unsent = fb.services.store.reads().execute(
        "SELECT count(*) FROM sync_outbox WHERE table_name = 'orders' AND row_id = ?",
        (order.hex,)).fetchone()[0]
    rows = _rows(tab.model)
    assert unsent and rows  # the order's edits wait in the outbox for a server
    assert "status" in {r[4] for r in rows}
    assert {r[0] for r in rows} <= {"Not yet sent"}
    assert {r[1] for r in rows} <= {"you"}
