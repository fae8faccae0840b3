"""A new event, or an event's details changed: name, kind, dates, place, cost
and currency, the staff working it, notes. Saved by ``EventService`` through
the writer; a refusal shows under its field and keeps everything typed."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QWidget,
)

from desktop.domain.schema.enums import EventKind, label
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.events import EventRow
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.date_field import DateField

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class EventDialog(FormDialog):
    def __init__(self, services: Services, people: Sequence[tuple[uuid.UUID, str]], *,
                 ops: Operations, event: EventRow | None = None,
                 parent: QWidget | None = None) -> None:
        """``people``: whom the staff list offers; ``event`` None: a new one (with
        notes: an edit leaves the notes it cannot show alone)."""
        super().__init__(ops, parent)
        self.services, self.editing = services, event
        self.saved_id: uuid.UUID | None = event.id if event else None
        self.setWindowTitle(_("Edit event") if event else _("New event"))
        self.setMinimumWidth(520)
        today = services.clock().date()
        self.name = QLineEdit(event.name if event else "")
        self.name.setPlaceholderText(_("e.g. PackExpo Chicago 2027"))
        self.kind = QComboBox()
        for kind in EventKind:
            self.kind.addItem(label(kind), kind.value)
        self.kind.setCurrentIndex(max(0, self.kind.findData(event.kind if event else
                                                            EventKind.TRADE_SHOW.value)))
        self.starts = DateField(event.starts_on if event else today)
        self.ends = DateField(event.ends_on if event else today)
        self.place = QLineEdit(event.place or "" if event else "")
        self.city = QLineEdit(event.city or "" if event else "")
        self.cost = QLineEdit(f"{event.cost.normalize():f}" if event else "0")
        self.currency = QLineEdit(event.currency if event else "USD")
        self.currency.setMaxLength(3)
        self.staff = QListWidget()
        self.staff.setMaximumHeight(110)
        working = set(event.staff) if event else {services.user_id}
        for person_id, person in people:
            item = QListWidgetItem(person, self.staff)
            item.setData(ID_ROLE, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if person_id in working
                               else Qt.CheckState.Unchecked)
        self.notes = QPlainTextEdit()
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(64)
        form = QFormLayout()
        for text, name, widget in (
                (_("Name"), "name", self.name), (_("Kind"), "kind", self.kind),
                (_("Starts"), "starts_on", self.starts), (_("Ends"), "ends_on", self.ends),
                (_("Place"), "place", self.place), (_("City"), "city", self.city),
                (_("Cost"), "cost", self.cost), (_("Currency"), "currency", self.currency),
                (_("Staff"), "staff", self.staff), (_("Notes"), "notes", self.notes)):
            if name != "notes" or event is None:
                self.errors.add_row(form, text, name, widget)
        self._finish(form, save_text=_("Save event") if event else _("Create event"))

    def values(self) -> dict[str, Any]:
        """The form as ``EventService`` takes it; ValidationError for what cannot
        be read (a date that does not exist, a cost that is not a number)."""
        errors: dict[str, str] = {}
        starts, ends = self.starts.problem(), self.ends.problem()
        if starts:
            errors["starts_on"] = starts
        if ends:
            errors["ends_on"] = ends
        try:
            cost = Decimal(self.cost.text().strip().replace(",", "") or "0")
        except ArithmeticError:
            errors["cost"] = _("The cost is a number, zero or more.")
            cost = Decimal(0)
        if errors:
            raise ValidationError(errors)
        start_day: date | None = self.starts.value()
        staff = [item.data(ID_ROLE) for item in
                 (self.staff.item(n) for n in range(self.staff.count()))
                 if item.checkState() == Qt.CheckState.Checked]
        values = {"name": self.name.text(), "kind": self.kind.currentData(),
                  "starts_on": start_day, "ends_on": self.ends.value() or start_day,
                  "place": self.place.text(), "city": self.city.text(), "cost": cost,
                  "currency": self.currency.text(), "staff": staff}
        if self.editing is None:
            values["notes"] = self.notes.toPlainText()
        return values

    def _job(self) -> Callable[[], object]:
        values, events, event = self.values(), self.services.events, self.editing
        if event is None:
            return lambda: events.create(values)
        return lambda: events.update(event.id, values)

    def _saved(self, result: Any) -> None:
        super()._saved(result)
        if self.editing is None:
            self.saved_id = getattr(result, "id", None)
