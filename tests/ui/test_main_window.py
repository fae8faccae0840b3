"""User flows through the real main window (offscreen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.store.changes import Changes
from ui.dialogs.log_interaction import LogInteractionDialog
from ui.dialogs.new_account import NewAccountDialog
from ui.main_window import FOLLOW_UPS_ROW
from ui.prompts import Unsaved

from .clicks import (
    LEFT,
    click,
    click_row,
    click_tab,
    double_click_row,
    open_account,
    row_point,
    seeded,
    show_view,
    shown,
    trigger,
    type_into,
    written,
)


def type_text(widget: QLineEdit, text: str) -> None:
    """Type any text, non-ASCII too (qtbot.keyClicks aborts on non-ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier,
                                                     char))


def show_active(window: Any, qtbot: Any) -> None:
    """Shortcuts reach only the active window."""
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()


def visible_names(app: Any) -> list[str]:
    model = app.window.accounts.model
    return [model.row_at(r).name for r in range(model.rowCount())]


def test_typing_in_search_narrows_the_list(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    assert len(visible_names(app)) == 3
    qtbot.keyClicks(app.window.accounts.search, "bay")
    assert visible_names(app) == ["Bayside Dental Group"]
    assert app.window.accounts.total_label.text() == "1 account"
    app.window.accounts.search.clear()
    type_text(app.window.accounts.search, "Doé")  # diacritics fold: finds Jane Doe's account
    assert visible_names(app) == ["Keller Industrial Supply"]


def test_logging_an_interaction_shows_in_timeline_and_survives_restart(
        make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Keller Industrial Supply")
    before = page.timeline.rowCount()
    qtbot.keyClick(app.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.active_dialog
    assert isinstance(dialog, LogInteractionDialog)
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    type_text(dialog.subject, "Site visit — Müller line")
    qtbot.keyClicks(dialog.notes, "Walked the warehouse")
    click(qtbot, dialog.save_button)
    assert dialog.result() == dialog.DialogCode.Accepted
    timeline = page.timeline
    assert timeline.rowCount() == before + 1
    newest = timeline.entry(0)
    assert (newest.subject, newest.channel) == ("Site visit — Müller line", "visit")
    trigger(app.window.quit_action)
    assert not app.window.isVisible()
    app.services.close()

    again = make_app()
    shown(again, qtbot)
    page = open_account(qtbot, again, "Keller Industrial Supply")
    subjects = [page.timeline.entry(r).subject for r in range(page.timeline.rowCount())]
    assert "Site visit — Müller line" in subjects


def test_invalid_phone_shows_message_and_keeps_text(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    ids = seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Northwind Foods")
    form = page.form
    click_tab(qtbot, page.tabs, form)
    phone = form.inputs["phone"]
    assert isinstance(phone, QLineEdit)
    type_into(qtbot, phone, "555-12")
    assert form.is_dirty()
    click(qtbot, form.save_button)
    assert phone.text() == "555-12"
    assert "not a valid phone number" in (form.errors.message("phone") or "")
    assert form.is_dirty() and form.save_button.isEnabled()  # try again
    stored = app.services.reader.detail(ids["Northwind Foods"]).values["phone"]
    assert stored == "+13032440003"
    type_into(qtbot, phone, "(303) 244-9999")
    click(qtbot, form.save_button)
    assert form.errors.message("phone") is None
    assert not form.is_dirty()
    assert app.services.reader.detail(ids["Northwind Foods"]).values["phone"] == "+13032449999"


def test_closing_with_unsaved_edits_asks_first(make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    ids = seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Northwind Foods")
    click_tab(qtbot, page.tabs, page.form)
    name = page.form.inputs["name"]
    name.setFocus()
    name.end(False)
    qtbot.keyClicks(name, " West")
    prompts.unsaved_answers = [Unsaved.CANCEL, Unsaved.SAVE]
    trigger(app.window.quit_action)
    assert app.window.isVisible()  # cancelled: still open, edit still there
    assert name.text() == "Northwind Foods West"
    trigger(app.window.quit_action)  # saved, then closed
    qtbot.waitUntil(lambda: not app.window.isVisible())
    assert app.services.reader.detail(ids["Northwind Foods"]).values["name"] == (
        "Northwind Foods West")
    assert [kind for kind, _ in prompts.asked] == ["unsaved", "unsaved"]


def test_cancel_on_unsaved_edits_keeps_the_row_being_edited(
        make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    ids = seeded(app)
    shown(app, qtbot)
    view = app.window.accounts
    page = open_account(qtbot, app, "Northwind Foods")
    editing = view.model.row_of(ids["Northwind Foods"])
    click_tab(qtbot, page.tabs, page.form)
    type_into(qtbot, page.form.inputs["billing_city"], "Boulder")
    other = view.model.row_of(ids["Bayside Dental Group"])
    prompts.unsaved_answers = [Unsaved.CANCEL]
    click_row(qtbot, view.table, other)
    qtbot.waitUntil(lambda: selected_rows(view) == [editing])
    assert view.table.currentIndex().row() == editing
    assert page.detail.values["name"] == "Northwind Foods" and page.form.is_dirty()
    # Save this time: the edit is stored and the clicked account opens.
    prompts.unsaved_answers = [Unsaved.SAVE]
    click_row(qtbot, view.table, other)
    qtbot.waitUntil(lambda: page.detail.values["name"] == "Bayside Dental Group")
    qtbot.waitUntil(lambda: selected_rows(view) == [view.model.row_of(
        ids["Bayside Dental Group"])])
    assert app.services.reader.detail(ids["Northwind Foods"]).values["billing_city"] == \
        "Boulder"


def selected_rows(view: Any) -> list[int]:
    return [i.row() for i in view.table.selectionModel().selectedRows()]


def test_shortcuts_and_new_account(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    qtbot.keyClick(app.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert app.window.accounts.search.hasFocus()
    qtbot.keyClick(app.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.active_dialog
    assert isinstance(dialog, NewAccountDialog)
    qtbot.keyClicks(dialog.fields["name"], "Harbor Freightways")
    click(qtbot, dialog.save_button)
    assert app.window.accounts.page.detail is not None
    assert app.window.accounts.page.detail.values["name"] == "Harbor Freightways"
    assert "Harbor Freightways" in visible_names(app)


def test_window_geometry_is_remembered(make_app: Any) -> None:
    app = make_app()
    app.window.show()
    # The offscreen screen is 800x800 and the window at least 960 wide: a first
    # start opens it 960x800, so the height tells the remembered size apart.
    app.window.resize(960, 700)
    trigger(app.window.quit_action)
    again = make_app()
    assert (again.window.width(), again.window.height()) == (960, 700)


def test_follow_ups_and_concerns_from_the_account_page(make_app: Any, qtbot: Any,
                                                      prompts: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Bayside Dental Group")
    people = page.people
    click_tab(qtbot, page.tabs, people.followup_panel)
    prompts.follow_up_answers = [{"title": "Send samples",
                                  "due_date": app.services.clock().date()}]
    click(qtbot, people.add_follow_up_button)
    assert [people.follow_ups.row_at(r).title for r in range(people.follow_ups.rowCount())] == [
        "Send samples"]
    prompts.concern_answers = [("Invoice doubled", "Billed twice in October")]
    click(qtbot, people.raise_concern_button)
    click_row(qtbot, people.concerns_view, 0)
    prompts.text_answers = ["Credit note issued"]
    click(qtbot, people.resolve_button)
    concern = people.concerns.row_at(0)
    assert (concern.status, concern.resolution) == ("resolved", "Credit note issued")
    click_row(qtbot, people.follow_ups_view, 0)
    click(qtbot, people.done_button)
    assert people.follow_ups.rowCount() == 0
    assert not [kind for kind, _ in prompts.asked if kind == "error"]


def test_follow_ups_view_lists_due_items_and_opens_the_account(make_app: Any,
                                                              qtbot: Any) -> None:
    from datetime import timedelta

    app = make_app()
    ids = seeded(app)
    today = app.services.clock().date()
    history = app.services.history

    def due() -> None:
        history.add_follow_up(ids["Northwind Foods"], {
            "title": "Overdue call", "due_date": today - timedelta(days=3)})
        history.add_follow_up(ids["Bayside Dental Group"], {
            "title": "Next week", "due_date": today + timedelta(days=6)})
        history.add_follow_up(ids["Bayside Dental Group"], {
            "title": "Next quarter", "due_date": today + timedelta(days=90)})

    written(app, due)
    shown(app, qtbot)
    view = show_view(qtbot, app.window, FOLLOW_UPS_ROW)
    assert view is app.window.follow_ups
    titles = [view.model.row_at(r).title for r in range(view.model.rowCount())]
    assert titles == ["Overdue call", "Next week"]  # due within 14 days, overdue first
    assert view.summary.text() == "2 follow-ups, 1 overdue"
    assert not view.done_button.isEnabled()  # nothing chosen yet
    click_row(qtbot, view.view, 0)
    click(qtbot, view.done_button)
    assert [view.model.row_at(r).title for r in range(view.model.rowCount())] == ["Next week"]
    click_row(qtbot, view.view, 0)
    click(qtbot, view.open_button)
    assert app.window.stack.currentWidget() is app.window.accounts
    assert app.window.accounts.page.detail is not None
    assert app.window.accounts.page.detail.values["name"] == "Bayside Dental Group"


def test_opening_an_account_finds_it_beyond_the_first_page(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    accounts, history = app.services.accounts, app.services.history

    def book() -> Any:
        for n in range(45):
            accounts.create_account({"name": f"Account {n:02d}"})
        last = accounts.create_account({"name": "Zeta Last"}).id
        history.add_follow_up(last, {"title": "Call back", "due_date": app.services.clock()
                                     .date()})
        return last

    last = written(app, book)
    view = app.window.accounts
    view.model.page_size = 10
    app.bus.publish(Changes.reset())
    shown(app, qtbot)
    assert view.model.row_of(last) is None  # not loaded yet
    follow_ups = show_view(qtbot, app.window, FOLLOW_UPS_ROW)  # opened from its follow-up
    click_row(qtbot, follow_ups.view, 0)
    click(qtbot, follow_ups.open_button)
    row = view.model.row_of(last)
    assert row == 45
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [45]
    assert view.page.detail is not None and view.page.detail.id == last


def test_edit_and_delete_an_interaction_from_the_timeline(make_app: Any, qtbot: Any,
                                                          prompts: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Keller Industrial Supply")
    newest = page.timeline.entry(0)
    assert newest.subject == "Conversation 4"
    double_click_row(qtbot, page.timeline_view, 0)
    dialog = page.active_dialog
    assert isinstance(dialog, LogInteractionDialog)
    assert dialog.subject.text() == "Conversation 4" and dialog.follow_up.isHidden()
    type_into(qtbot, dialog.subject, "Conversation 4 - corrected")
    click(qtbot, dialog.save_button)
    assert page.timeline.entry(0).subject == "Conversation 4 - corrected"
    assert page.timeline.entry(0).id == newest.id  # edited in place, not a new entry
    count = page.timeline.rowCount()
    prompts.confirm_answers = [False, True]
    timeline_menu(page, 0, "Delete…")
    assert page.timeline.rowCount() == count  # declined: nothing deleted
    timeline_menu(page, 0, "Delete…")
    assert page.timeline.rowCount() == count - 1
    assert page.timeline.entry(0).subject == "Conversation 3"


def timeline_menu(page: Any, row: int, text: str) -> None:
    """Right-click a timeline entry and choose ``text`` in its menu."""
    viewport = page.timeline_view.viewport()
    point = row_point(page.timeline_view, row)
    QApplication.sendEvent(viewport, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, point, viewport.mapToGlobal(point)))
    menu = page.context_menu
    assert menu is not None
    [action] = [a for a in menu.actions() if a.text() == text]
    menu.hide()
    trigger(action)


def test_header_shows_titles_and_a_click_sorts(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    view = app.window.accounts
    header = view.table.horizontalHeader()
    titles = [header.model().headerData(c, Qt.Orientation.Horizontal)
              for c in range(header.count())]
    assert titles[:2] == ["Account", "City"]
    shown(app, qtbot)
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.AscendingOrder)
    cities = [view.model.row_at(r).city for r in range(view.model.rowCount())]
    city_x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), LEFT, pos=QPoint(city_x, header.height() // 2))
    assert view.model.filter.sort.value == "city"
    assert [view.model.row_at(r).city for r in range(view.model.rowCount())] == sorted(
        cities, key=lambda c: (c or "").lower())


def test_shortcuts_reach_the_window_from_a_dialog(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seeded(app)
    shown(app, qtbot)
    contexts = {action.shortcutContext() for action in app.window.actions()}
    assert contexts == {Qt.ShortcutContext.ApplicationShortcut}
