"""Record the next step of an order: only the steps its status allows are
offered. A shipment names carrier, tracking number, ship date and what it
carries (part of the order is fine); reserving and allocating ask the server
for stock; cancelling needs a reason. Refusals show under their fields and
nothing typed is lost."""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.order_flow import ACTION, action_label
from desktop.i18n import _
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.widgets.date_field import DateField
from ui.widgets.form_support import ErrorLine

_FIELDS = {"shipped": ("carrier", "tracking_number", "ship_date", "lines"),
           "reserved": ("warehouse", "days"), "allocated": ("warehouse",)}


class OrderStepDialog(FormDialog):
    def __init__(self, services: Services, order_id: uuid.UUID, number: str,
                 parent: QWidget | None = None, *, ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services, self.order_id = services, order_id
        self.changes: Changes | None = None
        self.setWindowTitle(_("Record step: {n}").format(n=number))
        self.setMinimumWidth(640)
        self.step = QComboBox()
        for step in services.orders.next_steps(order_id):
            self.step.addItem(action_label(step), step)
        self.carrier = QLineEdit()
        self.carrier.setPlaceholderText(_("e.g. UPS"))
        self.tracking = QLineEdit()
        self.ship_date = DateField(services.clock().date())
        self.warehouse = QComboBox()
        self.warehouse.addItems(services.stock.warehouses())
        self.days = QSpinBox()
        self.days.setRange(1, 90)
        self.days.setValue(services.settings.reservation_days)
        self.days.setSuffix(_(" days"))
        self.note = QPlainTextEdit()
        self.note.setFixedHeight(60)
        self.lines = services.orders.lines(order_id)
        self.quantities: dict[uuid.UUID, QLineEdit] = {}
        self.lines_box = QWidget()
        grid = QGridLayout(self.lines_box)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(0, 1)
        for n, line in enumerate(self.lines):
            edit = QLineEdit(f"{line.remaining.normalize():f}")
            edit.setFixedWidth(70)
            edit.setEnabled(line.remaining > 0)
            edit.textChanged.connect(lambda _t, p=line.position: self.errors.clear(f"quantity_{p}"))
            self.quantities[line.id] = edit
            what = QLabel(f"{line.sku}  {line.description}")
            what.setWordWrap(True)
            grid.addWidget(what, 2 * n, 0)
            grid.addWidget(style.muted(QLabel(_("{left} of {all} {unit} left").format(
                left=f"{line.remaining.normalize():f}", all=f"{line.quantity.normalize():f}",
                unit=line.unit))), 2 * n, 1)
            grid.addWidget(edit, 2 * n, 2)
            error = ErrorLine()
            grid.addWidget(error, 2 * n + 1, 0, 1, 3)
            self.errors.register(f"quantity_{line.position}", edit, error)

        self.form = QFormLayout()
        self.errors.add_row(self.form, _("Step"), "status", self.step)
        self.errors.add_row(self.form, _("Carrier"), "carrier", self.carrier)
        self.errors.add_row(self.form, _("Tracking number"), "tracking_number", self.tracking)
        self.errors.add_row(self.form, _("Ship date"), "ship_date", self.ship_date)
        self.errors.add_row(self.form, _("This shipment"), "lines", self.lines_box)
        self.errors.add_row(self.form, _("Warehouse"), "warehouse", self.warehouse)
        self.errors.add_row(self.form, _("Hold for"), "days", self.days)
        self.note_label = QLabel(_("Note"))
        note_box = QWidget()
        note_column = QVBoxLayout(note_box)
        note_column.setContentsMargins(0, 0, 0, 0)
        note_column.setSpacing(1)
        note_column.addWidget(self.note)
        note_error = ErrorLine()
        note_column.addWidget(note_error)
        self.form.addRow(self.note_label, note_box)
        self.errors.register("note", self.note, note_error)
        for edit, name in ((self.carrier, "carrier"), (self.tracking, "tracking_number")):
            edit.textChanged.connect(lambda _t, n=name: self.errors.clear(n))
        self.step.currentIndexChanged.connect(lambda _i: self._show_fields())
        if self.step.count() == 0:
            self.top_error.setText(_("This order has no further steps."))
            self.top_error.show()
        self._finish(self.form, save_text=_("Record step"))
        self.save_button.setEnabled(self.step.count() > 0)
        self._show_fields()

    def chosen(self) -> str | None:
        return self.step.currentData()

    def _show_fields(self) -> None:
        step = self.chosen() or ""
        wanted = _FIELDS.get(step, ())
        for name, widget in (("carrier", self.carrier), ("tracking_number", self.tracking),
                             ("ship_date", self.ship_date), ("lines", self.lines_box),
                             ("warehouse", self.warehouse), ("days", self.days)):
            holder = widget.parentWidget()
            assert holder is not None
            self.form.setRowVisible(holder, name in wanted)
        self.note_label.setText(_("Reason") if step == "cancelled" else _("Note"))
        self.save_button.setText(action_label(step) if step in ACTION else _("Record step"))
        self.refit()

    def _job(self) -> Callable[[], Changes]:
        step = self.chosen()
        if step is None:
            raise ValidationError({"status": _("This order has no further steps.")})
        orders, stock, order_id = self.services.orders, self.services.stock, self.order_id
        note = self.note.toPlainText()
        if step == "shipped":
            ship_date = self.ship_date.checked("ship_date")
            assert ship_date is not None
            carrier, tracking = self.carrier.text(), self.tracking.text()
            quantities = {lid: edit.text() for lid, edit in self.quantities.items()
                          if edit.isEnabled()}
            return lambda: orders.advance(order_id, step, carrier=carrier,
                                          tracking_number=tracking, note=note,
                                          ship_date=ship_date, quantities=quantities)
        warehouse, days = self.warehouse.currentText(), self.days.value()
        if step in ("reserved", "allocated") and not warehouse:
            raise ValidationError({"warehouse": _("No stock snapshot yet: sync first.")})

        def advance() -> Changes:
            changes = orders.advance(order_id, step, note=note)
            if step in ("reserved", "allocated"):
                # Free-text lines only: nothing to ask the server for.
                with contextlib.suppress(ValidationError):
                    changes = changes.merged(stock.request_for_order(
                        order_id, "reserve" if step == "reserved" else "allocate",
                        warehouse, days=days))
            return changes
        return advance

    def _saved(self, result: Changes) -> None:
        self.changes = result

