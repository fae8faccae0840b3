"""User flows through the real main window (offscreen)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from desktop.domain.schema import ConcernStatus
from ui.dialogs.log_interaction import LogInteractionDialog
from ui.dialogs.new_account import NewAccountDialog
from ui.prompts import Unsaved

from .conftest import seed


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
    seed(app.services)
    app.window.accounts.apply_filter()
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
    ids = seed(app.services)
    show_active(app.window, qtbot)
    app.window.show_account(ids["Keller Industrial Supply"])
    before = app.window.accounts.page.timeline.rowCount()
    qtbot.keyClick(app.window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.active_dialog
    assert isinstance(dialog, LogInteractionDialog)
    dialog.channel.setCurrentIndex(dialog.channel.findData("visit"))
    type_text(dialog.subject, "Site visit — Müller line")
    qtbot.keyClicks(dialog.notes, "Walked the warehouse")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    timeline = app.window.accounts.page.timeline
    assert timeline.rowCount() == before + 1
    newest = timeline.entry(0)
    assert (newest.subject, newest.channel) == ("Site visit — Müller line", "visit")
    app.window.close()
    app.services.close()

    again = make_app()
    again.window.show_account(ids["Keller Industrial Supply"])
    subjects = [again.window.accounts.page.timeline.entry(r).subject
                for r in range(again.window.accounts.page.timeline.rowCount())]
    assert "Site visit — Müller line" in subjects


def test_invalid_phone_shows_message_and_keeps_text(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    ids = seed(app.services)
    app.window.show_account(ids["Northwind Foods"])
    form = app.window.accounts.page.form
    phone = form.inputs["phone"]
    assert isinstance(phone, QLineEdit)
    phone.clear()
    qtbot.keyClicks(phone, "555-12")
    assert form.is_dirty()
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert phone.text() == "555-12"
    assert "not a valid phone number" in (form.errors.message("phone") or "")
    stored = app.services.reader.detail(ids["Northwind Foods"]).values["phone"]
    assert stored == "+13032440003"
    phone.clear()
    qtbot.keyClicks(phone, "(303) 244-9999")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert form.errors.message("phone") is None
    assert app.services.reader.detail(ids["Northwind Foods"]).values["phone"] == "+13032449999"


def test_closing_with_unsaved_edits_asks_first(make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    ids = seed(app.services)
    app.window.show()
    app.window.show_account(ids["Northwind Foods"])
    name = app.window.accounts.page.form.inputs["name"]
    name.end(False)
    qtbot.keyClicks(name, " West")
    prompts.unsaved_answers = [Unsaved.CANCEL, Unsaved.SAVE]
    app.window.close()
    assert app.window.isVisible()  # cancelled: still open, edit still there
    assert name.text() == "Northwind Foods West"
    app.window.close()
    assert not app.window.isVisible()
    assert app.services.reader.detail(ids["Northwind Foods"]).values["name"] == (
        "Northwind Foods West")
    assert [kind for kind, _ in prompts.asked] == ["unsaved", "unsaved"]


def test_shortcuts_and_new_account(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seed(app.services)
    show_active(app.window, qtbot)
    qtbot.keyClick(app.window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert app.window.accounts.search.hasFocus()
    qtbot.keyClick(app.window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = app.window.active_dialog
    assert isinstance(dialog, NewAccountDialog)
    dialog.fields["name"].setText("Harbor Freightways")  # type: ignore[attr-defined]
    dialog._save()
    assert app.window.accounts.page.detail is not None
    assert app.window.accounts.page.detail.values["name"] == "Harbor Freightways"
    assert "Harbor Freightways" in visible_names(app)


def test_window_geometry_is_remembered(make_app: Any) -> None:
    app = make_app()
    app.window.show()
    app.window.resize(1100, 660)  # the offscreen screen is only 800 px high
    app.window.close()
    again = make_app()
    assert (again.window.width(), again.window.height()) == (1100, 660)


def test_follow_ups_and_concerns_from_the_account_page(make_app: Any, prompts: Any) -> None:
    app = make_app()
    ids = seed(app.services)
    app.window.show_account(ids["Bayside Dental Group"])
    people = app.window.accounts.page.people
    prompts.follow_up_answers = [{"title": "Send samples",
                                  "due_date": app.services.clock().date()}]
    people.add_follow_up()
    assert [people.follow_ups.row_at(r).title for r in range(people.follow_ups.rowCount())] == [
        "Send samples"]
    prompts.concern_answers = [("Invoice doubled", "Billed twice in October")]
    people.raise_concern()
    people.concerns_view.selectRow(0)
    prompts.text_answers = ["Credit note issued"]
    people.set_concern(ConcernStatus.RESOLVED)
    concern = people.concerns.row_at(0)
    assert (concern.status, concern.resolution) == ("resolved", "Credit note issued")
    people.follow_ups_view.selectRow(0)
    people.complete_follow_up()
    assert people.follow_ups.rowCount() == 0


def test_follow_ups_view_lists_due_items_and_opens_the_account(make_app: Any) -> None:
    app = make_app()
    ids = seed(app.services)
    today = app.services.clock().date()
    from datetime import timedelta

    app.services.history.add_follow_up(ids["Northwind Foods"], {
        "title": "Overdue call", "due_date": today - timedelta(days=3)})
    app.services.history.add_follow_up(ids["Bayside Dental Group"], {
        "title": "Next week", "due_date": today + timedelta(days=6)})
    app.services.history.add_follow_up(ids["Bayside Dental Group"], {
        "title": "Next quarter", "due_date": today + timedelta(days=90)})
    app.window.show()
    app.window.sidebar.setCurrentRow(1)
    view = app.window.follow_ups
    assert app.window.stack.currentWidget() is view
    titles = [view.model.row_at(r).title for r in range(view.model.rowCount())]
    assert titles == ["Overdue call", "Next week"]  # due within 14 days, overdue first
    assert view.summary.text() == "2 follow-ups, 1 overdue"
    view.view.selectRow(0)
    view._done()
    assert [view.model.row_at(r).title for r in range(view.model.rowCount())] == ["Next week"]
    view.view.selectRow(0)
    view._open()
    assert app.window.stack.currentWidget() is app.window.accounts
    assert app.window.accounts.page.detail is not None
    assert app.window.accounts.page.detail.values["name"] == "Bayside Dental Group"


def test_opening_an_account_finds_it_beyond_the_first_page(make_app: Any) -> None:
    app = make_app()
    for n in range(45):
        app.services.accounts.create_account({"name": f"Account {n:02d}"})
    last = app.services.accounts.create_account({"name": "Zeta Last"}).id
    view = app.window.accounts
    view.model.page_size = 10
    view.apply_filter()
    assert view.model.row_of(last) is None  # not loaded yet
    app.window.show_account(last)
    row = view.model.row_of(last)
    assert row == 45
    assert [i.row() for i in view.table.selectionModel().selectedRows()] == [45]


def test_edit_and_delete_an_interaction_from_the_timeline(make_app: Any, qtbot: Any,
                                                          prompts: Any) -> None:
    app = make_app()
    ids = seed(app.services)
    app.window.show_account(ids["Keller Industrial Supply"])
    page = app.window.accounts.page
    newest = page.timeline.entry(0)
    assert newest.subject == "Conversation 4"
    page.edit_interaction(0)
    dialog = page.active_dialog
    assert isinstance(dialog, LogInteractionDialog)
    assert dialog.subject.text() == "Conversation 4" and dialog.follow_up.isHidden()
    dialog.subject.setText("Conversation 4 — corrected")
    dialog._save()
    assert page.timeline.entry(0).subject == "Conversation 4 — corrected"
    assert page.timeline.entry(0).id == newest.id  # edited in place, not a new entry
    count = page.timeline.rowCount()
    prompts.confirm_answers = [False, True]
    page.delete_interaction(0)
    assert page.timeline.rowCount() == count  # declined: nothing deleted
    page.delete_interaction(0)
    assert page.timeline.rowCount() == count - 1
    assert page.timeline.entry(0).subject == "Conversation 3"


def test_header_shows_titles_and_a_click_sorts(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seed(app.services)
    view = app.window.accounts
    view.apply_filter()
    header = view.table.horizontalHeader()
    titles = [header.model().headerData(c, Qt.Orientation.Horizontal)
              for c in range(header.count())]
    assert titles == view.model.titles() and titles[:2] == ["Account", "City"]
    show_active(app.window, qtbot)
    qtbot.waitUntil(view.table.isSortingEnabled)  # switched on after the first paint
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        0, Qt.SortOrder.AscendingOrder)
    cities = [view.model.row_at(r).city for r in range(view.model.rowCount())]
    city_x = header.sectionViewportPosition(1) + header.sectionSize(1) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(city_x, header.height() // 2))
    assert view.model.filter.sort.value == "city"
    assert [view.model.row_at(r).city for r in range(view.model.rowCount())] == sorted(
        cities, key=lambda c: (c or "").lower())


def test_shortcuts_reach_the_window_from_a_dialog_after_the_first_paint(
        make_app: Any, qtbot: Any) -> None:
    app = make_app()
    seed(app.services)
    show_active(app.window, qtbot)
    qtbot.waitUntil(app.window.accounts.table.isSortingEnabled)  # the deferred work ran
    contexts = {action.shortcutContext() for action in app.window.actions()}
    assert contexts == {Qt.ShortcutContext.ApplicationShortcut}
