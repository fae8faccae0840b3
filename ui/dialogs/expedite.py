"""Expedite an order: why, and the date it is needed by (the office sees both)."""

from __future__ import annotations

import uuid
from datetime import timedelta

from PySide6.QtWidgets import QDateEdit, QFormLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.formatting import qdate


class ExpediteDialog(FormDialog):
    def __init__(self, services: Services, order_id: uuid.UUID, number: str,
                 reason: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.order_id = services, order_id
        self.changes: Changes | None = None
        self.setWindowTitle(_("Expedite {n}").format(n=number))
        self.setMinimumWidth(440)
        self.reason = QLineEdit(reason)
        self.reason.setPlaceholderText(_("e.g. Line down at the plant"))
        self.reason.textChanged.connect(lambda _t: self.errors.clear("expedite_reason"))
        self.needed_by = QDateEdit(qdate(services.clock().date() + timedelta(days=3)))
        self.needed_by.setCalendarPopup(True)
        self.needed_by.setDisplayFormat("yyyy-MM-dd")
        self.needed_by.dateChanged.connect(lambda _d: self.errors.clear("needed_by"))
        form = QFormLayout()
        self.errors.add_row(form, _("Why it is urgent"), "expedite_reason", self.reason)
        self.errors.add_row(form, _("Needed by"), "needed_by", self.needed_by)
        self._finish(form, save_text=_("Expedite"))

    def _submit(self) -> None:
        self.changes = self.services.orders.expedite(
            self.order_id, self.reason.text(), self.needed_by.date().toPython())  # type: ignore[arg-type]
