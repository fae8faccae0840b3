"""Pick the accounts to visit on a trip: the target filters over a lazy list of
matches, then "Add to trip" (the selected ones or all), on a day or any day."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from PySide6.QtCore import Signal
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

from desktop.i18n import _, ngettext
from desktop.planning.problem import TripProblem
from desktop.schema.enums import AccountKind, AccountStatus, Tier, label
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui import style
from ui.formatting import ago
from ui.models.row_table import Column
from ui.models.target_model import TargetModel
from ui.models.trip_models import day_label
from ui.views.account_people import table_view


def target_columns(now: datetime) -> list[Column[Any]]:
    def miles(r: Any) -> str:
        value = getattr(r, "distance_miles", None)
        return f"{value:,.0f} mi" if isinstance(value, int | float) else ""

    return [
        Column(_("Account"), lambda r: r.name),
        Column(_("City"), lambda r: r.city or ""),
        Column(_("State"), lambda r: r.region or ""),
        Column(_("Tier"), lambda r: r.tier or ""),
        Column(_("Last contact"), lambda r: ago(r.last_contact_at, now)),
        Column(_("Distance"), miles),
        Column(_("Why"), lambda r: " · ".join(getattr(r, "reasons", ()) or ())),
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
    added = Signal(object)  # Changes

    def __init__(self, services: Services, trip_id: uuid.UUID, problem: TripProblem,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.trip_id, self.problem = services, trip_id, problem
        self.setWindowTitle(_("Pick targets — {trip}").format(trip=problem.name))
        self.territory = QLineEdit()
        self.tier, self.kind, self.status = _combo(Tier), _combo(AccountKind), _combo(
            AccountStatus)
        self.place = QLineEdit()
        self.place.setPlaceholderText(_("State, city or ZIP"))
        self.near_on = QCheckBox(_("Within"))
        self.near_miles = _spin(_(" mi"), 50)
        self.near_of = QLineEdit()
        self.near_of.setPlaceholderText(_("a place, ZIP or account name"))
        self.stale_on = QCheckBox(_("No contact in"))
        self.stale_days = _spin(_(" days"), services.settings.stale_contact_days, 3650)
        self.follow_ups = QCheckBox(_("Follow-ups due"))
        self.open_sales = QCheckBox(_("Open quotes or orders"))
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
        grid.addWidget(self.follow_ups, 2, 2, 1, 2)
        grid.addWidget(self.open_sales, 2, 4)
        grid.addWidget(self.due_visit, 2, 5)
        for column in (1, 3, 5):
            grid.setColumnStretch(column, 1)

        self.model = TargetModel(target_columns(services.clock()))
        self.table = table_view(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.count = QLabel()
        style.muted(self.count)
        self.message = style.error_line(QLabel())
        self.message.hide()
        self.search_button = QPushButton(_("Search"))
        self.search_button.setDefault(True)
        self.search_button.clicked.connect(self.search)
        self.day = QComboBox()
        self.day.addItem(_("Any day (the optimiser chooses)"), None)
        for day in problem.days:
            self.day.addItem(day_label(day), day.index)
        self.add_selected = style.primary(QPushButton(_("Add selected")))
        self.add_all = QPushButton(_("Add all"))
        self.add_selected.clicked.connect(lambda: self.add(all_rows=False))
        self.add_all.clicked.connect(lambda: self.add(all_rows=True))
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)

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
        self.resize(1000, 640)
        for line in (self.territory, self.place, self.near_of):
            line.returnPressed.connect(self.search)
        self.search()

    def filters(self) -> dict[str, Any]:
        """The filters as the target service takes them (None: not filtered)."""
        return {
            "territory": self.territory.text().strip() or None,
            "tier": self.tier.currentData(), "kind": self.kind.currentData(),
            "status": self.status.currentData(), "place": self.place.text().strip() or None,
            "within_miles": self.near_miles.value() if self.near_on.isChecked() else None,
            "near": self.near_of.text().strip() or None if self.near_on.isChecked() else None,
            "no_contact_days": self.stale_days.value() if self.stale_on.isChecked() else None,
            "follow_ups_due": self.follow_ups.isChecked(),
            "open_sales": self.open_sales.isChecked(),
            "due_for_visit": self.due_visit.isChecked(),
        }

    def search(self) -> None:
        self.message.hide()
        try:
            rows = self.services.targets.search(self.filters())
        except ValidationError as exc:  # e.g. an unknown ZIP: say so, keep the filters
            self.message.setText(str(exc))
            self.message.show()
            return
        self.model.set_all(rows)
        self.count.setText(ngettext("{n:,} account matches", "{n:,} accounts match",
                                    len(rows)).format(n=len(rows)))
        enabled = bool(rows)
        self.add_selected.setEnabled(enabled)
        self.add_all.setEnabled(enabled)

    def chosen_ids(self, all_rows: bool) -> list[uuid.UUID]:
        if all_rows:
            return self.model.all_ids()
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r).id for r in rows]

    def add(self, all_rows: bool) -> int:
        ids = self.chosen_ids(all_rows)
        if not ids:
            return 0
        try:
            changes = self.services.trips.add_stops(self.trip_id, ids,
                                                    day_index=self.day.currentData())
        except ValidationError as exc:
            self.message.setText(str(exc))
            self.message.show()
            return 0
        self.added.emit(changes)
        self.count.setText(ngettext("Added {n} stop to the trip.", "Added {n} stops to the trip.",
                                    len(ids)).format(n=len(ids)))
        return len(ids)

