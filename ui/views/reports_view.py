"""The Reports tab: pick a report and its filters; its headline figures, chart
and table; export it as PDF, CSV or XLSX.

The report is computed on the worker (``ops.query``); while it runs the bar
shows a busy indicator and a newer request overtakes an older one (the late
result is dropped). The bus re-runs the shown report when something it counts
changes, only while the tab is on screen (stale while hidden, ``LiveUpdates``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.reports.result import ReportResult
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.report_models import ReportTableModel, cell_text
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import REPORTS
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates
from ui.views.report_chart import ReportChart
from ui.views.report_filters import ReportFilterBar, ShrinkingCombo

# What the reports count: a change to any of these re-runs the shown one.
TABLES = ("accounts", "interactions", "follow_ups", "concerns", "orders", "order_lines",
          "order_events", "opportunities", "opportunity_stage_changes", "quotas",
          "action_plans", "action_plan_goals", "users", "products", "field_notes")
FORMATS = (("pdf", "PDF", "PDF (*.pdf)"), ("csv", "CSV", "CSV (*.csv)"),
           ("xlsx", "XLSX", "Excel (*.xlsx)"))


class ReportsView(QWidget):
    shown = Signal(object)  # the ReportResult now on screen
    exported = Signal(object)  # the Path written

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.ops = services, prompts, ops
        self.result: ReportResult | None = None
        self._asked = 0
        self.filters = ReportFilterBar(lambda: services.clock().date(),
                                       lambda: services.user_id)
        self.filters.changed.connect(self.run)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # indeterminate: the report is being computed
        self.busy.setFixedWidth(90)
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.export_buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        bar.addWidget(self.filters, 1)
        bar.addWidget(self.busy)
        self.subtitle = style.muted(QLabel())
        self.subtitle.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.figures.setTextFormat(Qt.TextFormat.RichText)
        self.chart = ReportChart()
        self.chart_pick = ShrinkingCombo()  # a report with several charts
        self.chart_pick.currentIndexChanged.connect(self._pick_chart)
        self.table_pick = ShrinkingCombo()  # and several tables
        self.table_pick.currentIndexChanged.connect(self._pick_table)
        for pick, tip in ((self.chart_pick, _("Chart")), (self.table_pick, _("Table"))):
            pick.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            pick.setMaximumWidth(300)
            pick.setToolTip(tip)
        self.model = ReportTableModel(services.settings.home_currency)
        self.table = table_view(self.model)
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.note = style.muted(QLabel())
        self.note.setWordWrap(True)
        picks = QHBoxLayout()
        picks.addWidget(self.subtitle, 1)
        for fmt, label, _filter in FORMATS:
            button = QPushButton(_("Export {format}").format(format=label))
            button.clicked.connect(lambda _c=False, f=fmt: self.export(f))
            button.setEnabled(False)
            self.export_buttons[fmt] = button
            picks.addWidget(button)
        lower = QWidget()
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        table_row = QHBoxLayout()
        table_row.addWidget(self.table_pick)
        table_row.addStretch(1)
        lower_layout.addLayout(table_row)
        lower_layout.addWidget(self.table, 1)
        lower_layout.addWidget(self.note)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.chart)
        self.splitter.addWidget(lower)
        self.splitter.setStretchFactor(0, 5)
        self.splitter.setStretchFactor(1, 4)
        self.splitter.setSizes([320, 256])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(bar)
        layout.addLayout(picks)
        facts = QHBoxLayout()
        facts.addWidget(self.figures, 1)
        facts.addWidget(self.chart_pick)
        layout.addLayout(facts)
        layout.addWidget(self.splitter, 1)
        self._soon = QTimer(self)  # a burst of changes re-runs the report once
        self._soon.setSingleShot(True)
        self._soon.setInterval(300)
        self._soon.timeout.connect(self.run)
        self.live = LiveUpdates(self, bus, self._shows, lambda _reset: self._soon.start())
        self.load_choices()
        self.run()

    # -- computing -----------------------------------------------------------------------
    def load_choices(self) -> None:
        """The filter bar's values (and whether to offer a manager's choices), on the worker."""
        reports, team = self.services.reports, self.services.team
        self.ops.query(lambda: (reports.choices(), team.is_manager()),
                       lambda got: self.filters.set_choices(*got), self)

    def run(self) -> None:
        """Compute the chosen report for the chosen filters on the worker."""
        self._asked += 1
        asked, name, flt = self._asked, self.filters.report_name, self.filters.current()
        reports = self.services.reports
        self.busy.show()
        for button in self.export_buttons.values():
            button.setEnabled(False)
        # In a lane of its own: at a million accounts a report takes seconds, and
        # a search typed meanwhile in another view must not wait for it.
        self.ops.query(lambda: reports.run(name, flt), lambda r: self._arrived(asked, r), self,
                       lane=REPORTS)

    def _arrived(self, asked: int, result: ReportResult) -> None:
        if asked != self._asked:
            return  # a newer request is on its way
        self.busy.hide()
        self.result = result
        self.subtitle.setText(result.subtitle)
        currency = self.services.settings.home_currency
        self.figures.setText("&nbsp;&nbsp;·&nbsp;&nbsp;".join(
            f"{f.label} <b>{cell_text(f.value, f.kind, currency)}</b>" for f in result.figures))
        self.note.setText("\n".join(result.notes))
        self.note.setVisible(bool(result.notes))
        for pick, items in ((self.chart_pick, [c.title for c in result.charts]),
                            (self.table_pick, [t.title for t in result.tables])):
            pick.blockSignals(True)
            pick.clear()
            pick.addItems(items)
            pick.setVisible(len(items) > 1)
            pick.blockSignals(False)
        self._pick_chart(0)
        self._pick_table(0)
        for button in self.export_buttons.values():
            button.setEnabled(True)
        self.shown.emit(result)

    def _pick_chart(self, at: int) -> None:
        charts = self.result.charts if self.result else ()
        self.chart.show_chart(charts[at] if 0 <= at < len(charts) else None)

    def _pick_table(self, at: int) -> None:
        tables = self.result.tables if self.result else ()
        table = tables[at] if 0 <= at < len(tables) else None
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.model.set_table(table, self.services.settings.home_currency)
        if table is not None:
            self.fit_columns()

    def fit_columns(self) -> None:
        """Columns as wide as their loaded cells (once, not as a resize mode), the
        room left over to the first one (the names)."""
        header = self.table.horizontalHeader()
        self.table.resizeColumnsToContents()
        columns = self.model.columnCount()
        for column in range(columns):
            header.resizeSection(column, min(header.sectionSize(column) + 12, 320))
        spare = self.table.viewport().width() - header.length()
        if spare > 0 and columns:
            header.resizeSection(0, header.sectionSize(0) + spare)

    def _shows(self, changes: Changes) -> bool:
        return changes.everything or changes.touches(*TABLES)

    # -- exporting -----------------------------------------------------------------------
    def export(self, fmt: str) -> None:
        """Ask where, then write the shown report as ``fmt`` (on the worker)."""
        result = self.result
        if result is None:
            return
        label, file_filter = next((lab, flt) for f, lab, flt in FORMATS if f == fmt)
        name = f"{result.name}-{self.filters.current_period().label}.{fmt}".replace("..", "_")
        path = self.prompts.save_file(self, _("Export {format}").format(format=label), name,
                                      _(file_filter))
        if path is None:
            return
        reports = self.services.reports

        def write() -> Path:
            path.write_bytes(reports.export(result, fmt))
            return path

        self.ops.query(write, self._exported, self)

    def _exported(self, path: Path) -> None:
        self.subtitle.setText(_("Saved {path}").format(path=path))
        self.exported.emit(path)
