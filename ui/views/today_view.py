"""The Today view, first in the sidebar and where the window opens: today's
visits, follow-ups and tasks due, tasks from colleagues, stale deals, the week's
goal progress, dormant accounts near today's route, late or expedited orders and
the field notes for me; each row a click from acting on it.

Building it reads nothing: the window paints first, then every section is read
in one task on the read worker, in one snapshot (``TodayService.load_many``),
and they fill together, painted once.
A change on the bus re-reads the sections it touches (in place); while the view
is hidden it is only marked stale (``LiveUpdates``).
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.formatting import day
from ui.models.row_table import RowTableModel
from ui.operations import Operations
from ui.views.live import SKIPPED, LiveUpdates
from ui.views.today_sections import SECTIONS, SectionSpec, account_of

LIMIT = 50  # desktop.services.today.LIMIT (not imported before the first paint)

# Each read of TodayService and the tables it reads: a change to one of them reads
# it again ("follow_ups" fills two sections: due, and tasks from colleagues).
READS = {
    "visits": ("trip_stops", "trip_days", "trips", "accounts"),
    "follow_ups": ("follow_ups", "accounts", "users"),
    "deals": ("opportunities", "accounts", "interactions"),
    "goals": ("action_plans", "action_plan_goals", "interactions"),
    "dormant": ("accounts", "trip_stops", "trip_days"),
    "orders": ("orders", "order_lines", "accounts"),
    "notes": ("field_notes", "users", "accounts"),
}
ROWS_SHOWN = 6


class Section(QFrame):
    """One card: its title and count, a short table, its buttons."""

    def __init__(self, spec: SectionSpec, today: Any) -> None:
        super().__init__()
        self.spec = spec
        self.setObjectName("todaySection")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = style.title(QLabel(_(spec.title)), 11.5)
        self.count = style.muted(QLabel(_("Loading…")))
        self.model: RowTableModel[Any] = RowTableModel(spec.columns(today))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(spec.wide, QHeaderView.ResizeMode.Stretch)
        header.setResizeContentsPrecision(ROWS_SHOWN)  # fit the rows on screen, not all 50
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(False)
        self.table.setFixedHeight(24 * ROWS_SHOWN + header.sizeHint().height() + 4)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(6)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.table)
        layout.addLayout(self.buttons)
        layout.addStretch(1)  # a card taller than its content keeps it at the top
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.enable())
        self._needs_row: list[QPushButton] = []

    def button(self, text: str, slot: Any, *, needs_row: bool = True,
               primary: bool = False) -> QPushButton:
        button = QPushButton(text)
        if primary:
            style.primary(button)
        button.clicked.connect(lambda: slot())
        if needs_row:
            self._needs_row.append(button)
        self.buttons.addWidget(button)
        return button

    def finish(self) -> None:
        self.buttons.addStretch(1)
        self.enable()

    def selected(self) -> Any:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def enable(self) -> None:
        chosen = self.selected() is not None
        for button in self._needs_row:
            button.setEnabled(chosen)

    def show_rows(self, rows: list[Any], count_text: str, reset: bool) -> None:
        if reset:
            self.model.set_rows(rows)
        else:
            key = (lambda r: r.stop_id) if self.spec.name == "visits" else (
                (lambda r: (r.plan_id, r.channel, r.segment)) if self.spec.name == "goals"
                else None)
            self.model.update_rows(rows, key)
        self.count.setText(count_text if rows else _(self.spec.empty))
        self.enable()


class TodayView(QWidget):
    open_account = Signal(object)
    open_order = Signal(object)
    first_painted = Signal()  # after the first frame and the sections' first fill

    def __init__(self, services: Services, bus: ChangeBus, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.ops = ops
        self.loaded_day: date | None = None
        self.asked: dict[str, int] = {}  # per section: the latest read asked for
        self.heading = style.title(QLabel(_("Today")))
        self.date_label = style.muted(QLabel())
        self.sections = {spec.name: Section(spec, self.today) for spec in SECTIONS}
        grid = QGridLayout()
        grid.setSpacing(12)
        for n, spec in enumerate(SECTIONS):
            grid.addWidget(self.sections[spec.name], n // 2, n % 2)
        body = QWidget()
        body.setLayout(grid)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.date_label)
        top.addStretch(1)
        self.refresh_button = QPushButton(_("Refresh"))
        self.refresh_button.clicked.connect(lambda: self.refresh(True))
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        from ui.views.today_actions import TodayActions

        self.handlers = TodayActions(self)
        self.live = LiveUpdates(self, bus, self._shows, self.refresh)
        # Changes arrive in bursts (a sync publishes every chunk): the reads they
        # touch wait a moment and go once, and never twice at the same time.
        self._touched: set[str] = set()
        self._running: set[str] = set()
        self._again: set[str] = set()
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(250)
        self._soon.timeout.connect(self._read_touched)
        self._painted = False
        self._rest_waits = False  # first_painted waits for the sections' first fill
        self._rest_after_paint = False  # ... and their paint
        self.installEventFilter(self)

    def today(self) -> date:
        return self.services.clock().date()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.removeEventFilter(self)
            QTimer.singleShot(0, self._after_first_paint)
        elif event.type() == QEvent.Type.Paint and self._rest_after_paint:
            self._rest_after_paint = False  # the filled frame: what waits goes after it
            self.removeEventFilter(self)
            QTimer.singleShot(0, self._let_the_rest_start)
        return False

    def _after_first_paint(self) -> None:
        # Today's read first, and what waits for the first paint (the account list's
        # page, count and menus, the warm-up, the sync) once it is in: they would
        # share the worker and the GIL with it.
        if self.loaded_day is None:
            self._rest_waits = True
            self.refresh(True)
        else:
            self.first_painted.emit()

    def _let_the_rest_start(self) -> None:
        if self._rest_waits:
            self._rest_waits = False
            self.first_painted.emit()

    def refresh(self, reset: bool = False, only: tuple[str, ...] | None = None) -> None:
        """Do every read (or ``only`` these) as one task on the worker, in one
        snapshot; the sections fill together and paint once."""
        today = self.today()
        if today != self.loaded_day:
            reset, only = True, None  # a new day: everything again
        self.loaded_day = today
        self.date_label.setText(day(today))
        asked: dict[str, int] = {}
        for name in only or tuple(READS):
            if name in self._running and not reset:
                self._again.add(name)  # read again once the one on its way is in
                continue
            self._running.add(name)
            self.asked[name] = asked[name] = self.asked.get(name, 0) + 1
        if asked:
            self._read(self.services.today, today, reset, asked)

    def _read(self, service: Any, today: date, reset: bool, asked: dict[str, int]) -> None:
        def failed(exc: BaseException) -> None:
            self._running.difference_update(asked)
            self._let_the_rest_start()
            self.ops.failed(exc, self, _("Could not load"), None)

        def arrived(rows: dict[str, Any]) -> None:
            if rows is SKIPPED:  # the rep had moved on: read when shown again
                self._running.difference_update(asked)
                self._again.difference_update(asked)
                self._let_the_rest_start()
                self.live.skipped()
            else:
                self._arrived_all(rows, reset, asked)

        names = tuple(asked)
        self.ops.reads.run(self.live.unless_hidden(
            lambda _report: service.load_many(names, today)), arrived, failed)

    def _arrived_all(self, rows: dict[str, Any], reset: bool, asked: dict[str, int]) -> None:
        """The sections of one read, shown together (one paint, not one each)."""
        self.setUpdatesEnabled(False)
        try:
            for name, value in rows.items():
                self._arrived(name, value, reset, asked[name])
        finally:
            self.setUpdatesEnabled(True)
        if self._rest_waits:  # after this paint: the sections first on the screen
            if self.isVisible():  # (a timer of 0 runs before that paint)
                self._rest_after_paint = True
                self.installEventFilter(self)
            QTimer.singleShot(1000 if self._rest_after_paint else 0, self._let_the_rest_start)
        again = tuple(n for n in rows if n in self._again and n not in self._running)
        if again:
            self._again.difference_update(again)
            self.refresh(False, again)

    def _arrived(self, name: str, rows: Any, reset: bool, asked: int) -> None:
        if asked != self.asked.get(name):
            return  # a newer read of this section is on its way
        self._running.discard(name)
        if name == "follow_ups":
            due = rows.due
            count = (_("{n} due, {o} overdue").format(n=due.total, o=due.overdue)
                     if due.total else "")
            self.sections["due"].show_rows(list(due.items), count, reset)
            name, rows = "tasks", rows.tasks
        section = self.sections[name]
        capped = len(rows) >= LIMIT  # the first LIMIT only: say there are more
        section.show_rows(list(rows), f"{len(rows):,}+" if capped else f"{len(rows):,}", reset)

    def _shows(self, changes: Changes) -> bool:
        if changes.everything:
            return True
        touched = tuple(n for n, tables in READS.items() if changes.touches(*tables))
        if touched and self.isVisible():
            self._touched.update(touched)
            if not self._soon.isActive():
                self._soon.start()
            return False  # done here, for just those sections
        return bool(touched)

    def _read_touched(self) -> None:
        touched, self._touched = tuple(self._touched), set()
        self.refresh(False, touched)

    def open_row(self, section: str, row: Any) -> None:
        account = account_of(section, row)
        if isinstance(account, uuid.UUID):
            self.open_account.emit(account)
