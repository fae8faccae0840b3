"""Pick the accounts to visit on a trip: the target filters over a lazy list of
matches, then "Add to trip" (the selected ones or all), on a day or any day."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain import formats
from desktop.domain.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.i18n import _, ngettext
from desktop.planning.geo import Point
from desktop.planning.problem import TripProblem
from desktop.planning.targets import TargetFilter
from desktop.services.base import NotFound
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.formatting import ago, day
from ui.models.row_table import Column
from ui.models.target_model import TargetModel
from ui.models.trip_models import day_label
from ui.operations import Operations, explain
from ui.views.account_people import table_view
from ui.widgets.form_support import ErrorLine
from ui.widgets.screen_fit import fit_to_screen


def target_columns(now: datetime) -> list[Column[Any]]:
    def miles(r: Any) -> str:
        return f"{formats.number(r.distance_miles)} mi" if r.distance_miles is not None else ""

    def due(r: Any) -> str:
        if r.due_on is None:
            return _("never visited") if r.due else ""
        return _("due") if r.due else day(r.due_on)

    return [
        Column(_("Account"), lambda r: r.name),
        Column(_("City"), lambda r: r.city or ""),
        Column(_("State"), lambda r: r.state or ""),
        Column(_("Tier"), lambda r: r.tier or ""),
        Column(_("Last visit"), lambda r: ago(r.last_visit_at, now) if r.last_visit_at else ""),
        Column(_("Next visit"), due, colour=lambda r: "#E65100" if r.due else None),
        Column(_("Distance"), miles),
    ]


def _combo(enum: Any) -> QComboBox:
    box = QComboBox()
    box.addItem(_("Any"), None)
    for member in enum:
        box.addItem(label(member), member.value)
    return box


def _spin(suffix: str, value: int, high: int = 999) -> QSpinBox:
    box = QSpinBox()
    box.setRange(1, high)
    box.setValue(value)
    box.setSuffix(suffix)
    return box


class TargetPicker(QDialog):
    added = Signal(object)  # Changes (already published)

    def __init__(self, services: Services, trip_id: uuid.UUID, problem: TripProblem,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(parent)
        self.services, self.trip_id, self.problem, self.ops = services, trip_id, problem, ops
        self.adding = False
        self.setWindowTitle(_("Pick targets — {trip}").format(trip=problem.name))
        self.territory = QComboBox()
        self.territory.addItem(_("Any"), None)
        for tid, tname in services.account_list.territories():
            self.territory.addItem(tname, tid)
        self.tier, self.kind, self.status = _combo(Tier), _combo(AccountKind), _combo(
            AccountStatus)
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("State, city or ZIP"))
        self.near_on = QCheckBox(_("Within"))
        self.near_miles = _spin(_(" mi"), 50)
        self.near_of = QLineEdit()
        self.near_of.setPlaceholderText(_("a ZIP code or an account's name"))
        self.near_of.setMinimumWidth(220)
        self.stale_on = QCheckBox(_("No contact in"))
        self.stale_days = _spin(_(" days"), services.settings.stale_contact_days, 3650)
        self.follow_ups = QCheckBox(_("Follow-ups due"))
        self.open_quotes = QCheckBox(_("Open quotes"))
        self.open_orders = QCheckBox(_("Open orders"))
        self.due_visit = QCheckBox(_("Due for a visit"))

        filters = QGroupBox(_("Filters"))
        grid = QGridLayout(filters)
        pairs = [(_("Territory"), self.territory), (_("Tier"), self.tier),
                 (_("Kind"), self.kind), (_("Status"), self.status),
                 (_("Where"), self.place)]
        for n, (caption, widget) in enumerate(pairs):
            grid.addWidget(QLabel(caption), n // 3, (n % 3) * 2)
            grid.addWidget(widget, n // 3, (n % 3) * 2 + 1)
        near = QHBoxLayout()
        for widget in (self.near_on, self.near_miles, QLabel(_("of")), self.near_of):
            near.addWidget(widget)
        grid.addLayout(near, 1, 4, 1, 2)
        stale = QHBoxLayout()
        stale.addWidget(self.stale_on)
        stale.addWidget(self.stale_days)
        stale.addStretch(1)
        grid.addLayout(stale, 2, 0, 1, 2)
        checks = QHBoxLayout()
        for box in (self.follow_ups, self.open_quotes, self.open_orders, self.due_visit):
            checks.addWidget(box)
        checks.addStretch(1)
        grid.addLayout(checks, 2, 2, 1, 4)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

        self.model = TargetModel(target_columns(services.clock()))
        self.table = table_view(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = QLabel()
        style.muted(self.count)
        self.message = ErrorLine()  # reserved: a refusal does not move the list
        self.search_button = QPushButton(_("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(lambda: self.search())
        self.day = QComboBox()
        self.day.addItem(_("Any day (the optimiser chooses)"), None)
        for trip_day in problem.days:
            self.day.addItem(day_label(trip_day), trip_day.index)
        self.add_selected = style.primary(QPushButton(_("Add selected")))
        self.add_all = QPushButton(_("Add all"))
        self.add_selected.clicked.connect(lambda: self.add(all_rows=False))
        self.add_all.clicked.connect(lambda: self.add(all_rows=True))
        close = QPushButton(_("Close"))
        close.clicked.connect(lambda: self.accept())

        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.search_button)
        bottom = QHBoxLayout()
        day_form = QFormLayout()
        day_form.addRow(_("Add to trip on"), self.day)
        bottom.addLayout(day_form)
        bottom.addStretch(1)
        for button in (self.add_selected, self.add_all, close):
            bottom.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(filters)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        fit_to_screen(self, QSize(1000, 640))
        for line in (self.place, self.near_of):
            line.returnPressed.connect(lambda: self.search())
        self.search()

    def filters(self) -> TargetFilter:
        """The filters as the target search takes them; refuses a place it cannot find."""
        where = self.place.text().strip()
        region = city = postal = None
        if where.isdigit():
            postal = where  # a ZIP code or its first digits
        elif len(where) == 2 and where.isalpha():
            region = where.upper()
        elif where:
            city = where
        near, near_account = None, None
        if self.near_on.isChecked():
            near, near_account = self._centre(self.near_of.text().strip())
        territory = self.territory.currentData()
        return TargetFilter(
            territory_id=uuid.UUID(hex=territory) if territory else None,
            tiers=_one(self.tier), kinds=_one(self.kind), statuses=_one(self.status),
            region=region, city=city, postal_code=postal, near=near,
            near_account_id=near_account,
            within_miles=float(self.near_miles.value()) if self.near_on.isChecked() else None,
            no_contact_days=self.stale_days.value() if self.stale_on.isChecked() else None,
            follow_ups_due=self.follow_ups.isChecked(),
            open_quotes=self.open_quotes.isChecked(), open_orders=self.open_orders.isChecked(),
            due_for_visit=self.due_visit.isChecked(),
            exclude=frozenset(s.account_id for s in self.problem.stops if s.account_id))

    def _centre(self, text: str) -> tuple[Point | None, uuid.UUID | None]:
        """A ZIP code's centre, or the account of that name."""
        from desktop.planning.geo import zip_point
        from desktop.services.account_list import AccountFilter

        if not text:
            raise ValidationError({"near": _("Within how many miles of where? Type a ZIP "
                                             "code or an account's name.")})
        if text.isdigit():
            point = zip_point(text)
            if point is None:
                raise ValidationError({"near": _("No ZIP code {zip} is known.").format(
                    zip=text)})
            return point, None
        rows = self.services.account_list.page(AccountFilter(text=text), None, 1).rows
        if not rows:
            raise ValidationError({"near": _("No account is called \"{name}\".").format(
                name=text)})
        return None, rows[0].id

    def search(self) -> None:
        self.message.set_message("")
        try:
            rows = self.services.targets.search(self.filters())
        except (ValidationError, NotFound) as exc:  # say why, keep the filters as typed
            errors = getattr(exc, "errors", None)
            self.message.set_message(" ".join(errors.values()) if errors else str(exc))
            return
        self.model.set_all(rows)
        self.count.setText(ngettext("{n:,} account matches", "{n:,} accounts match",
                                    len(rows)).format(n=len(rows)))
        enabled = bool(rows)
        self.add_selected.setEnabled(enabled)
        self.add_all.setEnabled(enabled)

    def chosen(self, all_rows: bool) -> list[Any]:
        if all_rows:
            return self.model.all_rows()
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def add(self, all_rows: bool) -> None:
        """Put the chosen accounts on the trip, on the chosen day if there is one
        (an operation on the store's writer; a refusal is said above the list)."""
        targets = self.chosen(all_rows)
        if not targets or self.adding:
            return
        trips, trip_id = self.services.trips, self.trip_id
        day_index = self.day.currentData()

        def job() -> Changes:
            changes = trips.add_stops(trip_id, targets)
            for stop_id in changes.ids("trip_stops") if day_index is not None else ():
                changes = changes.merged(trips.move(stop_id, day_index))
            return changes

        self.adding = True
        self.message.set_message("")
        self.ops.write(job, parent=self).success(self._added).failure(self._refused).run()

    def _added(self, changes: Changes) -> None:
        self.adding = False
        self.added.emit(changes)
        added = len(changes.ids("trip_stops"))
        self.problem = self.services.trips.problem(self.trip_id)
        self.search()  # what was added leaves the list
        self.count.setText(ngettext("Added {n} stop to the trip.", "Added {n} stops to the trip.",
                                    added).format(n=added))

    def _refused(self, exc: BaseException) -> None:
        self.adding = False
        self.message.set_message(" ".join(exc.errors.values())
                                 if isinstance(exc, ValidationError) else explain(exc))


def _one(combo: QComboBox) -> frozenset[str]:
    value = combo.currentData()
    return frozenset({value}) if value else frozenset()
