"""The Plan tab of a trip: its days, its stops (drag to reorder or to another
day), the stops the optimiser left out and why; the editing actions are
ui/views/trip_stop_edits.py."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.planning import busy_clash
from desktop.planning.problem import Stop, TripPlan, TripProblem
from ui import style
from ui.models.row_table import Column, RowTableModel
from ui.models.trip_days import DaysModel, day_lines
from ui.models.trip_models import (
    StopLine,
    StopsModel,
    day_label,
    reason_text,
    stop_lines,
)
from ui.views.account_people import selected_row, sized_when_filled, table_view
from ui.views.trip_stop_edits import StopEdits

if TYPE_CHECKING:
    from ui.views.trips_view import TripsView


def _drag_table(view: QTableView) -> QTableView:
    view.setDragEnabled(True)
    view.setAcceptDrops(True)
    view.setDropIndicatorShown(True)
    view.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
    view.setDefaultDropAction(Qt.DropAction.MoveAction)
    view.setDragDropOverwriteMode(False)
    return view


class TripPlanPanel(QWidget):
    def __init__(self, owner: TripsView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.edits = StopEdits(self)
        self.problem: TripProblem | None = None
        self.plan: TripPlan | None = None
        self.days = DaysModel(self.edits.move_stop)
        self.day_table = _drag_table(sized_when_filled(table_view(self.days)))
        self.day_table.setDragEnabled(False)
        self.day_table.doubleClicked.connect(lambda _i: self.edits.edit_day())
        self.stops = StopsModel(self.edits.move_stop)
        self.stop_table = _drag_table(sized_when_filled(table_view(self.stops)))
        self.stop_table.doubleClicked.connect(lambda _i: self.edits.edit_stop())
        # A stop picked here is the one the map of the book lists the accounts near.
        self.stop_table.selectionModel().selectionChanged.connect(lambda *_a: self._picked())
        self.day_filter = QComboBox()
        self.day_filter.currentIndexChanged.connect(self._filter_changed)
        # The stops the optimiser left out, each with its reason in words.
        self.dropped_model: RowTableModel[StopLine] = RowTableModel([
            Column(_("Not planned"), lambda s: s.stop.place.name),
            Column(_("Why"), lambda s: reason_text(s.dropped) if s.dropped else "",
                   colour=lambda _s: style.ERROR)])
        self.dropped = table_view(self.dropped_model)
        self.dropped.setWordWrap(True)
        self.dropped.doubleClicked.connect(self._dropped_chosen)
        # Booked visits that overlap a busy time from the calendar (busy_clash).
        self.busy_warning = style.error_line(QLabel())
        self.busy_warning.setWordWrap(True)
        self.busy_warning.hide()

        self.pick_button = QPushButton(_("Pick targets…"))
        self.optimise_button = style.primary(QPushButton(_("Optimise")))
        self.edit_day_button = QPushButton(_("Edit day…"))
        self.stop_button = QToolButton()
        self.stop_button.setText(_("Selected stop"))
        self.stop_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.stop_button)
        self.edit_action = menu.addAction(_("Edit stop…"), self.edits.edit_stop)
        self.move_action = menu.addAction(_("Move to day…"), self.edits.move_to_day)
        self.pin_action = menu.addAction(_("Pin / unpin"), self.edits.toggle_pin)
        self.locate_action = menu.addAction(_("Place on the map…"), self.edits.place_on_map)
        menu.addSeparator()
        self.remove_action = menu.addAction(_("Remove from trip"), self.edits.remove_stop)
        self.stop_button.setMenu(menu)
        self.export_button = QPushButton(_("Export calendar…"))
        self.import_button = QPushButton(_("Import calendar…"))
        self.import_button.setToolTip(_("Mark the events of an .ics calendar busy: "
                                        "no visit is planned into them."))
        self.import_button.clicked.connect(lambda: owner.import_calendar())
        self.print_button = QPushButton(_("Print itinerary…"))
        self.pick_button.clicked.connect(lambda: owner.pick_targets())
        self.optimise_button.clicked.connect(lambda: owner.optimise())
        self.edit_day_button.clicked.connect(lambda: self.edits.edit_day())
        self.export_button.clicked.connect(lambda: owner.export_calendar())
        self.print_button.clicked.connect(lambda: owner.print_itinerary())

        # Two short rows rather than one long one: the panel beside the map
        # must fit a 1366x768 laptop at 125 % scale.
        bar = QHBoxLayout()
        for widget in (self.pick_button, self.optimise_button, self.stop_button,
                       self.import_button):
            bar.addWidget(widget)
        bar.addStretch(1)
        days_head = QHBoxLayout()
        days_head.addWidget(QLabel(_("Days")))
        days_head.addStretch(1)
        days_head.addWidget(self.edit_day_button)
        days_head.addWidget(self.export_button)
        days_head.addWidget(self.print_button)
        stops_head = QHBoxLayout()
        stops_head.addWidget(QLabel(_("Stops")))
        stops_head.addStretch(1)
        stops_head.addWidget(QLabel(_("Show")))
        stops_head.addWidget(self.day_filter)
        self.day_table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        box = QVBoxLayout()
        box.setSpacing(4)
        box.addLayout(days_head)
        box.addWidget(self.day_table)
        box.addSpacing(6)
        box.addLayout(stops_head)
        box.addWidget(self.stop_table, 1)
        box.addWidget(self.busy_warning)
        box.addWidget(self.dropped)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(bar)
        layout.addLayout(box, 1)

    # -- showing -------------------------------------------------------------
    def show_trip(self, problem: TripProblem | None, plan: TripPlan | None,
                  statuses: dict[uuid.UUID, str],
                  positions: dict[uuid.UUID, tuple[int, int]],
                  checked_in: list[Stop], reset: bool = True) -> None:
        """Show a trip; ``reset=False``: the same trip changed, its rows update in place."""
        self.problem, self.plan = problem, plan
        days = day_lines(problem, plan) if problem else []
        lines = stop_lines(problem, plan, statuses, positions, checked_in) if problem else []
        dropped = [line for line in lines if line.dropped is not None]
        self._fill_day_filter()
        if reset:
            self.days.set_rows(days)
            self.stops.set_lines(lines)
            self.dropped_model.set_rows(dropped)
        else:
            self.days.update_rows(days, key=lambda d: d.day.index)
            self.stops.set_lines(lines, in_place=True)
            self.dropped_model.update_rows(dropped, key=lambda s: s.stop.id)
        self.dropped.setVisible(bool(dropped))
        warning = busy_clash.warning(busy_clash.clashes(problem)) if problem else ""
        self.busy_warning.setText(warning)
        self.busy_warning.setVisible(bool(warning))
        self.dropped.resizeRowsToContents()
        rows = sum(self.dropped.rowHeight(n) for n in range(min(4, len(dropped))))
        self.dropped.setFixedHeight(self.dropped.horizontalHeader().sizeHint().height() + rows
                                    + 2 * self.dropped.frameWidth() + 2)
        has = problem is not None
        for widget in (self.pick_button, self.edit_day_button, self.stop_button,
                       self.import_button):
            widget.setEnabled(has)
        self.optimise_button.setEnabled(has and bool(problem and problem.stops))
        self.export_button.setEnabled(plan is not None)
        self.print_button.setEnabled(plan is not None)
        if self.days.rowCount() and selected_row(self.day_table) is None:
            self.day_table.selectRow(0)
        self._fit_days()

    def _fit_days(self) -> None:
        """Tall enough for every day up to five; a longer trip scrolls."""
        table = self.day_table
        rows = max(1, min(5, self.days.rowCount()))
        row_height = table.verticalHeader().defaultSectionSize()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows * row_height
                             + 2 * table.frameWidth() + 2)

    def _fill_day_filter(self) -> None:
        keep = self.day_filter.currentData()
        self.day_filter.blockSignals(True)
        self.day_filter.clear()
        self.day_filter.addItem(_("All days"), None)
        for day in self.problem.days if self.problem else ():
            self.day_filter.addItem(day_label(day), day.index)
        found = self.day_filter.findData(keep) if keep is not None else 0
        self.day_filter.setCurrentIndex(max(0, found))
        self.day_filter.blockSignals(False)
        self.stops.day_filter = self.day_filter.currentData()

    def _filter_changed(self) -> None:
        self.stops.set_day_filter(self.day_filter.currentData())

    def _dropped_chosen(self) -> None:
        row = selected_row(self.dropped)
        if row is not None:
            self.day_filter.setCurrentIndex(0)
            self.select_stop(self.dropped_model.row_at(row).stop.id)

    def _picked(self) -> None:
        line = self.selected_stop()
        if line is not None:
            self.owner.book.near_stop(line.stop.id)

    def selected_stop(self) -> StopLine | None:
        row = selected_row(self.stop_table)
        return self.stops.row_at(row) if row is not None else None

    def selected_day(self) -> int | None:
        row = selected_row(self.day_table)
        return self.days.row_at(row).day.index if row is not None else None

    def select_stop(self, stop_id: uuid.UUID) -> None:
        row = self.stops.row_of(stop_id)
        if row is not None:
            self.stop_table.selectRow(row)
