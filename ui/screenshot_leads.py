"""The lead screenshots from the demo book (see ``ui.screenshot``): the inbox,
the capture dialog typing a company the book already has under another legal
suffix (the duplicate panel showing it), and the merge view over the book's
deliberate duplicate accounts ("Acme Tools Inc." / "ACME TOOLS, LLC")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.account_list import AccountFilter

if TYPE_CHECKING:
    from ui.app import Fieldbook


def _settle(fieldbook: Fieldbook) -> None:
    for _ in range(3):
        QApplication.processEvents()
        fieldbook.wait()
    for _ in range(3):
        QApplication.processEvents()


def show_leads(fieldbook: Fieldbook, view: str) -> QWidget:
    """Show ``view`` ("leads", "lead-capture" or "merge"); returns what to grab."""
    from desktop.demo.trips import demo_rep
    from ui.main_window import LEADS_ROW

    window, services = fieldbook.window, fieldbook.services
    rep = demo_rep(services)
    if rep is not None:
        services.set_current_user(rep)
    if view == "merge":
        acme = services.account_list.page(AccountFilter(text="acme tools"), None, 10).rows
        kept = next((r for r in acme if r.name == "Acme Tools Inc."), None)
        twin = next((r for r in acme if r.name == "ACME TOOLS, LLC"), None)
        window.accounts.search.setText("acme tools")
        if kept is not None:
            window.accounts.open_account(kept.id)
        _settle(fieldbook)
        if kept is None or twin is None:
            return window
        window.lead_actions.merge("accounts", kept.id, twin.id)
        _settle(fieldbook)
        dialog = window.lead_actions.dialog
        return dialog if dialog is not None else window
    window.sidebar.setCurrentRow(LEADS_ROW)
    _settle(fieldbook)
    if view == "leads":
        return window
    window.lead_actions.capture()
    dialog = window.lead_actions.dialog
    assert dialog is not None
    _fill_capture(fieldbook, dialog)
    return dialog


def _fill_capture(fieldbook: Fieldbook, dialog: QWidget) -> None:
    """A lead typed as a rep types one: a company the book has as "Acme Tools Inc."."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    from ui.dialogs.lead_capture import LeadCaptureDialog

    assert isinstance(dialog, LeadCaptureDialog)
    fields = dialog.fields
    source = fields["source"]
    assert isinstance(source, QComboBox)
    source.setCurrentIndex(source.findData("phone"))
    for name, text in {"company": "Acme Tools Corp", "first_name": "Dana",
                       "last_name": "Whitfield", "title": "Store manager",
                       "email": "dana.whitfield@acmetools.example", "city": "",
                       "budget": "18000"}.items():
        widget = fields[name]
        assert isinstance(widget, QLineEdit)
        widget.setText(text)
    need = fields["need"]
    assert isinstance(need, QPlainTextEdit)
    need.setPlainText("Restocking shelving and hand tools before the spring season")
    timing = fields["timing"]
    assert isinstance(timing, QComboBox)
    timing.setCurrentIndex(timing.findData("quarter"))
    fieldbook.services.duplicates.build()  # as the app's worker does while the rep types
    dialog.duplicates.check_now()
    _settle(fieldbook)
