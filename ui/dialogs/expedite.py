"""Expedite an order: why, and the date it is needed by (the office sees both)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtWidgets import QFormLayout, QLineEdit, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.date_field import DateField


class ExpediteDialog(FormDialog):
    def __init__(self, services: Services, order_id: uuid.UUID, number: str,
                 reason: str = "", parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.order_id = services, order_id
        self.changes: Changes | None = None
        self.setWindowTitle(_("Expedite {n}").format(n=number))
        self.setMinimumWidth(440)
        self.reason = QLineEdit(reason)
        self.reason.setPlaceholderText(_("e.g. Line down at the plant"))
        self.reason.textChanged.connect(lambda _t: self.errors.clear("expedite_reason"))
        self.needed_by = DateField(services.clock().date() + timedelta(days=3))
        self.needed_by.edited.connect(lambda: self.errors.clear("needed_by"))
        form = QFormLayout()
        self.errors.add_row(form, _("Why it is urgent"), "expedite_reason", self.reason)
        self.errors.add_row(form, _("Needed by"), "needed_by", self.needed_by)
        self._finish(form, save_text=_("Expedite"))

    def _job(self) -> Callable[[], Changes]:
        needed_by = self.needed_by.checked("needed_by")
        assert needed_by is not None
        orders, order_id, reason = self.services.orders, self.order_id, self.reason.text()
        return lambda: orders.expedite(order_id, reason, needed_by)

    def _saved(self, result: Changes) -> None:
        self.changes = result
