"""The contact and opportunity dialogs have no tabs: "Change history…" opens the
record's history in a small window. Offline (no server) it says where the
history is kept and still lists this computer's unsent edit as "Not yet sent"."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.services.container import Services
from tests.desktop.test_opportunities import seed_stages
from tests.ui.clicks import click
from tests.ui.test_dialogs import _write, account, contact, ops, prompts  # noqa: F401
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.history_dialog import HistoryButton
from ui.dialogs.opportunity_dialog import OpportunityDialog
from ui.history_view import HistoryModel
from ui.operations import Operations


def _rows(model: HistoryModel) -> list[tuple[str, ...]]:
    return [tuple(model.index(r, c).data() for c in range(model.columnCount()))
            for r in range(model.rowCount())]


def _open_history(qtbot: QtBot, button: HistoryButton, qtmodeltester: Any) -> list[tuple[str, ...]]:
    """Click the button as a person would; the offline history, once read."""
    assert button.dialog is None
    click(qtbot, button)
    dialog = button.dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    status = dialog.view.status
    qtbot.waitUntil(lambda: "kept on the server" in status.text(), timeout=10_000)
    assert "not signed in" in status.text()
    assert "not yet sent" in status.text()
    qtmodeltester.check(dialog.view.model)
    return _rows(dialog.view.model)


def test_the_contact_dialog_opens_the_contacts_change_history(
        qtbot: QtBot, services: Services, ops: Operations, account: uuid.UUID,  # noqa: F811
        contact: uuid.UUID, qtmodeltester: Any) -> None:  # noqa: F811
    _write(services, lambda: services.accounts.update_contact(contact, {"title": "Buyer"}))
    assert ContactDialog(services, account, ops=ops).findChildren(HistoryButton) == []
    dialog = ContactDialog(services, account, contact,
                           {"first_name": "Maria", "last_name": "Gonzalez", "title": "Buyer"},
                           ops=ops)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _open_history(qtbot, dialog.history_button, qtmodeltester)
    assert dialog.history_button.dialog is not None
    assert dialog.history_button.dialog.windowTitle() == "Change history — Maria Gonzalez"
    assert rows and {r[0] for r in rows} == {"Not yet sent"}
    assert {r[1] for r in rows} == {"you"}
    assert {r[3].split(" (")[0] for r in rows} == {"contacts"}
    assert ("title", "Purchasing manager → Buyer") in {(r[4], r[5]) for r in rows}
    assert dialog.isVisible()  # the form stays open underneath
    history = dialog.history_button.dialog
    history.reject()
    assert not history.isVisible()
    _write(services, lambda: services.accounts.update_contact(contact, {"email": "m@h.example"}))
    click(qtbot, dialog.history_button)  # opened again: the same window, read again
    assert dialog.history_button.dialog is history and history.isVisible()
    qtbot.waitUntil(lambda: "email" in {r[4] for r in _rows(history.view.model)},
                    timeout=10_000)


def test_the_opportunity_dialog_opens_the_deals_change_history(
        qtbot: QtBot, services: Services, ops: Operations, account: uuid.UUID,  # noqa: F811
        qtmodeltester: Any) -> None:
    _write(services, lambda: seed_stages(services))
    opp = _write(services, lambda: services.opportunities.create(
        {"account_id": account, "name": "Dock doors", "amount": "1200",
         "close_date": date(2027, 1, 31)})).id
    _write(services, lambda: services.opportunities.update(opp, {"competitor": "Acme"}))
    assert OpportunityDialog(services, ops).findChildren(HistoryButton) == []
    dialog = OpportunityDialog(services, ops, opp_id=opp)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _open_history(qtbot, dialog.history_button, qtmodeltester)
    assert rows and {r[0] for r in rows} == {"Not yet sent"}
    assert {r[3].split(" (")[0] for r in rows} == {"opportunities"}
    fields = {(r[4], r[5]) for r in rows}
    assert ("competitor", "– → Acme") in fields
    assert ("name", "– → Dock doors") in fields
