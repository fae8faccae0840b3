"""The Today tab: today's stops of the trip with Visited, Skipped and
Rescheduled, and the trip's plan against what happened, day by day.

Visited opens the Log interaction dialog prefilled by the check-in service
(a visit, the stop's contact, now, the plan's purpose as the subject); once
it is saved the stop is marked visited with that interaction's id, so the
account's timeline shows the visit.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop.domain import formats
from desktop.i18n import _
from desktop.planning.replan import today_index
from desktop.store.changes import Changes
from ui import style
from ui.models.row_table import Column, RowTableModel
from ui.models.trip_models import (
    StopLine,
    StopsModel,
    check_in_columns,
    day_label,
    stop_lines,
)
from ui.views.account_people import selected_row, table_view

if TYPE_CHECKING:
    from desktop.planning.checkin import DayActual, VisitPrefill
    from ui.views.trips_view import TripsView


def actual_columns() -> list[Column[DayActual]]:
    return [Column(_("Day"), lambda r: formats.week_day(r.date)),
            Column(_("Planned"), lambda r: str(r.planned)),
            Column(_("Visited"), lambda r: str(r.visited)),
            Column(_("Skipped"), lambda r: str(r.skipped)),
            Column(_("Rescheduled"), lambda r: str(r.rescheduled)),
            Column(_("Still open"), lambda r: str(r.open))]


def prefill_values(prefill: VisitPrefill) -> dict[str, Any]:
    """The check-in's suggestion in the shape the Log interaction dialog takes."""
    return {"channel": prefill.channel, "contact_id": prefill.contact_id,
            "occurred_at": prefill.occurred_at, "duration_minutes": prefill.duration_minutes,
            "subject": prefill.subject}


class CheckInPanel(QWidget):
    def __init__(self, owner: TripsView) -> None:
        super().__init__(owner)
        self.owner = owner
        self.day_index: int | None = None
        self.stops = StopsModel(columns=check_in_columns())
        self.table = table_view(self.stops)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.heading = QLabel()
        style.title(self.heading, 12)
        self.heading.setWordWrap(True)  # a long day title wraps instead of widening the view
        self.visited_button = style.primary(QPushButton(_("Visited…")))
        self.skipped_button = QPushButton(_("Skipped"))
        self.rescheduled_button = QPushButton(_("Rescheduled"))
        self.visited_button.clicked.connect(lambda: self.visited())
        self.skipped_button.clicked.connect(lambda: self._mark("skipped"))
        self.rescheduled_button.clicked.connect(lambda: self._mark("rescheduled"))
        self.undo_button = QPushButton(_("Back to planned"))
        self.undo_button.clicked.connect(lambda: self._mark("planned"))
        self.replan_button = QPushButton(_("Re-plan from here…"))
        self.replan_button.setToolTip(_("Keep the visits done and plan the rest of today "
                                        "from the last stop, from now."))
        self.replan_button.clicked.connect(lambda: owner.replan_from_here())
        self.actual: RowTableModel[DayActual] = RowTableModel(actual_columns())
        self.totals = QLabel()
        style.muted(self.totals)
        self.actual_table = table_view(self.actual)
        self.actual_table.setMaximumHeight(150)
        bar = QHBoxLayout()
        for button in (self.visited_button, self.skipped_button, self.rescheduled_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.undo_button)
        head = QHBoxLayout()  # re-plan beside the day's title: the bar stays narrow
        head.addWidget(self.heading, 1)
        head.addWidget(self.replan_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addLayout(head)
        layout.addWidget(self.table, 1)
        layout.addLayout(bar)
        layout.addWidget(QLabel(_("Plan and what happened")))
        layout.addWidget(self.actual_table)
        layout.addWidget(self.totals)
        self.dialog: QWidget | None = None

    def show_trip(self, trip_id: uuid.UUID | None) -> None:
        problem, plan = self.owner.problem, self.owner.plan
        now = self.owner.services.clock()
        self.day_index = today_index(problem, now) if problem else None
        if problem is None or self.day_index is None:
            self.heading.setText(_("This trip has no day today."))
            self.stops.set_lines([])
        else:
            self.heading.setText(_("Today: {day}").format(
                day=day_label(problem.days[self.day_index])))
            self.stops.day_filter = self.day_index
            lines = [line for line in stop_lines(problem, plan, *self.owner.stop_state())
                     if line.position is not None]
            self.stops.set_lines(lines)
            self.table.setColumnHidden(3, not any(s.stop.contact_name for s in lines))
            if selected_row(self.table) is None:
                self.table.selectRow(next((n for n in range(self.stops.rowCount())
                                           if self.stops.row_at(n).status == "planned"), 0))
        actual = self.owner.services.checkin.plan_vs_actual(trip_id) if trip_id else None
        self.actual.set_rows(actual.days if actual else [])
        self.totals.setText(_(
            "{visited} of {stops} stops visited · {skipped} skipped · {rescheduled} "
            "rescheduled · {dropped} left out by the plan · {open} still open").format(
            visited=actual.visited, stops=actual.stops, skipped=actual.skipped,
            rescheduled=actual.rescheduled, dropped=actual.dropped, open=actual.open)
            if actual else "")
        self._enable()

    def _selected(self) -> StopLine | None:
        row = selected_row(self.table)
        return self.stops.row_at(row) if row is not None else None

    def _enable(self) -> None:
        line = self._selected()
        for button in (self.visited_button, self.skipped_button, self.rescheduled_button):
            button.setEnabled(line is not None and line.status == "planned")
        self.undo_button.setEnabled(line is not None and line.status != "planned")
        self.replan_button.setEnabled(self.day_index is not None and self.owner.plan is not None)

    def select_stop(self, stop_id: uuid.UUID) -> None:
        row = self.stops.row_of(stop_id)
        if row is not None:
            self.table.selectRow(row)

    def visited(self) -> None:
        from ui.dialogs.log_interaction import LogInteractionDialog

        line = self._selected()
        services = self.owner.services
        if line is None or line.stop.account_id is None:
            return
        detail = services.reader.detail(line.stop.account_id)
        dialog = LogInteractionDialog(services, detail.id, detail.values["name"],
                                      detail.contacts, self,
                                      prefill=prefill_values(
                                          services.checkin.visit_prefill(line.stop.id)),
                                      ops=self.owner.ops)
        stop_id = line.stop.id
        dialog.accepted.connect(lambda: self._logged(stop_id, dialog.saved))
        self.dialog = dialog
        dialog.open()

    def _logged(self, stop_id: uuid.UUID, saved: Any) -> None:
        """The visit was logged (the dialog's write): the stop is visited, with it."""
        if saved is None:
            return
        checkin, interaction_id = self.owner.services.checkin, saved.id
        self.owner.write(_("Check-in"), lambda: checkin.mark_visited(stop_id, interaction_id))

    def _mark(self, status: str) -> None:
        line = self._selected()
        if line is None:
            return
        checkin, stop_id = self.owner.services.checkin, line.stop.id

        def mark() -> Changes:
            if status == "rescheduled":  # it also waits in the carry-over list
                return checkin.mark_rescheduled(stop_id).changes
            if status == "skipped":
                return checkin.mark_skipped(stop_id)
            return checkin.mark_planned(stop_id)

        self.owner.write(_("Check-in"), mark)
