"""Orders: the list (a page at a time, filtered by status and total, searched
by any part of the number or account through the trigram index, each new
filter's first page read on a worker once typing pauses), the selected
order's detail, and what the rep does with it:
enter an order, record its next step, expedite it, send the customer its
status (email text or PDF), reserve stock for a quote, export the schedule."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.order_list import OrderFilter, OrderRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.order_table import OrderTableModel
from ui.models.order_table import local_time as _local  # noqa: F401 - tests use it
from ui.models.prefetch import DebouncedLoad, PrefetchedListing, typed_reads
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.tasks import BACKGROUND, ImmediateRunner, TaskRunner
from ui.views.account_people import selected_row, table_view
from ui.views.live import LiveUpdates
from ui.views.order_detail import OrderDetail
from ui.views.order_filter_bar import OrderFilterBar
from ui.views.order_status_send import StatusSender

_TABLES = ("orders", "order_events", "order_lines", "stock_requests")


class OrdersView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts,
                 tasks: TaskRunner | None = None, ops: Operations | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts = services, bus, prompts
        self.tasks = tasks or ImmediateRunner(self)
        self.ops = ops or Operations(services.store, bus, prompts, self.tasks)
        self.dialog: QWidget | None = None
        self.last_status = ""
        self.status_sender = StatusSender(services, self.ops, prompts, self.tasks, self)
        self.listing = PrefetchedListing(services.order_list)
        self.model = OrderTableModel(self.listing)
        self.loader = DebouncedLoad(self.model, self.listing, typed_reads(self),
                                    parent=self)
        self._keep: object = None  # the order selected when the filter changed
        self.loader.loaded.connect(lambda: self._after_load(None, self._keep))
        self.view = table_view(self.model)
        # Fixed widths: sizing columns to their contents would ask every loaded row.
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((200, 260, 130, 170, 130, 110)):
            header.resizeSection(column, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._show_detail())
        self.view.doubleClicked.connect(lambda _i: self.record_step())
        self.detail = OrderDetail(services, runner=self.ops.reads)
        self.events = self.detail.events  # the timeline's model
        self.filter_bar = OrderFilterBar()
        self.filter_bar.changed.connect(lambda now: self.apply_filter(now=now))
        self.search, self.status_filter = self.filter_bar.search, self.filter_bar.status_filter
        self.min_amount, self.max_amount = self.filter_bar.min_amount, self.filter_bar.max_amount
        self.new_button = QPushButton(icon("add"), _("New order…"))
        self.new_button.clicked.connect(lambda: self.new_order())
        self.reserve_button = QPushButton(_("Reserve for a quote…"))
        self.reserve_button.clicked.connect(lambda: self.reserve_for_quote())
        self.step_button = QPushButton(_("Record step…"))
        style.primary(self.step_button)
        self.step_button.clicked.connect(lambda: self.record_step())
        self.expedite_button = QPushButton(icon("expedite"), _("Expedite…"))
        self.expedite_button.clicked.connect(lambda: self.expedite())
        self.send_button = QPushButton(icon("channel-email"), _("Send status…"))
        self.send_menu = QMenu(self.send_button)
        self.send_text_action = self.send_menu.addAction(_("As email text (copied)"),
                                                         self.send_status)
        self.send_pdf_action = self.send_menu.addAction(_("As PDF…"), self.send_status_pdf)
        self.send_button.setMenu(self.send_menu)
        self.export_button = QPushButton(_("Export shipping schedule…"))
        self.export_button.clicked.connect(lambda: self.export_dialog())
        title = QLabel(_("Orders"))
        style.title(title)
        self.summary = QLabel()
        style.muted(self.summary)
        self.warning = style.error_line(QLabel())
        self.warning.hide()
        filters = QHBoxLayout()
        filters.addWidget(self.filter_bar, 1)
        filters.addWidget(self.new_button)
        filters.addWidget(self.reserve_button)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setSizes([380, 320])
        bar = QHBoxLayout()
        for button in (self.step_button, self.expedite_button, self.send_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        for widget in (title, self.summary, self.warning):
            layout.addWidget(widget)
        layout.addLayout(filters)
        layout.addWidget(split, 1)
        layout.addLayout(bar)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    # -- the list -----------------------------------------------------------------
    def _shows(self, changes: Changes) -> bool:
        """Orders and their parts; an account only when a loaded order names it (a
        renamed customer), not every account edit."""
        if changes.touches(*_TABLES):
            return True
        touched = changes.ids("accounts")
        return bool(touched) and any(self.model.row_at(n).account_id in touched
                                     for n in range(self.model.rowCount()))

    def current_filter(self) -> OrderFilter:
        return self.filter_bar.current()

    def apply_filter(self, now: bool = False) -> None:
        """Show the filter's orders: its first page is read on the worker once
        typing pauses (a burst of keystrokes is one query), or at once (``now``)."""
        selected = self._selected()
        self._keep = selected.id if selected else None
        self.loader.request(self.current_filter())
        if now:
            self.loader.now()

    def refresh(self, reset: bool = False, keep: object = None) -> None:
        """Re-read the list, keeping the selected order where it can: the loaded rows
        change in place, or (``reset``: a new filter, a new cache) the first page."""
        selected = self._selected()
        current = keep or (selected.id if selected else None)
        if reset:
            self.model.reload()
        else:
            self.model.refresh_in_place()
        self._after_load(selected, current, reset)

    def _after_load(self, selected: OrderRow | None, current: object,
                    reset: bool = True) -> None:
        """The count, the warning line and the selection once rows are shown; the
        detail is read once (by the selection's change, or here if it stays)."""
        if self.model.canFetchMore():
            # Counting every match costs more than the page: after the first paint.
            if reset:
                self.summary.setText(_("Counting orders…"))
            QTimer.singleShot(0, self._count)
        else:
            self._count()
        refused = self.services.stock.refused()
        self.warning.setVisible(bool(refused))
        self.warning.setText(ngettext(
            "⚠ {n} stock request was refused by the server: see Stock requests.",
            "⚠ {n} stock requests were refused by the server: see Stock requests.",
            refused).format(n=refused))
        row = self.model.row_of(current) if current else None  # type: ignore[arg-type]
        before = self._selected()
        if self.model.rowCount() and (row is None or row != selected_row(self.view)):
            self.view.selectRow(row if row is not None else 0)
        if self._selected() == before or self._selected() is None:
            self._show_detail()  # the selection did not change: nothing showed it

    def _count(self) -> None:
        """Count every match off the GUI thread (a large book takes a while)."""
        flt, listing = self.model.filter, self.services.order_list
        # Counting is background work: the next page the rep asks for goes first.
        self.ops.query(lambda: listing.count(flt), lambda total: self._counted(flt, total), self,
                       lane=BACKGROUND)

    def _counted(self, flt: OrderFilter, total: int) -> None:
        if flt != self.model.filter:
            return  # the filter changed meanwhile; its own count follows
        if total:
            self.summary.setText(ngettext("{n:,} order", "{n:,} orders", total).format(n=total))
        elif self.model.filter == OrderFilter():
            self.summary.setText(_("No orders yet: accept a proposal or enter one."))
        else:
            self.summary.setText(_("No order matches."))

    def select_first(self, wanted: Callable[[OrderRow], bool]) -> bool:
        """Select the first loaded order that is ``wanted`` (screenshots, tests)."""
        for n in range(self.model.rowCount()):
            if wanted(self.model.row_at(n)):
                self.view.selectRow(n)
                return True
        return False

    def _selected(self) -> OrderRow | None:
        row = selected_row(self.view)
        return self.model.row_at(row) if row is not None else None

    def _show_detail(self) -> None:
        order = self._selected()
        self.detail.show_order(order)
        for button in (self.step_button, self.expedite_button, self.send_button):
            button.setEnabled(order is not None)

    # -- actions ------------------------------------------------------------------
    def _open(self, dialog: QWidget, done: object) -> None:
        self.dialog = dialog
        dialog.accepted.connect(done)  # type: ignore[attr-defined]
        dialog.open()  # type: ignore[attr-defined]

    def record_step(self) -> None:
        from ui.dialogs.order_step import OrderStepDialog

        order = self._selected()
        if order is not None:
            dialog = OrderStepDialog(self.services, order.id, order.number, self, ops=self.ops)
            self._open(dialog, lambda: self._select(order.id))

    def expedite(self) -> None:
        from ui.dialogs.expedite import ExpediteDialog

        order = self._selected()
        if order is not None:
            dialog = ExpediteDialog(self.services, order.id, order.number, parent=self,
                                    ops=self.ops)
            self._open(dialog, lambda: self._select(order.id))

    def new_order(self) -> None:
        from ui.dialogs.new_order import NewOrderDialog

        dialog = NewOrderDialog(self.services, self, ops=self.ops)
        self._open(dialog, lambda: self._select(dialog.saved.id if dialog.saved else None))

    def reserve_for_quote(self) -> None:
        from ui.dialogs.reserve_quote import ReserveQuoteDialog

        dialog = ReserveQuoteDialog(self.services, self, ops=self.ops)
        self._open(dialog, self._reserved)

    def _reserved(self) -> None:
        self.detail.all_requests.setChecked(True)
        self.detail.tabs.setCurrentIndex(2)

    def _select(self, order_id: object) -> None:
        """After a dialog saved (its write published the change): show ``order_id``."""
        if order_id is None:
            return
        row = self.model.row_of(order_id)  # type: ignore[arg-type]
        if row is None:  # a new order beyond the loaded rows: from the top
            self.refresh(reset=True, keep=order_id)
        elif row != selected_row(self.view):
            self.view.selectRow(row)

    def send_status(self) -> None:
        """The update as email text: copied for the rep's mail program, and logged."""
        order = self._selected()
        if order is not None:
            self.status_sender.as_text(order.id, self._copied)

    def _copied(self, text: str) -> None:
        self.last_status = text
        self.summary.setText(_("Copied and logged in the history: {text}").format(
            text=text.splitlines()[0]))

    def send_status_pdf(self) -> None:
        """The update as a PDF: previewed; sending archives the exact bytes shown."""
        order = self._selected()
        if order is not None:
            self.dialog = self.status_sender.as_pdf(order.id, self._sent)
            self.dialog.open()

    def _sent(self, text: str) -> None:
        self.last_status = text

    def export_to(self, path: Path) -> int:
        rows = self.services.shipping.schedule()
        path.write_text(self.services.shipping.schedule_csv(rows), encoding="utf-8")
        return len(rows)

    def export_dialog(self) -> None:
        path = self.prompts.save_file(self, _("Export shipping schedule"),
                                      "shipping-schedule.csv", "CSV (*.csv)")
        if path is not None:
            self.export_to(path)
