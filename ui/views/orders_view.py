"""Orders: number (final or provisional), account, status, urgency; the
selected order's timeline; send the customer a status update; export the
shipping schedule."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.formatting import when
from ui.models.row_table import Column, RowTableModel
from ui.prompts import Prompts
from ui.views.account_people import selected_row, table_view


def _local(stored: str) -> str:
    """A stored UTC time ("2026-11-24 02:00:00.000000") in the rep's time zone."""
    return when(datetime.fromisoformat(stored).replace(tzinfo=UTC))


class OrderRow(NamedTuple):
    id: uuid.UUID
    number: str
    confirmed: bool
    account: str
    status: str
    expedite: bool
    entered: str


class EventRow(NamedTuple):
    at: str
    status: str
    detail: str


class OrdersView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts = services, bus, prompts
        self.model: RowTableModel[OrderRow] = RowTableModel([
            Column(_("Order"), lambda r: r.number if r.confirmed else
                   _("{n} (provisional)").format(n=r.number)),
            Column(_("Account"), lambda r: r.account),
            Column(_("Status"), lambda r: r.status.capitalize()),
            Column(_("Urgent"), lambda r: _("Expedite") if r.expedite else ""),
            Column(_("Entered"), lambda r: _local(r.entered)),
        ])
        self.events: RowTableModel[EventRow] = RowTableModel([
            Column(_("When"), lambda e: _local(e.at)), Column(_("Step"), lambda e: e.status),
            Column(_("Details"), lambda e: e.detail)])
        self.view = table_view(self.model)
        self.timeline = table_view(self.events)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_timeline())
        self.send_button = QPushButton(_("Send status to customer"))
        self.send_button.clicked.connect(self.send_status)
        self.export_button = QPushButton(_("Export shipping schedule…"))
        self.export_button.clicked.connect(self.export_dialog)
        title = QLabel(_("Orders"))
        style.title(title)
        self.summary = QLabel()
        style.muted(self.summary)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.timeline)
        bar = QHBoxLayout()
        for button in (self.send_button, self.export_button):
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        for widget in (title, self.summary):
            layout.addWidget(widget)
        layout.addWidget(split, 1)
        layout.addLayout(bar)
        bus.changed.connect(self._on_changes)
        self.refresh()

    def refresh(self) -> None:
        rows = [OrderRow(uuid.UUID(hex=i), n or p, n is not None, a, s, bool(e), t)
                for i, n, p, a, s, e, t in self.services.store.reads().execute(
                    "SELECT o.id, o.number, o.provisional_number, a.name, o.status, o.expedite, "
                    "o.entered_at FROM orders o JOIN accounts a ON a.id = o.account_id "
                    "WHERE o.deleted_at IS NULL ORDER BY o.entered_at DESC")]
        self.model.set_rows(rows)
        self.summary.setText(ngettext("{n:,} order", "{n:,} orders", len(rows)).format(
            n=len(rows)) if rows else _("No orders yet: accept a proposal to make one."))
        self.send_button.setEnabled(bool(rows))
        if rows:
            self.view.selectRow(0)
        self._show_timeline()

    def _selected(self) -> OrderRow | None:
        row = selected_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def _show_timeline(self) -> None:
        order = self._selected()
        events = [] if order is None else [
            EventRow(at, status, " · ".join(x for x in (carrier, tracking, note) if x))
            for at, status, carrier, tracking, note in self.services.store.reads().execute(
                "SELECT at, status, carrier, tracking_number, note FROM order_events "
                "WHERE order_id = ? ORDER BY at", (order.id.hex,))]
        self.events.set_rows(events)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        if changes.touches("orders", "order_events"):
            self.refresh()

    def send_status(self) -> None:
        order = self._selected()
        if order is None:
            return
        text, changes = self.services.shipping.send_status(order.id)
        self.bus.publish(changes, self)
        self.last_status = text
        self.summary.setText(_("Status logged in the history: {text}").format(
            text=text.splitlines()[0]))

    def export_to(self, path: Path) -> int:
        rows = self.services.shipping.schedule()
        path.write_text(self.services.shipping.schedule_csv(rows), encoding="utf-8")
        return len(rows)

    def export_dialog(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(self, _("Export shipping schedule"),
                                                    "shipping-schedule.csv", "CSV (*.csv)")
        if name:
            self.export_to(Path(name))
