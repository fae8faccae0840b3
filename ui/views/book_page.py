"""The Trips view's "Map of the book" tab: every account on the map with the
chosen trip's route on top; a rectangle or lasso picks accounts that become
trip stops or action-plan targets; a stop clicked on the map lists the
accounts nearest to it.

The book is read and indexed on the read pool (a large book takes a while),
the writes go through the store's writer like every write in ``ui``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats
from desktop.i18n import _, ngettext
from desktop.planning.book import BookReader, as_targets, visit_age
from desktop.planning.book_grid import BookIndex
from desktop.planning.map_scene import AccountPin
from desktop.planning.problem import TripPlan, TripProblem
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.row_table import Column, RowTableModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.tasks import BACKGROUND
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates
from ui.widgets.book_map_view import BookMapView

NEAR_COUNT = 10
TRIP_TABLES = ("trips", "trip_days", "trip_stops")
Near = tuple[AccountPin, float]  # the account, miles from the stop


def near_hint() -> str:
    return _("Pick a stop in the Plan tab, or click one on the map, to see the accounts "
             "near it.")


def selection_columns(now: Callable[[], Any]) -> list[Column[AccountPin]]:
    return [Column(_("Account"), lambda p: p.name),
            Column(_("Tier"), lambda p: p.tier or ""),
            Column(_("Last visit"), lambda p: visit_age(p, now()))]


def near_columns(now: Callable[[], Any]) -> list[Column[Near]]:
    return [Column(_("Account"), lambda n: n[0].name),
            Column(_("Miles"), lambda n: formats.number(n[1], 1)),
            Column(_("Last visit"), lambda n: visit_age(n[0], now()))]


class BookPage(QWidget):
    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.prompts, self.ops = services, prompts, ops
        self.index: BookIndex | None = None
        self.trip_id: uuid.UUID | None = None
        self.problem: TripProblem | None = None
        self.near_id: uuid.UUID | None = None  # the stop listed "near", once the book is read
        self.loading = self._again = False
        now = services.clock
        self.map = BookMapView(self)
        self.map.selection_changed.connect(self._selected)
        self.map.stop_clicked.connect(self.near_stop)
        self.colour_by = QComboBox()
        self.colour_by.addItem(_("Tier"), "tier")
        self.colour_by.addItem(_("Status"), "status")
        self.colour_by.currentIndexChanged.connect(
            lambda _n: self.map.set_colour_by(self.colour_by.currentData()))
        self.modes = QButtonGroup(self)
        mode_row = QHBoxLayout()
        for mode, text, tip in (("pan", _("Move"), _("Drag to move the map")),
                                ("rectangle", _("Rectangle"), _("Drag a rectangle to select")),
                                ("lasso", _("Lasso"), _("Draw around the accounts to select"))):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setChecked(mode == "pan")
            button.setProperty("mode", mode)
            button.clicked.connect(lambda _c=False, m=mode: self.map.set_mode(m))
            self.modes.addButton(button)
            mode_row.addWidget(button)
        mode_row.addStretch(1)
        self.selection: RowTableModel[AccountPin] = RowTableModel(selection_columns(now))
        self.selection_list = table_view(self.selection)
        self.selection_title = QLabel(_("Select accounts with a rectangle or a lasso."))
        self.selection_title.setWordWrap(True)
        self.add_to_trip = QPushButton(_("Add to trip as targets"))
        self.add_to_trip.clicked.connect(lambda: self.add_selection_to_trip())
        self.add_to_plan = QPushButton(_("Add to action plan…"))
        self.add_to_plan.clicked.connect(lambda: self.add_selection_to_plan())
        self.near: RowTableModel[Near] = RowTableModel(near_columns(now))
        self.near_list = table_view(self.near)
        for table in (self.selection_list, self.near_list):  # the name takes what is left
            header = table.horizontalHeader()
            header.setStretchLastSection(False)
            header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.near_title = QLabel(near_hint())
        self.near_title.setWordWrap(True)
        self.status = QLabel()
        style.muted(self.status)
        self.status.setWordWrap(True)
        self._lay_out(mode_row)
        self._enable()
        self.live = LiveUpdates(self, bus, self._shows, lambda _reset: self.load())
        self.live.mark(True)  # read when first shown
        # The trip changed (stops added here, a sync): its route again, now or when shown.
        self.trip_live = LiveUpdates(self, bus, lambda c: self.trip_id is not None and c.touches(
            *TRIP_TABLES), lambda _reset: self.reload_trip())

    def _lay_out(self, mode_row: QHBoxLayout) -> None:
        side = QWidget()
        side.setFixedWidth(300)
        column = QVBoxLayout(side)
        column.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        form.addRow(_("Colour by"), self.colour_by)
        column.addLayout(form)
        column.addLayout(mode_row)
        column.addWidget(self.selection_title)
        column.addWidget(self.selection_list, 3)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_to_trip)
        buttons.addWidget(self.add_to_plan)
        column.addLayout(buttons)
        column.addWidget(self.near_title)
        column.addWidget(self.near_list, 2)
        column.addWidget(self.status)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.map, 1)
        row.addWidget(side)

    # -- loading -------------------------------------------------------------
    def _shows(self, changes: Changes) -> bool:
        return changes.touches("accounts", "interactions")

    def load(self) -> None:
        """Read and index the book on the read pool; the map keeps the old one meanwhile."""
        if self.loading:  # a sync's batches: one more read after this one, not one each
            self._again = True
            return
        reader = BookReader(self.services.store, self.services.clock)
        self.loading, self._again = True, False
        self.status.setText(_("Reading the book…"))
        # The background lane: a large book takes seconds, no other read waits for it.
        self.ops.reads.run(lambda _report: reader.index(), self._loaded,
                           lambda exc: self._failed(exc), lane=BACKGROUND)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText("")
        self.ops.failed(exc, self, _("Could not load"), None)

    def _loaded(self, index: BookIndex) -> None:
        self.loading = False
        kept = [index.position(p.id) for p in self.selected_pins()]
        self.index = index
        self.map.set_book(index)
        self.near.set_rows([])
        if self.near_id is not None:  # picked while the book was read, or read again
            self.near_stop(self.near_id)
        self.map.select([n for n in kept if n is not None])  # the selection outlives a reload
        self._enable()
        self.status.setText(ngettext("{n} account on the map", "{n} accounts on the map",
                                     len(index)).format(n=f"{len(index):,}"))
        if self._again:  # changed while it was read: read it again
            self.load()

    def reload_trip(self) -> None:
        trip_id, trips = self.trip_id, self.services.trips
        if trip_id is None:
            return
        try:
            problem, plan = trips.problem(trip_id), trips.stored_plan(trip_id)
        except (NotFound, ValidationError):  # deleted, or no place to start from
            self.show_trip(None, None, None)
            return
        self.show_trip(trip_id, problem, plan)

    def show_trip(self, trip_id: uuid.UUID | None, problem: TripProblem | None,
                  plan: TripPlan | None) -> None:
        """The trip whose route is drawn and which "Add to trip" adds to."""
        if trip_id != self.trip_id:  # another trip: its stops' neighbours are not listed
            self.near_id = None
            self.near.set_rows([])
            self.near_title.setText(near_hint())
        self.trip_id, self.problem = trip_id, problem
        self.map.set_plan(problem, plan)
        self._enable()

    # -- selection -----------------------------------------------------------
    def selected_pins(self) -> list[AccountPin]:
        return [self.selection.row_at(n) for n in range(self.selection.rowCount())]

    def _selected(self, indices: list[int]) -> None:
        pins = [self.index.pins[n] for n in indices] if self.index is not None else []
        self.selection.set_rows(sorted(pins, key=lambda p: p.name.casefold()))
        self.selection_title.setText(ngettext(
            "{n} account selected", "{n} accounts selected", len(pins)).format(n=len(pins))
            if pins else _("Select accounts with a rectangle or a lasso."))
        self._enable()

    def _enable(self) -> None:
        chosen = self.selection.rowCount() > 0
        self.add_to_trip.setEnabled(chosen and self.trip_id is not None)
        self.add_to_plan.setEnabled(chosen)
        self.add_to_trip.setToolTip("" if self.trip_id is not None
                                    else _("Make or choose a trip first"))

    def add_selection_to_trip(self) -> None:
        pins, trip_id, trips = self.selected_pins(), self.trip_id, self.services.trips
        if not pins or trip_id is None:
            return
        name = self.problem.name if self.problem else ""

        def added(changes: Changes) -> None:
            n = len(changes.ids("trip_stops"))
            self.status.setText(ngettext("{n} stop added to {trip}.", "{n} stops added to {trip}.",
                                         n).format(n=n, trip=name)
                                + (" " + _("The others were on it already.")
                                   if n < len(pins) else ""))

        self.ops.write(lambda: trips.add_stops(trip_id, as_targets(pins)), parent=self,
                       title=_("Add to trip")).success(added).run()

    def add_selection_to_plan(self) -> None:
        pins, plans = self.selected_pins(), self.services.action_plans
        if not pins:
            return
        rows = plans.plans()
        if not rows:
            self.prompts.error(self, _("Add to action plan"),
                               _("Make an action plan first (the Action plans tab)."))
            return
        chosen = self.prompts.choice(self, _("Add to action plan"), _("Action plan"),
                                     [r.name for r in rows])
        if chosen is None:
            return
        plan = rows[chosen]
        ids = [p.id for p in pins]
        self.ops.write(lambda: plans.add_targets(plan.id, ids), parent=self,
                       title=_("Add to action plan")).success(lambda _c: self.status.setText(
                           ngettext("{n} account added to {plan}.", "{n} accounts added to {plan}.",
                                    len(ids)).format(n=len(ids), plan=plan.name))).run()

    # -- near a stop ---------------------------------------------------------
    def near_stop(self, stop_id: uuid.UUID) -> list[Near]:
        """The accounts nearest the stop that are not on the trip yet (the ones a
        rep might add), from the grid."""
        self.near_id = stop_id
        stops = self.problem.stops if self.problem else ()
        stop = next((s for s in stops if s.id == stop_id), None)
        if stop is None or self.index is None:
            return []
        if not stop.place.located:
            self.near.set_rows([])
            self.near_title.setText(_("{stop} has no place on the map yet.").format(
                stop=stop.place.name))
            self.map.set_near([])
            return []
        on_trip = [self.index.position(s.account_id) for s in stops]
        found = self.index.near.nearest(stop.place.latitude, stop.place.longitude, NEAR_COUNT,
                                        exclude=[n for n in on_trip if n is not None])
        rows = [(self.index.pins[n], miles) for miles, n in found]
        self.near.set_rows(rows)
        self.near_title.setText(_("Near {stop}, not on the trip:").format(stop=stop.place.name))
        self.map.set_near([n for _miles, n in found])
        return rows
