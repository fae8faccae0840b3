"""Trips: the rep's trips on the left, the selected trip's plan (days, stops,
dropped stops) or today's check-in in the centre, the map on the right."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.planning.problem import Stop, TripPlan, TripProblem
from desktop.services.base import Saved
from desktop.services.container import Services
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import RowTableModel
from ui.operations import Operation, Operations
from ui.prompts import Prompts
from ui.tasks import TaskRunner
from ui.views.account_people import selected_row, table_view
from ui.views.action_plans_view import ActionPlansView
from ui.views.book_tab import BookTab
from ui.views.check_in_panel import CheckInPanel
from ui.views.live import LiveUpdates
from ui.views.trip_display import checked_in_stop, trip_columns, trip_summary
from ui.views.trip_plan_panel import TripPlanPanel
from ui.widgets.map_view import MapView

if TYPE_CHECKING:
    from ui.views.trip_actions import Optimiser

TRIP_TABLES = ("trips", "trip_days", "trip_stops", "busy_times")  # busy: the Busy column
T = TypeVar("T")


class TripsView(QWidget):
    open_account = Signal(object)  # account id: a pin on the map was clicked

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, tasks: TaskRunner,
                 ops: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts, self.tasks = services, bus, prompts, tasks
        self.ops = ops
        self.trip_id: uuid.UUID | None = None
        self.problem: TripProblem | None = None
        self.plan: TripPlan | None = None
        self.dialog: QWidget | None = None
        self.optimiser: Optimiser | None = None
        self.replanner: Any = None  # trip_calendar_replan.Replanner, made on first use
        self._placing: uuid.UUID | None = None

        self.trips: RowTableModel[Any] = RowTableModel(trip_columns())
        self.trip_list = table_view(self.trips)
        header = self.trip_list.horizontalHeader()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.trip_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.trip_list.selectionModel().selectionChanged.connect(lambda *_a: self._trip_chosen())
        self.new_button = QPushButton(_("New trip…"))
        self.new_button.clicked.connect(lambda: self.new_trip())
        left = QWidget()
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(_("Trips"))
        style.title(heading)
        left_box.addWidget(heading)
        left_box.addWidget(self.trip_list, 1)
        left_box.addWidget(self.new_button)

        self.title = QLabel()
        style.title(self.title, 13)
        self.summary = QLabel()
        style.muted(self.summary)
        self.summary.setWordWrap(True)
        self.plan_panel = TripPlanPanel(self)
        self.check_in = CheckInPanel(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.plan_panel, _("Plan"))
        self.tabs.addTab(self.check_in, _("Today"))
        self.tabs.currentChanged.connect(self._tab_changed)
        centre = QWidget()
        centre_box = QVBoxLayout(centre)
        centre_box.setContentsMargins(0, 0, 0, 0)
        centre_box.addWidget(self.title)
        centre_box.addWidget(self.summary)
        centre_box.addWidget(self.tabs, 1)

        self.map = self._make_map()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        for part in (left, centre, self.map):
            self.splitter.addWidget(part)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setStretchFactor(2, 2)
        self.splitter.setSizes([180, 620, 440])
        self.action_plans = ActionPlansView(services, bus, prompts, ops, self)
        self.pages = QTabWidget()  # trips, and the rep's action plans beside them
        self.pages.addTab(self.splitter, _("Trips"))
        self.pages.addTab(self.action_plans, _("Action plans"))
        self.book = BookTab(services, bus, prompts, ops, self)  # the accounts on a map
        self.book.account_clicked.connect(self.open_account.emit)
        self.pages.addTab(self.book, _("Map of the book"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.addWidget(self.pages)
        self.live = LiveUpdates(self.splitter, bus, self._shows, self.refresh)
        self.refresh(reset=True)

    def _make_map(self) -> MapView:
        view = MapView(self)
        view.account_clicked.connect(self.open_account.emit)
        view.stop_clicked.connect(self.plan_panel.select_stop)
        view.location_picked.connect(self._location_picked)
        return view

    def place_on_map(self, account_id: uuid.UUID, name: str) -> None:
        """The next click on the map gives the account its location."""
        self._placing = account_id
        self.map.set_pin_mode(True, _("Click where {name} is").format(name=name))

    def _location_picked(self, latitude: float, longitude: float) -> None:
        account_id, self._placing = self._placing, None
        self.map.set_pin_mode(False)
        if account_id is not None:
            geo = self.services.geo
            self.write(_("Place on the map"),
                       lambda: geo.set_location(account_id, latitude, longitude))

    # -- loading -------------------------------------------------------------
    def refresh(self, reset: bool = False) -> None:
        """Re-read the trips and show the chosen one: in place unless ``reset``."""
        rows = self.services.trips.trips()
        keep = self.trip_id
        if reset:
            self.trips.set_rows(rows)
        else:
            self.trips.update_rows(rows)
        if not rows:
            self.trip_id = None
            self._show_trip(reset)
            return
        ids = [r.id for r in rows]
        wanted = ids.index(keep) if keep in ids else 0
        if selected_row(self.trip_list) != wanted:
            self.trip_list.selectRow(wanted)  # shows it
        else:
            self._show_trip(reset)

    def select_trip(self, trip_id: uuid.UUID) -> None:
        for n in range(self.trips.rowCount()):
            if self.trips.row_at(n).id == trip_id:
                self.trip_list.selectRow(n)

    def _trip_chosen(self) -> None:
        row = selected_row(self.trip_list)
        chosen = self.trips.row_at(row).id if row is not None else None
        self.trip_id = chosen
        self._show_trip(reset=True)

    def _show_trip(self, reset: bool = True) -> None:
        """The chosen trip's plan, check-in and map (``reset``: another trip)."""
        if self.trip_id is None:
            self.problem = self.plan = None
            self.title.setText(_("No trips yet"))
            self.summary.setText(_("Make a new trip, then pick the accounts to visit."))
        else:
            self.problem = self.services.trips.problem(self.trip_id)
            self.plan = self.services.trips.stored_plan(self.trip_id)
            self.title.setText(self.problem.name)
            self.summary.setText(trip_summary(self.problem, self.plan, len(self.stop_state()[2])))
        self.plan_panel.show_trip(self.problem, self.plan, *self.stop_state(), reset=reset)
        if self.tabs.currentWidget() is self.check_in:
            self.check_in.show_trip(self.trip_id)
        self.map.set_plan(self.problem, self.plan)
        self.book.show_trip(self.trip_id, self.problem, self.plan)

    def _tab_changed(self) -> None:
        if self.tabs.currentWidget() is self.check_in:
            self.check_in.show_trip(self.trip_id)

    def stop_state(self) -> tuple[dict[uuid.UUID, str], dict[uuid.UUID, tuple[int, int]],
                                  list[Stop]]:
        """From the cache: each stop's check-in status, its stored (day, place), and
        the checked-in stops (which the routing problem leaves out) as plain stops."""
        rows = self.services.trips.stops(self.trip_id) if self.trip_id else []
        days = self.problem.days if self.problem else ()
        checked_in = [checked_in_stop(r, days) for r in rows if r.status != "planned"]
        return ({r.id: r.status for r in rows},
                {r.id: (r.day_index, r.sequence) for r in rows
                 if r.day_index is not None and r.sequence is not None}, checked_in)

    def _shows(self, changes: Changes) -> bool:
        """The trips, and the accounts (names, places, visits) of the one shown."""
        if changes.touches(*TRIP_TABLES):
            return True
        if self.problem is None or not changes.touches("accounts", "interactions"):
            return False
        accounts = changes.ids("accounts")
        return bool(changes.ids("interactions")) or any(
            s.account_id in accounts for s in self.problem.stops)

    def write(self, title: str, fn: Callable[[], T],
              done: Callable[[T], None] | None = None) -> Operation[T]:
        """A trip edit as a write; the change record it publishes updates the view."""
        operation = self.ops.write(fn, parent=self, title=title)
        if done is not None:
            operation.success(done)
        operation.run()
        return operation

    # -- trips ---------------------------------------------------------------
    def new_trip(self) -> None:
        from ui.dialogs.trip_dialogs import NewTripDialog

        today = self.services.clock().astimezone().date()
        dialog = NewTripDialog(self._create_trip, today, self.services.settings.home_place_name,
                               parent=self, ops=self.ops)
        dialog.accepted.connect(lambda: self._trip_created(dialog.result_value))
        self.dialog = dialog
        dialog.open()

    def _create_trip(self, values: dict[str, Any]) -> Saved:
        """The trip with its days; a typed start or end place replaces the home default."""
        from ui.dialogs.trip_dialogs import place_fields

        trips = self.services.trips
        home = self.services.settings.home_place_name
        places: dict[str, Any] = {}
        for side in ("start", "end"):
            if values[side] and values[side] != home:
                places.update({**place_fields(side, values[side]), **places})  # start's zone
        saved = trips.create(values["name"], values["first_date"], values["days"],
                             time_zone=places.get("time_zone"))
        changes = saved.changes
        for row in trips.days(saved.id) if places else ():
            changes = changes.merged(trips.edit_day(row.id, places))
        return Saved(saved.id, changes)

    def _trip_created(self, saved: Any) -> None:
        """The dialog's write published the new trip; show it."""
        if saved is None:
            return
        self.trip_id = saved.id
        self.refresh()
        self.select_trip(saved.id)

    # -- planning, outputs -----------------------------------------------------
    def pick_targets(self) -> Any:
        from ui.views.trip_actions import pick_targets

        return pick_targets(self)

    def optimise(self) -> None:
        from ui.views.trip_actions import Optimiser

        if self.optimiser is None:
            self.optimiser = Optimiser(self)
        self.optimiser.start()

    def export_calendar(self, whole_trip: bool | None = None) -> int | None:
        from ui.views.trip_actions import export_calendar

        if whole_trip is None:  # the button asks: the whole trip or the selected day
            choice = self.prompts.choice(self, _("Export calendar"), _("Export"),
                                         [_("The whole trip"), _("The selected day")], 0)
            if choice is None:
                return None
            whole_trip = choice == 0
        return export_calendar(self, whole_trip)

    def import_calendar(self) -> None:
        from ui.views.trip_calendar_replan import import_calendar

        import_calendar(self)

    def replan_from_here(self, keep_order: bool | None = None) -> None:
        """The rest of today from the current stop; ``None``: ask re-order or re-time only."""
        from ui.views.trip_calendar_replan import Replanner

        if self.replanner is None:
            self.replanner = Replanner(self)
        self.replanner.start(keep_order)

    def print_itinerary(self) -> Any:
        from ui.views.trip_actions import print_itinerary

        return print_itinerary(self)
