"""The editing dialogs: what they save, and that bad input keeps the dialog and the text."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from desktop.services.container import Services
from desktop.store.changes import Changes
from tests.conftest import FIXED_NOW
from tests.ui.conftest import ScriptedPrompts
from ui.change_bus import ChangeBus
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.log_interaction import LogInteractionDialog
from ui.dialogs.new_account import NewAccountDialog
from ui.operations import Operations
from ui.tasks import ImmediateRunner

# The offscreen platform warns that it cannot resize, raise or grab for popups.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


@pytest.fixture
def prompts() -> ScriptedPrompts:
    return ScriptedPrompts()


@pytest.fixture
def ops(services: Services, prompts: ScriptedPrompts) -> Operations:
    """Writes as the app makes them: operations on the store's writer (which runs
    them on the spot here); a write outside one fails."""
    services.store.writes_in_jobs = True
    return Operations(services.store, ChangeBus(), prompts, ImmediateRunner())


def _write(services: Services, fn: Any) -> Any:
    return services.store.writer.call(fn)


@pytest.fixture
def account(services: Services, ops: Operations) -> uuid.UUID:
    return _write(services, lambda: services.accounts.create_account(
        {"name": "Harbor Freight Logistics", "billing_city": "Tacoma", "billing_region": "WA"}
    )).id


@pytest.fixture
def contact(services: Services, account: uuid.UUID) -> uuid.UUID:
    return _write(services, lambda: services.accounts.add_contact(
        account, {"first_name": "Maria", "last_name": "Gonzalez", "title": "Purchasing manager"}
    )).id


def _log_dialog(qtbot: QtBot, services: Services, ops: Operations, account: uuid.UUID,
                **kwargs: object) -> LogInteractionDialog:
    contacts = services.reader.detail(account).contacts
    dialog = LogInteractionDialog(services, account, "Harbor Freight Logistics", contacts,
                                  **kwargs, ops=ops)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _line(dialog: LogInteractionDialog | ContactDialog | NewAccountDialog,
          name: str) -> QLineEdit:
    widget = dialog.fields[name]
    assert isinstance(widget, QLineEdit)
    return widget


def test_log_visit_with_follow_up(qtbot: QtBot, services: Services, ops: Operations,
                                  account: uuid.UUID, contact: uuid.UUID) -> None:
    dialog = _log_dialog(qtbot, services, ops, account)
    assert dialog.windowTitle() == "Log interaction — Harbor Freight Logistics"
    assert dialog.fields["contact_id"].currentData() == contact  # type: ignore[attr-defined]
    assert dialog.fields["direction"].currentData() == "out"  # type: ignore[attr-defined]
    assert not dialog.fields["follow_up"].isChecked()  # type: ignore[attr-defined]

    qtbot.keyClicks(_line(dialog, "subject"), "Quarterly pricing review")
    channel = dialog.fields["channel"]
    channel.setCurrentIndex(channel.findData("visit"))  # type: ignore[attr-defined]
    dialog.fields["duration_minutes"].setValue(30)  # type: ignore[attr-defined]
    qtbot.keyClicks(dialog.fields["notes"], "Wants a revised quote.")
    qtbot.keyClicks(_line(dialog, "outcome"), "Quote requested")
    dialog.fields["follow_up"].setChecked(True)  # type: ignore[attr-defined]
    qtbot.keyClicks(_line(dialog, "follow_up_title"), "Send revised quote")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None
    entries, _more = services.reader.timeline(account)
    assert len(entries) == 1
    entry = entries[0]
    assert entry.id == dialog.saved.id
    assert (entry.channel, entry.direction, entry.duration_minutes) == ("visit", "out", 30)
    assert entry.subject == "Quarterly pricing review"
    assert entry.notes == "Wants a revised quote."
    assert entry.outcome == "Quote requested"
    assert entry.contact_name == "Maria Gonzalez"
    assert entry.occurred_at == FIXED_NOW
    follow_ups = services.reader.detail(account).open_follow_ups
    assert [(f.title, f.due_date) for f in follow_ups] == [
        ("Send revised quote", FIXED_NOW.astimezone().date() + timedelta(days=7))
    ]


def test_non_ascii_subject_and_ctrl_return_saves(qtbot: QtBot, services: Services,
                                                 ops: Operations, account: uuid.UUID) -> None:
    dialog = _log_dialog(qtbot, services, ops, account)
    assert dialog.fields["contact_id"].currentData() is None  # type: ignore[attr-defined]
    channel = dialog.fields["channel"]
    channel.setCurrentIndex(channel.findData("web"))  # type: ignore[attr-defined]
    assert dialog.fields["direction"].currentData() == "in"  # type: ignore[attr-defined]
    assert not dialog.fields["duration_minutes"].isEnabled()
    _line(dialog, "subject").setText("Anfrage: Paletten für München — 40 Stück")
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    qtbot.keyClick(dialog.fields["notes"], Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert dialog.result() == QDialog.DialogCode.Accepted
    entry = services.reader.timeline(account)[0][0]
    assert entry.subject == "Anfrage: Paletten für München — 40 Stück"
    assert (entry.channel, entry.direction, entry.duration_minutes) == ("web", "in", None)
    assert services.reader.detail(account).open_follow_ups == []


def test_empty_subject_keeps_dialog_and_text(qtbot: QtBot, services: Services,
                                             ops: Operations, account: uuid.UUID) -> None:
    dialog = _log_dialog(qtbot, services, ops, account)
    notes = dialog.fields["notes"]
    assert isinstance(notes, QPlainTextEdit)
    qtbot.keyClicks(notes, "Called about the late delivery")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.saved is None
    message = dialog.errors.message("subject")
    assert message and "required" in message
    assert _line(dialog, "subject").property("invalid") is True
    assert notes.toPlainText() == "Called about the late delivery"
    assert services.reader.timeline(account)[0] == []


def test_follow_up_without_title_shows_under_follow_up(qtbot: QtBot, services: Services,
                                                      ops: Operations,
                                                      account: uuid.UUID) -> None:
    dialog = _log_dialog(qtbot, services, ops, account)
    qtbot.keyClicks(_line(dialog, "subject"), "Demo")
    dialog.fields["follow_up"].setChecked(True)  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible()
    assert dialog.errors.message("follow_up_title")
    assert not dialog.top_error.isVisible()
    assert services.reader.timeline(account)[0] == []


def test_prefill_selects_contact(qtbot: QtBot, services: Services, ops: Operations,
                                 account: uuid.UUID, contact: uuid.UUID) -> None:
    other = _write(services, lambda: services.accounts.add_contact(
        account, {"first_name": "Tom", "last_name": "Becker"}))
    dialog = _log_dialog(qtbot, services, ops, account,
                         prefill={"contact_id": other.id, "channel": "email"})
    assert dialog.fields["contact_id"].currentData() == other.id  # type: ignore[attr-defined]
    assert not dialog.fields["duration_minutes"].isEnabled()


def test_contact_dialog_invalid_then_valid_phone(qtbot: QtBot, services: Services,
                                                 ops: Operations, account: uuid.UUID) -> None:
    dialog = ContactDialog(services, account, ops=ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(_line(dialog, "first_name"), "Tom")
    qtbot.keyClicks(_line(dialog, "last_name"), "Becker")
    phone = _line(dialog, "work_phone")
    qtbot.keyClicks(phone, "555")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.saved_id is None
    assert "555" in (dialog.errors.message("work_phone") or "")
    assert phone.text() == "555"
    assert services.reader.detail(account).contacts == []

    phone.setText("253-555-0143")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    [row] = services.reader.detail(account).contacts
    assert (row.id, row.name, row.work_phone) == (dialog.saved_id, "Tom Becker", "+12535550143")
    assert dialog.saved_changes and dialog.saved_changes.touches("contacts")


def test_contact_dialog_edit_saves_only_changes(qtbot: QtBot, services: Services,
                                                ops: Operations, account: uuid.UUID,
                                                contact: uuid.UUID,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    _write(services, lambda: services.accounts.update_contact(
        contact, {"work_phone": "253-555-0143"}))
    initial = {"first_name": "Maria", "last_name": "Gonzalez", "title": "Purchasing manager",
               "work_phone": "+12535550143", "do_not_contact": False}
    dialog = ContactDialog(services, account, contact, initial, ops=ops)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Edit contact — Maria Gonzalez"
    assert _line(dialog, "work_phone").text() == "(253) 555-0143"
    sent: list[dict[str, object]] = []
    update = services.accounts.update_contact

    def spy(contact_id: uuid.UUID, values: Mapping[str, object]) -> Changes:
        sent.append(dict(values))
        return update(contact_id, values)

    monkeypatch.setattr(services.accounts, "update_contact", spy)
    _line(dialog, "title").setText("Head of purchasing")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert sent == [{"title": "Head of purchasing"}]
    assert dialog.saved_id == contact
    [row] = services.reader.detail(account).contacts
    assert (row.title, row.work_phone) == ("Head of purchasing", "+12535550143")


def test_new_account_dialog(qtbot: QtBot, services: Services, ops: Operations) -> None:
    dialog = NewAccountDialog(services, ops=ops)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(_line(dialog, "billing_city"), "Spokane")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.isVisible() and dialog.saved is None
    assert dialog.errors.message("name")
    assert _line(dialog, "billing_city").text() == "Spokane"
    assert services.is_empty()

    qtbot.keyClicks(_line(dialog, "name"), "Cascade Restaurant Supply")
    kind = dialog.fields["kind"]
    kind.setCurrentIndex(kind.findData("prospect"))  # type: ignore[attr-defined]
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.saved is not None
    values = services.reader.detail(dialog.saved.id).values
    assert (values["name"], values["kind"], values["status"]) == (
        "Cascade Restaurant Supply", "prospect", "active")
    assert (values["billing_city"], values["billing_country"]) == ("Spokane", "US")
