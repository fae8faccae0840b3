"""Views follow change records: the rows a change touches update in place (no
model reset, the selection stays), a hidden view waits until it is shown, and
only a wholesale change reloads."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop.store.changes import Changes
from tests.ui.clicks import (
    click,
    click_row,
    click_tab,
    model_checks,
    open_account,
    seeded,
    show_view,
    shown,
    written,
)
from ui.main_window import ACCOUNTS_ROW, FOLLOW_UPS_ROW


def resets(model: Any) -> list[int]:
    seen: list[int] = []
    model.modelReset.connect(lambda: seen.append(1))
    return seen


def test_follow_ups_update_in_place_and_wait_while_hidden(make_app: Any, qtbot: Any,
                                                         request: Any) -> None:
    app = make_app()
    ids = seeded(app)
    history, today = app.services.history, app.services.clock().date()

    def add(title: str, days: int) -> None:
        saved = written(app, lambda: history.add_follow_up(ids["Northwind Foods"], {
            "title": title, "due_date": today + timedelta(days=days)}))
        app.bus.publish(saved.changes)

    add("Send the price list", 2)
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, FOLLOW_UPS_ROW)
    model_checks(request)(view.model)
    reset = resets(view.model)
    click_row(qtbot, view.view, 0)
    add("Call about the pallets", 1)  # on the screen: inserted where it belongs
    assert [view.model.row_at(n).title for n in range(view.model.rowCount())] == [
        "Call about the pallets", "Send the price list"]
    assert view.view.selectionModel().selectedRows()[0].row() == 1  # still that row
    click(qtbot, view.done_button)
    assert [view.model.row_at(n).title for n in range(view.model.rowCount())] == [
        "Call about the pallets"]

    show_view(qtbot, app.window, ACCOUNTS_ROW)  # hidden now: a change only marks it stale
    add("Quote for the new line", 3)
    assert view.live.stale and view.model.rowCount() == 1
    show_view(qtbot, app.window, FOLLOW_UPS_ROW)
    assert not view.live.stale and view.model.rowCount() == 2
    assert reset == []

    app.bus.publish(Changes.reset())  # a wholesale change: the list starts over
    assert reset == [1]


def test_the_account_page_updates_in_place(make_app: Any, qtbot: Any, request: Any) -> None:
    app = make_app()
    ids = seeded(app)
    shown(app, qtbot, active=False)
    page = open_account(qtbot, app, "Keller Industrial Supply")
    check = model_checks(request)
    check(page.people.contacts)
    check(page.timeline)
    contacts, timeline = resets(page.people.contacts), resets(page.timeline)
    click_tab(qtbot, page.tabs, page.people.contacts_panel)
    click_row(qtbot, page.people.contacts_view, 0)
    accounts, history = app.services.accounts, app.services.history
    added = written(app, lambda: accounts.add_contact(ids["Keller Industrial Supply"], {
        "first_name": "Aaron", "last_name": "Abel"}))
    app.bus.publish(added.changes)
    names = [page.people.contacts.row_at(n).name for n in range(page.people.contacts.rowCount())]
    assert "Aaron Abel" in names and len(names) == 2
    logged = written(app, lambda: history.log_interaction(ids["Keller Industrial Supply"], {
        "channel": "phone", "subject": "Reorder call"}))
    app.bus.publish(logged.changes)
    assert page.timeline.entry(0).subject == "Reorder call"
    assert page.tabs.tabText(0) == "History (6)"
    assert contacts == [] and timeline == []
