"""The proposal editor's right-hand side: add products from the catalogue as
you type, or a free-text line; edit the selected line with inline messages.
A refused edit keeps everything typed in the fields."""

from __future__ import annotations

import uuid
from contextlib import suppress
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.money import format_money
from desktop.i18n import _
from desktop.services.catalogue import ProductRow
from desktop.services.container import Services
from desktop.services.proposal_edit import LineRow, parse_decimal
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui import style
from ui.formatting import qdate
from ui.models.row_table import Column, RowTableModel
from ui.views.account_people import selected_row, table_view
from ui.widgets.form_support import FieldErrors


def fit_columns(view: QTableView, stretch: int) -> None:
    """Every column as wide as its contents, column ``stretch`` takes the rest."""
    header = view.horizontalHeader()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


class LineForm(QWidget):
    changed = Signal(object)  # Changes, after a line was added or edited
    added = Signal(object)  # the new line's id

    def __init__(self, services: Services, currency: str, locale: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.currency = services, currency
        self.proposal_id: uuid.UUID | None = None
        self.line: LineRow | None = None
        self.shown: dict[str, str] = {}  # the field texts as last shown
        def money(amount: Decimal | None) -> str:
            return format_money(amount, currency, locale) if amount is not None else _("no price")

        self.products: RowTableModel[ProductRow] = RowTableModel([
            Column(_("SKU"), lambda p: p.sku), Column(_("Product"), lambda p: p.name),
            Column(_("List price"), lambda p: money(p.list_price)),
            Column(_("Available"), lambda p: f"{p.available.normalize():f}")])
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search the catalogue: SKU, name, description"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.find_products)
        self.search.returnPressed.connect(self.add_product)
        self.results = table_view(self.products)
        fit_columns(self.results, stretch=1)
        self.results.doubleClicked.connect(lambda _i: self.add_product())
        self.add_button = QPushButton(_("Add product"))
        self.add_button.clicked.connect(self.add_product)
        self.free_button = QPushButton(_("Add free-text line"))
        self.free_button.clicked.connect(self.add_free_text)
        self.message = style.error_line(QLabel())
        self.message.setWordWrap(True)
        self.message.hide()
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
        self.ship_date = QDateEdit(qdate(services.clock().date()))
        self.ship_date.setCalendarPopup(True)
        self.ship_date.setDisplayFormat("yyyy-MM-dd")
        self.has_ship.toggled.connect(self.ship_date.setEnabled)
        editor = QGroupBox(_("Selected line"))
        form = QFormLayout(editor)
        for label, name in ((_("Description"), "description"), (_("Quantity"), "quantity"),
                            (_("Unit price"), "unit_price"),
                            (_("Discount %"), "discount_percent"),
                            (_("Discount amount"), "discount_amount"), (_("Tax %"), "tax_rate")):
            self.errors.add_row(form, label, name, self.fields[name])
            self.fields[name].returnPressed.connect(self.apply)
        ship = QHBoxLayout()
        ship.addWidget(self.has_ship)
        ship.addWidget(self.ship_date, 1)
        form.addRow("", self.optional)
        form.addRow(ship)
        self.apply_button = QPushButton(_("Apply to line"))
        self.apply_button.clicked.connect(self.apply)
        form.addRow("", self.apply_button)
        self.editor = editor
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(catalogue, 3)
        layout.addWidget(editor, 2)
        self.show_line(None)
        self.find_products("")

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
        try:
            saved = self.services.proposals.add_line(self.proposal_id, values)
        except ValidationError as exc:
            self.message.setText(" ".join(exc.errors.values()))
            self.message.show()
            return
        self.message.hide()
        self.changed.emit(saved.changes)
        self.added.emit(saved.id)

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
        self.ship_date.setDate(qdate(line.ship_date if line is not None and line.ship_date
                                     else self.services.clock().date()))
        self.editor.setEnabled(line is not None and self.isEnabled())
        self.shown = self._typed()

    def _typed(self) -> dict[str, str]:
        typed = {n: w.text() for n, w in self.fields.items()}
        typed["optional"] = str(self.optional.isChecked())
        typed["ship"] = self.ship_date.date().toString("yyyy-MM-dd") \
            if self.has_ship.isChecked() else ""
        return typed

    def edited(self) -> bool:
        """Something typed into the line's fields and not applied yet."""
        return self.line is not None and self._typed() != self.shown

    def values(self) -> dict[str, object]:
        assert self.line is not None
        typed: dict[str, object] = {k: w.text() for k, w in self.fields.items()}
        if typed["unit_price"] == f"{self.line.unit_price:f}":
            typed.pop("unit_price")  # not retyped: a new quantity is priced from the lists
        with suppress(ValidationError):  # typed as a percent, stored as a rate; a bad
            typed["tax_rate"] = parse_decimal("tax_rate", typed["tax_rate"]) / 100  # one is named
        typed["optional"] = self.optional.isChecked()
        typed["ship_date"] = self.ship_date.date().toPython() if self.has_ship.isChecked() \
            else None
        return typed

    def apply(self) -> Changes | None:
        if self.line is None:
            return None
        self.errors.clear()
        try:
            changes = self.services.proposal_edit.update_line(self.line.id, self.values())
        except ValidationError as exc:
            self.errors.show(exc.errors)  # what was typed stays in the fields
            return None
        self.shown = self._typed()  # applied: nothing left unsaved
        self.changed.emit(changes)
        return changes
