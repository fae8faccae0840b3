"""The orders list's filter row: search text, status, and bounds on the total."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QWidget

from desktop.domain.order_flow import state_label
from desktop.domain.schema.orders import ORDER_STATUSES
from desktop.i18n import _
from desktop.services.order_list import OrderFilter
from ui.widgets.amount_bound import amount_bound


class OrderFilterBar(QWidget):
    """``changed(now)``: the filter changed; ``now`` for a choice made at once, not
    for typing (a burst of keystrokes waits for a pause)."""

    changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search order number or account"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self.changed.emit(False))
        self.status_filter = QComboBox()
        self.status_filter.addItem(_("All statuses"), None)
        self.status_filter.addItem(_("Open (not delivered)"), "open")
        for status in ORDER_STATUSES:
            self.status_filter.addItem(state_label(status), status)
        self.status_filter.currentIndexChanged.connect(lambda _i: self.changed.emit(True))
        self.min_amount = amount_bound(_("Min total"), lambda: self.changed.emit(False))
        self.max_amount = amount_bound(_("Max total"), lambda: self.changed.emit(False))
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.search, 1)
        for widget in (self.status_filter, self.min_amount, self.max_amount):
            row.addWidget(widget)

    def current(self) -> OrderFilter:
        choice = self.status_filter.currentData()
        return OrderFilter(
            status=choice if choice not in (None, "open") else None,
            text=self.search.text(), open_only=choice == "open",
            min_amount=self.min_amount.value() or None,
            max_amount=self.max_amount.value() or None)
