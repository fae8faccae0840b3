"""Nothing typed is lost: Save takes every field (the proposal editor's line form
included), Escape asks, a date that does not exist is refused under its field,
buttons work when clicked, and a removed line comes back with Undo or Ctrl+Z.

Everything is done as a person does it: clicks, keys, typed text."""

from __future__ import annotations

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from desktop.store.changes import Changes
from tests.desktop.test_proposals import _setup
from tests.ui.clicks import click, click_row, show_view, shown, written
from ui.main_window import ORDERS_ROW, PROPOSALS_ROW
from ui.prompts import Unsaved
from ui.undo import UndoBar, UndoStack
from ui.widgets.date_field import DateField

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def _type(qtbot: Any, widget: Any, text: str) -> None:
    widget.setFocus()
    widget.clear()
    qtbot.keyClicks(widget, text)


def _editor_with_a_line(app: Any, qtbot: Any) -> Any:
    """New proposal… clicked, Create clicked, a catalogue line added with Return."""
    written(app, lambda: _setup(app.services))
    window = shown(app, qtbot)
    view = show_view(qtbot, window, PROPOSALS_ROW)
    click(qtbot, view.buttons["new"])  # clicked(bool) must not arrive as the account
    dialog = view.dialog
    assert dialog is not None and dialog.isVisible()
    _type(qtbot, dialog.search, "Stuttg")
    click(qtbot, dialog.save_button)
    editor = view.editor
    form = editor.line_form
    _type(qtbot, form.search, "PW-5")
    qtbot.keyClick(form.search, Qt.Key.Key_Return)
    assert editor.lines.rowCount() == 1 and form.line is not None
    return editor


def _stored_line(app: Any, editor: Any) -> Any:
    [line] = app.services.proposal_edit.line_rows(editor.proposal_id)
    return line


def test_typed_line_values_survive_save(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    editor = _editor_with_a_line(app, qtbot)
    form = editor.line_form
    _type(qtbot, form.fields["quantity"], "12")
    _type(qtbot, form.fields["unit_price"], "18.25")
    assert form.edited() and editor.dirty()  # typed, not applied
    click(qtbot, editor.save_button)  # Save takes the line form too
    line = _stored_line(app, editor)
    assert (line.quantity, line.unit_price) == (Decimal(12), Decimal("18.25"))
    assert not editor.dirty() and editor.isVisible()

    qtbot.wait(50)  # the new-proposal dialog's closing hands activation back first
    editor.activateWindow()  # shortcuts reach the active window
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    _type(qtbot, editor.summary, "Rolls of 500 mm.")
    _type(qtbot, form.fields["quantity"], "20")  # Ctrl+Enter saves the same way
    qtbot.keyClick(form.fields["quantity"], Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert _stored_line(app, editor).quantity == Decimal(20)
    assert app.services.proposals.document(editor.proposal_id).summary == "Rolls of 500 mm."
    assert not editor.dirty()

    _type(qtbot, form.fields["quantity"], "30")  # Enter in a line's field applies the line
    qtbot.keyClick(form.fields["quantity"], Qt.Key.Key_Return)
    assert _stored_line(app, editor).quantity == Decimal(30) and not editor.dirty()


def test_a_refused_line_edit_stops_save_and_keeps_the_text(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    editor = _editor_with_a_line(app, qtbot)
    form = editor.line_form
    _type(qtbot, editor.summary, "One supplier for everything.")
    _type(qtbot, form.fields["quantity"], "zw")
    QApplication.sendEvent(form.fields["quantity"], QKeyEvent(  # non-ASCII: a key event
        QKeyEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, "ö"))
    typed = form.fields["quantity"].text()
    assert typed == "zwö"
    click(qtbot, editor.save_button)
    assert form.errors.message("quantity") == f"“{typed}” is not a number."
    assert form.fields["quantity"].text() == typed
    assert editor.summary.toPlainText() == "One supplier for everything."
    assert app.services.proposals.document(editor.proposal_id).summary in (None, "")
    assert editor.isVisible() and editor.dirty()


def test_escape_with_unapplied_line_edits_asks(make_app: Any, qtbot: Any,
                                               prompts: Any) -> None:
    app = make_app()
    editor = _editor_with_a_line(app, qtbot)
    form = editor.line_form
    assert not editor.dirty()
    _type(qtbot, form.fields["quantity"], "7")
    prompts.unsaved_answers.append(Unsaved.CANCEL)
    qtbot.keyClick(form.fields["quantity"], Qt.Key.Key_Escape)
    assert prompts.asked[-1][0] == "unsaved"
    assert editor.isVisible() and form.fields["quantity"].text() == "7"

    prompts.unsaved_answers.append(Unsaved.SAVE)  # Save from the question, then close
    click(qtbot, editor.button_box.button(editor.button_box.StandardButton.Cancel))
    assert not editor.isVisible()
    assert _stored_line(app, editor).quantity == Decimal(7)


def test_escape_discards_only_when_told(make_app: Any, qtbot: Any, prompts: Any) -> None:
    app = make_app()
    editor = _editor_with_a_line(app, qtbot)
    _type(qtbot, editor.line_form.fields["quantity"], "9")
    prompts.unsaved_answers.append(Unsaved.DISCARD)
    qtbot.keyClick(editor.title, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert _stored_line(app, editor).quantity == Decimal(1)


def test_a_date_that_does_not_exist_is_refused_under_its_field(make_app: Any, qtbot: Any,
                                                              prompts: Any) -> None:
    app = make_app()
    written(app, lambda: _setup(app.services))
    window = shown(app, qtbot)
    view = show_view(qtbot, window, PROPOSALS_ROW)
    click(qtbot, view.buttons["new"])
    dialog = view.dialog
    _type(qtbot, dialog.search, "Stuttg")
    dialog.valid_until.setLocale(QLocale(QLocale.Language.English,
                                         QLocale.Country.UnitedKingdom))  # dd/MM/yyyy
    _type(qtbot, dialog.valid_until.edit, "31/02/2026")
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and app.services.proposals.rows() == []
    assert dialog.errors.message("valid_until") == "February 2026 has only 28 days."
    assert dialog.valid_until.text() == "31/02/2026"  # as typed, not 28/02
    assert dialog.valid_until.edit.property("invalid") is True

    _type(qtbot, dialog.valid_until.edit, "2027-02-28")  # ISO works in any locale
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    editor = view.editor
    assert editor.head.valid_until.isoformat() == "2027-02-28"

    _type(qtbot, editor.valid_until.edit, "2027-02-29")  # the editor's date, the same way
    click(qtbot, editor.save_button)
    assert editor.errors.message("valid_until") == "February 2027 has only 28 days."
    assert app.services.proposal_edit.header(editor.proposal_id).valid_until.isoformat() == \
        "2027-02-28"


def test_date_field_reads_what_was_typed(qtbot: Any) -> None:
    field = DateField(QDate(2026, 3, 4))
    qtbot.addWidget(field)
    field.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    field.setDate(QDate(2026, 3, 4))
    assert field.text() == "3/4/2026"
    for typed, wanted in (("2/28/26", QDate(2026, 2, 28)), ("2026-02-28", QDate(2026, 2, 28)),
                          ("12/31/2026", QDate(2026, 12, 31))):
        field.setText(typed)
        assert field.date() == wanted and field.problem() is None
    field.setText("2/31/2026")
    assert not field.date().isValid() and field.problem() == "February 2026 has only 28 days."
    field.setText("soon")
    assert "is not a date" in (field.problem() or "")
    field.setText("")
    assert field.problem() == "Enter a date."
    field.show()
    click(qtbot, field.button)  # the calendar, and a day picked there
    assert field.calendar is not None and field.calendar.isVisible()
    field.calendar.setSelectedDate(QDate(2026, 5, 6))
    field.calendar.activated.emit(QDate(2026, 5, 6))
    assert field.date() == QDate(2026, 5, 6)


def test_follow_up_prompt_refuses_a_date_that_does_not_exist(qtbot: Any) -> None:
    from datetime import date

    from ui.dialogs.follow_up import FollowUpDialog

    asked = SimpleNamespace(unsaved=lambda parent, text: Unsaved.CANCEL)
    dialog = FollowUpDialog(asked, date(2026, 11, 20))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.title, "Call back")
    _type(qtbot, dialog.due.edit, "2026-11-31")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert dialog.isVisible() and dialog.errors.message("due_date") == \
        "November 2026 has only 30 days."
    qtbot.keyClick(dialog.title, Qt.Key.Key_Escape)  # asks; Cancel keeps it open
    assert dialog.isVisible() and dialog.title.text() == "Call back"
    _type(qtbot, dialog.due.edit, "2026-11-30")
    click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert not dialog.isVisible()
    assert dialog.values()["due_date"] == date(2026, 11, 30)


def test_new_order_add_line_and_remove_with_undo(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    written(app, lambda: _setup(app.services))
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot)
    view = show_view(qtbot, window, ORDERS_ROW)
    click(qtbot, view.new_button)
    dialog = view.dialog
    qtbot.keyClicks(dialog.account_search, "Stuttgart")
    qtbot.keyClicks(dialog.product_search, "PW-500")
    click(qtbot, dialog.add_button)  # clicked(bool) must not arrive as the quantity
    click(qtbot, dialog.add_button)
    assert [dialog.lines.item(r, 2).text() for r in range(2)] == ["1", "1"]
    dialog.set_quantity(1, "5")
    dialog.lines.setCurrentCell(1, 0)
    click(qtbot, dialog.remove_button)
    assert dialog.lines.rowCount() == 1
    assert dialog.undo_bar.isVisible() and "Pallet wrap" in dialog.undo_bar.label.text()
    click(qtbot, dialog.undo_bar.button)
    assert dialog.lines.rowCount() == 2 and dialog.lines.item(1, 2).text() == "5"
    click(qtbot, dialog.remove_button)
    window.undo_action.trigger()  # Ctrl+Z: the window's action reaches its dialogs
    assert dialog.lines.rowCount() == 2
    click(qtbot, dialog.save_button)
    assert not dialog.isVisible()
    order = app.services.orders.lines(view._selected().id)
    assert sorted(line.quantity for line in order) == [Decimal(1), Decimal(5)]
    assert not app.ops.undo.can_undo()  # the dialog's rows went with it


def test_removed_line_comes_back_with_undo(make_app: Any, qtbot: Any) -> None:
    app = make_app()
    editor = _editor_with_a_line(app, qtbot)
    form = editor.line_form
    click(qtbot, form.free_button)
    assert editor.lines.rowCount() == 2
    click_row(qtbot, editor.table, 0)
    click(qtbot, editor.remove_button)
    assert [r.sku for r in app.services.proposal_edit.line_rows(editor.proposal_id)] == [""]
    assert editor.undo_bar.isVisible()
    assert editor.undo_bar.label.text().startswith("Line 1 removed")
    assert app.window.undo_bar.isVisibleTo(app.window)  # in the status line as well
    assert editor.undo_bar._timer.interval() >= 10_000  # for at least ten seconds
    click(qtbot, editor.undo_bar.button)
    assert editor.lines.rowCount() == 2 and editor.lines.row_at(0).sku == "PW-500"
    assert editor.undo_bar.label.text().startswith("Undone")

    click_row(qtbot, editor.table, 1)
    click(qtbot, editor.remove_button)
    assert editor.lines.rowCount() == 1
    app.window.undo_action.trigger()  # Ctrl+Z
    assert editor.lines.rowCount() == 2
    assert not app.ops.undo.can_undo()
    assert not app.window.undo_action.isEnabled()


def test_undo_entries_expire(qtbot: Any) -> None:
    now = [100.0]
    stack = UndoStack(None, keep_s=60, clock=lambda: now[0])
    bar = UndoBar(stack)
    qtbot.addWidget(bar)
    undone: list[str] = []
    stack.push("Removed A.", lambda: undone.append("A"), write=False)
    stack.push("Removed B.", lambda: undone.append("B"), write=False)
    assert stack.latest() == "Removed B." and bar.label.text() == "Removed B."
    assert stack.undo() and undone == ["B"]
    now[0] += 61
    assert not stack.can_undo() and not stack.undo() and undone == ["B"]
    with pytest.raises(ValueError):
        stack.push("Archived.", lambda: None)  # a write needs operations to run it


def test_sign_in_escape_asks_before_dropping_what_was_typed(qtbot: Any) -> None:
    from ui.sync.sign_in_dialog import SignInDialog

    answers = [Unsaved.CANCEL, Unsaved.DISCARD]
    settings = SimpleNamespace(sync_server_url="", sync_login="", sync_allow_insecure=False,
                               sync_ca_file=None)
    controller = SimpleNamespace(service=SimpleNamespace(settings=settings),
                                 prompts=SimpleNamespace(
                                     unsaved=lambda parent, text: answers.pop(0)))
    dialog = SignInDialog(controller)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    _type(qtbot, dialog.url, "https://fieldbook.example.com")
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.url.text() == "https://fieldbook.example.com"
    qtbot.keyClick(dialog.url, Qt.Key.Key_Escape)
    assert not dialog.isVisible() and answers == []


def test_contact_dialog_escape_asks(make_app: Any, qtbot: Any, prompts: Any) -> None:
    from tests.ui.clicks import open_account, seeded

    app = make_app()
    seeded(app)
    shown(app, qtbot)
    page = open_account(qtbot, app, "Keller Industrial Supply")
    page.tabs.setCurrentWidget(page.people.contacts_panel)
    click(qtbot, page.people.add_contact_button)
    dialog = page.people.active_dialog
    qtbot.keyClicks(dialog.fields["first_name"], "Tom")
    prompts.unsaved_answers.append(Unsaved.CANCEL)
    qtbot.keyClick(dialog.fields["first_name"], Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.fields["first_name"].text() == "Tom"
    prompts.unsaved_answers.append(Unsaved.DISCARD)
    qtbot.keyClick(dialog.fields["first_name"], Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert [q for q, _t in prompts.asked].count("unsaved") == 2


def test_a_failed_save_keeps_the_dialog_and_says_why(make_app: Any, qtbot: Any,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import sqlite3

    app = make_app()
    window = shown(app, qtbot)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = window.active_dialog
    qtbot.keyClicks(dialog.fields["name"], "Cascade Restaurant Supply")
    qtbot.keyClicks(dialog.fields["billing_city"], "Spokane")

    def locked(values: Any) -> Any:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(app.services.accounts, "create_account", locked)
    click(qtbot, dialog.save_button)
    assert dialog.isVisible() and dialog.top_error.isVisible()
    assert "database is locked" in dialog.top_error.text()
    assert dialog.fields["name"].text() == "Cascade Restaurant Supply"
    assert dialog.save_button.isEnabled() and dialog.fields["name"].isEnabled()
    monkeypatch.undo()
    click(qtbot, dialog.save_button)  # the same text, saved this time
    assert not dialog.isVisible() and dialog.saved is not None
    assert app.services.reader.detail(dialog.saved.id).values["billing_city"] == "Spokane"
