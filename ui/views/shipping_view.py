"""The shipping schedule across the rep's accounts: what is still to ship
(by its ship date, overdue lines included) and what is on its way, soonest
first. Late and expedited lines are marked with an icon, a word and a colour
(never colour alone). Export as CSV, or print (a PDF previewed first).

The list is a lazy keyset model (ui.models.ship_table): its first page and the
counts are read on a worker from the partial index of lines still to ship, the
next pages as the list scrolls (a window of them is held, the rest read again
by key on the way back); the columns have fixed widths (sizing them to
their contents asked every row). A hidden view is only marked stale, and an
account edit refreshes it only when a loaded line is that account's. The CSV and
the PDF read the whole schedule on a worker."""

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

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.ship_schedule import ScheduleCounts, ShipFilter, ShipSchedule
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.prefetch import DebouncedLoad, PrefetchedListing, typed_reads
from ui.models.ship_table import ShipTableModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import BACKGROUND, TaskRunner
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates

WIDTHS = (90, 110, 80, 200, 130, 100, 250, 60, 110, 90)


class ShippingView(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 parent: QWidget | None = None, ops: Operations | None = None) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.tasks = services, prompts, tasks
        self.ops = ops or Operations(services.store, bus, prompts, tasks)
        self._asked = 0  # counts asked for; an answer overtaken by a later one is dropped
        self.dialog: QWidget | None = None
        self.schedule = ShipSchedule(services.store, services.clock)
        self.listing = PrefetchedListing(self.schedule)
        self.model = ShipTableModel(self.listing)
        self.loader = DebouncedLoad(self.model, self.listing, typed_reads(self),
                                    parent=self)
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
        self.days.valueChanged.connect(lambda _v: self.refresh(reset=True))
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
        """Orders and their lines and steps; an account only when a loaded line is
        its (a renamed customer), not every account edit."""
        if changes.touches("orders", "order_events", "order_lines"):
            return True
        touched = {i.hex for i in changes.ids("accounts")}
        return bool(touched) and any(row.account_id in touched for row in self.model.held())

    def current_filter(self) -> ShipFilter:
        return ShipFilter(days=self.days.value())

    def refresh(self, reset: bool = False) -> None:
        """The first page again on the worker (``reset``: a new horizon, a new
        cache), or the loaded lines in place; the counts on the worker too."""
        if self.model.rowCount() == 0:
            self.summary.setText(_("Reading the schedule…"))
        flt = self.current_filter()
        if reset or flt != self.model.filter:
            self.loader.request(flt)
            self.loader.now()
        else:
            self.model.refresh_in_place(self.tasks)
        self._asked += 1
        asked, schedule = self._asked, self.schedule
        # Counting is background work: the next page the rep asks for goes first.
        self.ops.query(lambda: schedule.counts(flt), lambda n: self._counted(asked, n), self,
                       lane=BACKGROUND)

    def _counted(self, asked: int, counts: ScheduleCounts) -> None:
        if asked != self._asked:
            return  # a later read (another horizon, a newer change) follows
        self.summary.setText(ngettext(
            "{n:,} line · {late} late · {urgent} expedited (overdue lines always show)",
            "{n:,} lines · {late} late · {urgent} expedited (overdue lines always show)",
            counts.lines).format(n=counts.lines, late=counts.late, urgent=counts.expedite))

    def render_pdf(self) -> bytes:
        return self._renderer()()

    def _renderer(self) -> Callable[[], bytes]:
        """The settings the PDF needs, read on the GUI thread; the worker reads the
        whole schedule and renders."""
        from desktop.documents.schedule_pdf import render

        shipping, today, days = self.services.shipping, self.services.clock().date(), \
            self.days.value()
        branding = self.services.branding
        return lambda: render(shipping.schedule(today, days), today, days, branding)

    def preview(self) -> None:
        from ui.dialogs.pdf_preview import PdfPreview

        self.dialog = PdfPreview(_("Shipping schedule"), "shipping-schedule.pdf",
                                 self._renderer(), self.prompts, self.tasks, self)
        self.dialog.open()

    def export_to(self, path: Path) -> int:
        """Write the whole schedule (every line, not only the loaded pages) as CSV."""
        return self._writer(path)()

    def _writer(self, path: Path) -> Callable[[], int]:
        """What the CSV needs, taken on the GUI thread; the worker reads and writes."""
        shipping, days = self.services.shipping, self.days.value()

        def write() -> int:
            rows = shipping.schedule(days=days)
            path.write_text(shipping.schedule_csv(rows), encoding="utf-8")
            return len(rows)

        return write

    def export_dialog(self) -> None:
        path = self.prompts.save_file(self, _("Export shipping schedule"),
                                      "shipping-schedule.csv", "CSV (*.csv)")
        if path is not None:
            self.ops.query(self._writer(path), lambda _n: None, self)
