"""The shipping schedule across the rep's accounts: what is still to ship
(by its ship date, overdue lines included) and what is on its way, soonest
first. Late and expedited lines are marked with an icon, a word and a colour
(never colour alone). Export as CSV, or print (a PDF previewed first).

The schedule is read on a worker (a large book's open orders take a while to
walk), the columns have fixed widths (sizing them to their contents asked every
row), and an account edit refreshes it only when a shown line is that account's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.order_flow import state_label
from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.shipping import ScheduleRow
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import Column, RowTableModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.tasks import TaskRunner
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates


def flags(row: ScheduleRow) -> str:
    return " · ".join(w for w, on in ((_("Late"), row.late), (_("Expedite"), row.expedite))
                      if on)


WIDTHS = (90, 110, 80, 200, 130, 100, 250, 60, 110, 90)


def schedule_columns() -> list[Column[ScheduleRow]]:
    def flag_icon(r: ScheduleRow) -> object:
        return icon("late") if r.late else icon("expedite") if r.expedite else None

    def flag_colour(r: ScheduleRow) -> str | None:
        return style.ERROR if r.late else "#E65100" if r.expedite else None

    return [
        Column(_("Date"), lambda r: r.ship_date, colour=flag_colour),
        Column(_("Flags"), flags, icon=flag_icon, colour=flag_colour),  # type: ignore[arg-type]
        Column(_("What"), lambda r: _("To ship") if r.kind == "ship" else _("In transit")),
        Column(_("Account"), lambda r: r.account),
        Column(_("Order"), lambda r: r.order),
        Column(_("SKU"), lambda r: r.sku),
        Column(_("Description"), lambda r: r.description),
        Column(_("Qty"), lambda r: r.quantity),
        Column(_("Status"), lambda r: state_label(r.status, r.kind == "ship")),
        Column(_("Needed by"), lambda r: r.needed_by),
        Column(_("Shipment"), lambda r: r.detail),
    ]


class ShippingView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 parent: QWidget | None = None, ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.tasks = services, prompts, tasks
        self.ops = ops or Operations(services.store, bus, prompts, tasks)
        self._asked = 0  # reads asked for; an answer overtaken by a later one is dropped
        self.dialog: QWidget | None = None
        self.rows: list[ScheduleRow] = []
        self.model: RowTableModel[ScheduleRow] = RowTableModel(schedule_columns())
        self.view = table_view(self.model)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate(WIDTHS):
            header.resizeSection(column, width)
        self.days = QSpinBox()
        self.days.setRange(1, 365)
        self.days.setValue(30)
        self.days.setPrefix(_("Next "))
        self.days.setSuffix(_(" days"))
        self.days.valueChanged.connect(lambda _v: self.refresh())
        self.export_button = QPushButton(_("Export CSV…"))
        self.export_button.clicked.connect(lambda: self.export_dialog())
        self.print_button = QPushButton(_("Print…"))
        style.primary(self.print_button)
        self.print_button.clicked.connect(lambda: self.preview())
        title = QLabel(_("Shipping schedule"))
        style.title(title)
        self.summary = QLabel()
        style.muted(self.summary)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Show")))
        bar.addWidget(self.days)
        bar.addWidget(self.summary, 1)
        bar.addWidget(self.export_button)
        bar.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(title)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    def _shows(self, changes: Changes) -> bool:
        """Orders and their lines and steps; an account only when a shown line is
        its (a renamed customer), not every account edit."""
        if changes.touches("orders", "order_events", "order_lines"):
            return True
        touched = {i.hex for i in changes.ids("accounts")}
        return bool(touched) and any(r.account_id in touched for r in self.rows)

    def refresh(self, reset: bool = False) -> None:
        """Re-read the schedule on the worker; lines change in place unless ``reset``."""
        if not self.rows:
            self.summary.setText(_("Reading the schedule…"))
        self._asked += 1
        asked, shipping, days = self._asked, self.services.shipping, self.days.value()
        self.ops.query(lambda: shipping.schedule(days=days),
                       lambda rows: self._arrived(asked, rows, reset), self)

    def _arrived(self, asked: int, rows: list[ScheduleRow], reset: bool) -> None:
        if asked != self._asked:
            return  # a later read (another horizon, a newer change) follows
        self.rows = rows
        if reset:
            self.model.set_rows(self.rows)
        else:
            self.model.update_rows(self.rows, key=lambda r: (
                r.order, r.kind, r.ship_date, r.sku, r.description))
        late = sum(1 for r in self.rows if r.late)
        urgent = sum(1 for r in self.rows if r.expedite)
        self.summary.setText(ngettext(
            "{n:,} line · {late} late · {urgent} expedited (overdue lines always show)",
            "{n:,} lines · {late} late · {urgent} expedited (overdue lines always show)",
            len(self.rows)).format(n=len(self.rows), late=late, urgent=urgent))

    def render_pdf(self) -> bytes:
        return self._renderer()()

    def _renderer(self) -> Callable[[], bytes]:
        """Everything the PDF needs, read on the GUI thread; the worker only renders."""
        from desktop.documents.schedule_pdf import render

        rows, today, days = list(self.rows), self.services.clock().date(), self.days.value()
        branding = self.services.branding
        return lambda: render(rows, today, days, branding)

    def preview(self) -> None:
        from ui.dialogs.pdf_preview import PdfPreview

        self.dialog = PdfPreview(_("Shipping schedule"), "shipping-schedule.pdf",
                                 self._renderer(), self.prompts, self.tasks, self)
        self.dialog.open()

    def export_to(self, path: Path) -> int:
        path.write_text(self.services.shipping.schedule_csv(self.rows), encoding="utf-8")
        return len(self.rows)

    def export_dialog(self) -> None:
        path = self.prompts.save_file(self, _("Export shipping schedule"),
                                      "shipping-schedule.csv", "CSV (*.csv)")
        if path is not None:
            self.export_to(path)
