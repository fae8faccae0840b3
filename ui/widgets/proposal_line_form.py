"""The proposal editor's right-hand side: add products from the catalogue as
you type, or a free-text line; edit the selected line with inline messages.

Every change is an operation on the store's writer: ``apply`` sends what is
typed in the line's fields and calls back with whether it was stored; a
refused edit keeps everything typed in the fields, with the messages under
them. ``edited()`` says whether something typed is not applied yet (the editor
asks before closing, and applies it with Save)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from contextlib import suppress
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import format_money
from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.catalogue import ProductRow
from desktop.services.container import Services
from desktop.services.proposal_edit import LineRow, parse_decimal
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui.models.row_table import Column, RowTableModel
from ui.operations import Operations, explain
from ui.views.account_people import selected_row, table_view
from ui.widgets.date_field import DateField
from ui.widgets.form_support import ErrorLine, FieldErrors

Done = Callable[[bool], None]  # called with whether the edit was stored


def fit_columns(view: QTableView, stretch: int) -> None:
    """Every column as wide as its contents, column ``stretch`` takes the rest."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class LineForm(QWidget):
    changed = Signal(object)  # Changes, after a line was added or edited (published)
    added = Signal(object)  # the new line's id

    def __init__(self, services: Services, currency: str, locale: str,
                 parent: QWidget | None = None, *, ops: Operations,
                 initiator: object | None = None) -> None:
        """``initiator`` is named on the change records of its writes (the editor)."""
        super().__init__(parent)
        self.services, self.currency, self.ops = services, currency, ops
        self.initiator = initiator
        self.proposal_id: uuid.UUID | None = None
        self.line: LineRow | None = None
        self.shown: dict[str, str] = {}  # the field texts as last shown
        self.busy = False  # a write of this form is running
        def money(amount: Decimal | None) -> str:
            return format_money(amount, currency, locale) if amount is not None else _("no price")

        self.products: RowTableModel[ProductRow] = RowTableModel([
            Column(_("SKU"), lambda p: p.sku), Column(_("Product"), lambda p: p.name),
            Column(_("List price"), lambda p: money(p.list_price)),
            Column(_("Available"), lambda p: f"{p.available.normalize():f}")])
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the catalogue: SKU, name, description"))
        self.search.setClearButtonEnabled(True)
        self.search.setProperty("transient", True)  # a search, not a field of the line
        self.search.textChanged.connect(self.find_products)
        self.search.installEventFilter(self)  # Enter adds the first hit
        self.results = table_view(self.products)
        fit_columns(self.results, stretch=1)
        self.results.setMinimumHeight(90)
        self.results.doubleClicked.connect(lambda _i: self.add_product())
        self.add_button = QPushButton(_("Add product"))
        self.add_button.clicked.connect(lambda: self.add_product())
        self.free_button = QPushButton(_("Add free-text line"))
        self.free_button.clicked.connect(lambda: self.add_free_text())
        self.message = ErrorLine()  # reserved: a refusal moves nothing
        catalogue = QGroupBox(_("Add from the catalogue"))
        box = QVBoxLayout(catalogue)
        box.addWidget(self.search)
        box.addWidget(self.message)
        box.addWidget(self.results, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.free_button)
        buttons.addStretch(1)
        box.addLayout(buttons)

        self.errors = FieldErrors()
        self.fields = {name: QLineEdit() for name in (
            "description", "quantity", "unit_price", "discount_percent", "discount_amount",
            "tax_rate")}
        self.optional = QCheckBox(_("Optional item (shown, not in the total)"))
        self.has_ship = QCheckBox(_("Requested ship date"))
        self.ship_date = DateField(services.clock().date())
        self.has_ship.toggled.connect(lambda on: self.ship_date.setEnabled(on))
        editor = QGroupBox(_("Selected line"))
        form = QFormLayout(editor)
        for label, name in ((_("Description"), "description"), (_("Quantity"), "quantity"),
                            (_("Unit price"), "unit_price"),
                            (_("Discount %"), "discount_percent"),
                            (_("Discount amount"), "discount_amount"), (_("Tax %"), "tax_rate")):
            self.errors.add_row(form, label, name, self.fields[name])
            self.fields[name].installEventFilter(self)  # Enter applies the line
        ship = QWidget()
        ship_column = QVBoxLayout(ship)
        ship_column.setContentsMargins(0, 0, 0, 0)
        ship_column.setSpacing(1)
        ship_row = QHBoxLayout()
        ship_row.addWidget(self.has_ship)
        ship_row.addWidget(self.ship_date, 1)
        ship_column.addLayout(ship_row)
        ship_error = ErrorLine()
        ship_column.addWidget(ship_error)
        self.errors.register("ship_date", self.ship_date, ship_error)
        form.addRow("", self.optional)
        form.addRow(ship)
        self.apply_button = QPushButton(_("Apply to line"))
        self.apply_button.setToolTip(_("Save also applies what is typed here"))
        self.apply_button.clicked.connect(lambda: self.apply())  # clicked(bool) is no callback
        form.addRow("", self.apply_button)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(catalogue, 3)
        layout.addWidget(editor, 2)
        self.show_line(None)
        self.find_products("")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        """Enter in the search adds the first hit, in a line's field applies the
        line; either way it stops here, so it does not also press the dialog's
        default button (Save). Ctrl+Enter passes on: it saves everything."""
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            if enter and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                if watched is self.search:
                    self.add_product()
                    return True
                if watched in self.fields.values():
                    self.apply()
                    return True
        return super().eventFilter(watched, event)

    # -- catalogue ---------------------------------------------------------------------
    def find_products(self, text: str) -> None:
        self.products.set_rows(self.services.catalogue.search(text, self.currency, limit=40))
        if self.products.rowCount():
            self.results.selectRow(0)

    def add_product(self) -> None:
        row = selected_row(self.results)
        if row is None or self.proposal_id is None:
            return
        product = self.products.row_at(row)
        self._add({"product_id": product.id, "quantity": 1})

    def add_free_text(self) -> None:
        if self.proposal_id is not None:
            self._add({"description": _("Free-text item"), "unit_price": "0", "quantity": 1})
            self.fields["description"].setFocus()
            self.fields["description"].selectAll()

    def _add(self, values: dict[str, object]) -> None:
        assert self.proposal_id is not None
        if self.busy:
            return
        proposals, proposal_id = self.services.proposals, self.proposal_id
        self.busy = True
        self.ops.write(lambda: proposals.add_line(proposal_id, values), parent=self,
                       initiator=self.initiator or self) \
            .success(self._line_added).failure(self._add_refused).run()

    def _line_added(self, saved: Saved) -> None:
        self.busy = False
        self.message.set_message("")
        self.changed.emit(saved.changes)
        self.added.emit(saved.id)

    def _add_refused(self, exc: BaseException) -> None:
        self.busy = False
        self.message.set_message(" ".join(exc.errors.values())
                                 if isinstance(exc, ValidationError) else explain(exc))

    # -- the selected line -------------------------------------------------------------
    def show_line(self, line: LineRow | None) -> None:
        """Fill the fields from ``line`` (None: nothing selected)."""
        self.line = line
        self.errors.clear()
        self.editor.setTitle(_("Selected line") if line is None else
                             _("Line {n}").format(n=line.number))
        values = {} if line is None else {
            "description": line.description, "quantity": f"{line.quantity.normalize():f}",
            "unit_price": f"{line.unit_price:f}",
            "discount_percent": f"{line.discount_percent.normalize():f}",
            "discount_amount": f"{line.discount_amount:f}",
            "tax_rate": f"{(line.tax_rate * 100).normalize():f}"}
        for name, widget in self.fields.items():
            widget.setText(values.get(name, ""))
        self.optional.setChecked(bool(line and line.optional))
        self.has_ship.setChecked(bool(line and line.ship_date))
        self.ship_date.setEnabled(bool(line and line.ship_date))
        self.ship_date.setDate(line.ship_date if line is not None and line.ship_date
                               else self.services.clock().date())
        self.editor.setEnabled(line is not None and self.isEnabled())
        self.shown = self._typed()

    def _typed(self) -> dict[str, str]:
        typed = {n: w.text() for n, w in self.fields.items()}
        typed["optional"] = str(self.optional.isChecked())
        typed["ship"] = self.ship_date.text() if self.has_ship.isChecked() else ""
        return typed

    def edited(self) -> bool:
        """Something typed into the line's fields and not applied yet."""
        return self.line is not None and self._typed() != self.shown

    def values(self) -> dict[str, object]:
        """What is typed, as ``update_line`` takes it (ValidationError: a ship date
        that does not exist)."""
        assert self.line is not None
        typed: dict[str, object] = {k: w.text() for k, w in self.fields.items()}
        if typed["unit_price"] == f"{self.line.unit_price:f}":
            typed.pop("unit_price")  # not retyped: a new quantity is priced from the lists
        with suppress(ValidationError):  # typed as a percent, stored as a rate; a bad
            typed["tax_rate"] = parse_decimal("tax_rate", typed["tax_rate"]) / 100  # one is named
        typed["optional"] = self.optional.isChecked()
        typed["ship_date"] = self.ship_date.checked("ship_date") if self.has_ship.isChecked() \
            else None
        return typed

    def apply(self, done: Done | None = None) -> None:
        """Store what is typed in the line's fields; ``done(True)`` once stored,
        ``done(False)`` when refused (the messages show under the fields and
        everything typed stays)."""
        if self.line is None or self.busy:
            if done is not None:
                done(self.line is None)
            return
        self.errors.clear()
        self.message.set_message("")
        try:
            values = self.values()
        except ValidationError as exc:
            self.errors.show(exc.errors)
            if done is not None:
                done(False)
            return
        typed, edit, line_id = self._typed(), self.services.proposal_edit, self.line.id
        self.busy = True

        def stored(changes: Changes) -> None:
            self.busy = False
            if self.line is not None and self.line.id == line_id:
                self.shown = typed  # applied: nothing left unsaved (unless typed since)
            self.changed.emit(changes)
            if done is not None:
                done(True)

        def refused(exc: BaseException) -> None:
            self.busy = False
            if isinstance(exc, ValidationError):
                self.errors.show(exc.errors)  # what was typed stays in the fields
            else:
                self.message.set_message(explain(exc))
            if done is not None:
                done(False)

        self.ops.write(lambda: edit.update_line(line_id, values), parent=self,
                       initiator=self.initiator or self).success(stored).failure(refused).run()

    def state(self) -> dict[str, Any]:
        """What is typed (for the editor's unsaved check)."""
        return dict(self._typed())
