"""The selected order's detail: a header (number, account, state, urgency),
its timeline (each shipment with carrier, tracking number, ship date and what
it carried), its lines with what has shipped, and its stock requests with the
server's answer (a rejection names the reason and what was available)."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtWidgets import QCheckBox, QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.domain import formats
from desktop.domain.order_flow import state_label
from desktop.domain.stored import store_time
from desktop.i18n import _, ngettext, pgettext
from desktop.services.container import Services
from desktop.services.order_list import OrderRow
from desktop.services.orders import LineRow
from desktop.services.stock import STATES, StockRow
from ui import style
from ui.formatting import day, when
from ui.history_view import HistoryView, record_history
from ui.models.row_table import Column, RowTableModel
from ui.resources import icon
from ui.tasks import TaskRunner
from ui.views.account_people import table_view

_STATE_ICON = {"granted": "save", "rejected": "concern", "expired": "late",
               "requested": "refresh"}
_STATE_COLOUR = {"granted": "#2E7D32", "rejected": style.ERROR, "expired": style.MUTED}


class EventRow(NamedTuple):
    at: str  # stored UTC text, shown in the rep's zone
    status: str  # the step, as shown
    detail: str


def _qty(value: object) -> str:
    return f"{value.normalize():f}"  # type: ignore[attr-defined]


def stock_columns() -> list[Column[StockRow]]:
    def state(r: StockRow) -> str:
        return _(STATES[r.state]) if r.state in STATES else r.state

    def detail(r: StockRow) -> str:
        if r.reason:
            return r.reason
        if r.expires_at is not None and r.state in ("requested", "granted"):
            return _("Hold until {when}").format(when=when(r.expires_at))
        return ""

    return [
        Column(_("Kind"), lambda r: _("Hold") if r.kind == "reserve" else _("Allocation")),
        Column(_("For"), lambda r: r.reference),
        Column(_("SKU"), lambda r: r.sku),
        Column(_("Warehouse"), lambda r: r.warehouse),
        Column(_("Qty"), lambda r: _qty(r.quantity)),
        Column(pgettext("stock request", "State"), state,
               icon=lambda r: icon(_STATE_ICON.get(r.state, "")),
               colour=lambda r: _STATE_COLOUR.get(r.state)),
        Column(_("Server's answer"), detail, colour=lambda r: _STATE_COLOUR.get(r.state)
               if r.state == "rejected" else None),
    ]


class OrderDetail(QWidget):
    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 runner: TaskRunner | None = None) -> None:
        """``runner``: where the Change history tab reads the server (none: no tab)."""
        super().__init__(parent)
        self.services = services
        self.order: OrderRow | None = None
        self.header = QLabel()
        style.title(self.header, 12)
        self.urgent = QLabel()
        self.urgent.setWordWrap(True)
        self.refused = style.error_line(QLabel())
        self.refused.setWordWrap(True)
        self.events: RowTableModel[EventRow] = RowTableModel([
            Column(_("When"), lambda e: _local(e.at)), Column(_("Step"), lambda e: e.status),
            Column(_("Details"), lambda e: e.detail)])
        self.lines: RowTableModel[LineRow] = RowTableModel([
            Column(_("#"), lambda r: str(r.position)), Column(_("SKU"), lambda r: r.sku),
            Column(_("Description"), lambda r: r.description),
            Column(_("Ordered"), lambda r: f"{_qty(r.quantity)} {r.unit}"),
            Column(_("Shipped"), lambda r: _qty(r.shipped)),
            Column(_("To ship"), lambda r: _qty(r.remaining) if r.remaining else _("—"),
                   colour=lambda r: "#E65100" if r.remaining and r.shipped else None)])
        self.stock: RowTableModel[StockRow] = RowTableModel(stock_columns())
        self.timeline = table_view(self.events)
        self.all_requests = QCheckBox(_("All stock requests (quotes and other orders too)"))
        self.all_requests.toggled.connect(lambda _on: self.show_order(self.order))
        stock_tab = QWidget()
        box = QVBoxLayout(stock_tab)
        box.setContentsMargins(0, 4, 0, 0)
        box.addWidget(self.all_requests)
        box.addWidget(table_view(self.stock), 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.timeline, _("Timeline"))
        self.tabs.addTab(table_view(self.lines), _("Lines"))
        self.tabs.addTab(stock_tab, _("Stock requests"))
        self.changes: HistoryView | None = None
        if runner is not None:
            self.changes = HistoryView(runner, lambda: record_history(
                None, services.store, services.settings))
            self.tabs.addTab(self.changes, _("Change history"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        for widget in (self.header, self.urgent, self.refused):
            layout.addWidget(widget)
        layout.addWidget(self.tabs, 1)

    def show_order(self, order: OrderRow | None) -> None:
        self.order = order
        if self.changes is not None:
            self.changes.show_record("orders" if order else None, order.id if order else None)
        if order is None:
            self.header.setText(_("No order selected"))
            for model in (self.events, self.lines):
                model.set_rows([])
            self.stock.set_rows(self.services.stock.requests()
                                if self.all_requests.isChecked() else [])
            self.urgent.hide()
            self.refused.hide()
            return
        lines = self.services.orders.lines(order.id)
        by_id = {line.id.hex: line for line in lines}
        number = order.number if order.confirmed else _("{n} (provisional)").format(
            n=order.number)
        self.header.setText(" · ".join((number, order.account, state_label(
            order.status, any(x.remaining for x in lines)))))
        reason = self.services.store.reads().execute(
            "SELECT expedite_reason FROM orders WHERE id = ?", (order.id.hex,)).fetchone()
        self.urgent.setVisible(order.expedite)
        self.urgent.setText(_("⚡ Expedite, needed by {day}: {reason}").format(
            day=formats.stored_day(order.needed_by) or "—",
            reason=(reason[0] if reason else "") or ""))
        self.urgent.setStyleSheet("color: #E65100; font-weight: 600;")
        self.events.set_rows([self._event(e, by_id) for e in self.services.orders.events(
            order.id)])
        self.lines.set_rows(lines)
        requests = self.services.stock.requests(None if self.all_requests.isChecked()
                                                else order.id)
        self.stock.set_rows(requests)
        refused = [r for r in requests if r.state == "rejected"
                   and (r.reference == order.number)]
        self.refused.setVisible(bool(refused))
        self.refused.setText(ngettext(
            "The server refused {n} stock request for this order: {why}",
            "The server refused {n} stock requests for this order: {why}",
            len(refused)).format(n=len(refused), why="; ".join(
                f"{r.sku}: {r.reason}" for r in refused[:2])))

    @staticmethod
    def _event(event: object, by_id: dict[str, LineRow]) -> EventRow:
        from desktop.services.orders import EventRow as Stored

        assert isinstance(event, Stored)
        parts = [x for x in (event.carrier, event.tracking_number) if x]
        if event.status == "shipped" and event.ship_date is not None:
            parts.append(_("shipped {day}").format(day=day(event.ship_date)))
        if event.shipped:
            parts.append(", ".join(f"{by_id[k].sku or by_id[k].description} × {v}"
                                   for k, v in event.shipped.items() if k in by_id))
        if event.note:
            parts.append(event.note)
        return EventRow(store_time(event.at), state_label(event.status), " · ".join(parts))


def _local(stored: str) -> str:
    from ui.models.order_table import local_time

    return local_time(stored)

