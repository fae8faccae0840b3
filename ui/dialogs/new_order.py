"""Enter an order directly (no proposal): the account, products from the
catalogue (search as you type) and quantities. It gets a provisional number
until the server confirms it, like an order from a proposal. A removed line
comes back with Ctrl+Z or Undo for a while."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _
from desktop.services.account_list import AccountFilter
from desktop.services.base import Saved
from desktop.services.catalogue import Catalogue, ProductRow
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.operations import Operations
from ui.undo import UndoBar
from ui.widgets.date_field import DateField

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class NewOrderDialog(FormDialog):
    def __init__(self, services: Services, parent: QWidget | None = None, *,
                 ops: Operations) -> None:
        super().__init__(ops, parent)
        self.services = services
        self.catalogue = Catalogue(services.store)
        self.saved: Saved | None = None
        self.setWindowTitle(_("New order"))
        self.setMinimumSize(640, 560)
        self.account_search = QLineEdit()
        self.account_search.setPlaceholderText(_("Type part of the account's name"))
        self.account_search.setProperty("transient", True)  # searches, not fields to save
        self.account_search.textChanged.connect(self._find_accounts)
        self.account = QComboBox()
        self.account.currentIndexChanged.connect(lambda _i: self.errors.clear("account"))
        self.product_search = QLineEdit()
        self.product_search.setPlaceholderText(_("SKU, name or description"))
        self.product_search.setProperty("transient", True)
        self.product_search.textChanged.connect(self._find_products)
        self.products = QListWidget()
        self.products.setMaximumHeight(130)
        self.products.setProperty("transient", True)
        self.products.itemDoubleClicked.connect(lambda _i: self.add_selected())
        self.add_button = add = QPushButton(_("Add line"))
        add.clicked.connect(lambda: self.add_selected())  # clicked(bool) is no quantity
        self.lines = QTableWidget(0, 3)
        self.lines.setHorizontalHeaderLabels([_("SKU"), _("Product"), _("Quantity")])
        self.lines.horizontalHeader().setStretchLastSection(False)
        self.lines.setColumnWidth(1, 330)
        self.lines.verticalHeader().hide()
        self.lines.setMinimumHeight(120)
        # Removing a line is one click; it comes back with Ctrl+Z or Undo (the
        # lines are not saved yet: the entry belongs to this dialog and goes with it).
        self.undo = ops.undo
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.clicked.connect(lambda: self.remove_line())
        self.undo_bar = UndoBar(self.undo)
        line_buttons = QHBoxLayout()
        line_buttons.setContentsMargins(0, 0, 0, 0)
        line_buttons.addWidget(self.remove_button)
        line_buttons.addWidget(self.undo_bar)
        line_buttons.addStretch(1)
        lines_box = QWidget()
        lines_column = QVBoxLayout(lines_box)
        lines_column.setContentsMargins(0, 0, 0, 0)
        lines_column.addWidget(self.lines, 1)
        lines_column.addLayout(line_buttons)
        lines_box.setFocusProxy(self.lines)
        self.ship_date = DateField(services.clock().date() + timedelta(days=7))
        self.notes = QLineEdit()
        picker = QHBoxLayout()
        picker.addWidget(self.product_search, 1)
        picker.addWidget(add)
        holder = QWidget()
        holder.setLayout(picker)
        form = QFormLayout()
        self.errors.add_row(form, _("Find account"), "account_search", self.account_search)
        self.errors.add_row(form, _("Account"), "account", self.account)
        form.addRow(_("Find product"), holder)
        form.addRow("", self.products)
        self.errors.add_row(form, _("Lines"), "lines", lines_box)
        self.errors.add_row(form, _("Ship date"), "ship_date", self.ship_date)
        form.addRow(_("Notes"), self.notes)
        self._finish(form, save_text=_("Enter order"))
        self._find_products("")

    def _find_accounts(self, text: str) -> None:
        page = self.services.account_list.page(AccountFilter(text=text), None, 30)
        self.account.clear()
        for row in page.rows:
            self.account.addItem(f"{row.name} · {row.city or ''}".strip(" ·"), row.id)

    def _find_products(self, text: str) -> None:
        self.products.clear()
        for product in self.catalogue.search(text, limit=30):
            item = QListWidgetItem(_("{sku}  {name}  ({free} free)").format(
                sku=product.sku, name=product.name, free=f"{product.available.normalize():f}"))
            item.setData(ID_ROLE, product)
            self.products.addItem(item)
        if self.products.count():
            self.products.setCurrentRow(0)

    def add_selected(self, quantity: str = "1") -> None:
        item = self.products.currentItem()
        if item is None:
            return
        product: ProductRow = item.data(ID_ROLE)
        row = self.lines.rowCount()
        self.lines.insertRow(row)
        for col, text in enumerate((product.sku, product.name, quantity)):
            cell = QTableWidgetItem(text)
            if col < 2:
                cell.setFlags(cell.flags() & ~Qt.ItemFlag.ItemIsEditable)
            cell.setData(ID_ROLE, product.id)
            self.lines.setItem(row, col, cell)
        self.errors.clear("lines")

    def set_quantity(self, row: int, text: str) -> None:
        item = self.lines.item(row, 2)
        assert item is not None
        item.setText(text)

    def remove_line(self) -> None:
        """Remove the selected line (the last one when none is selected); undoable."""
        row = self.lines.currentRow()
        if row < 0:
            row = self.lines.rowCount() - 1
        if row < 0:
            return
        items: list[QTableWidgetItem | None] = [
            self.lines.takeItem(row, col) for col in range(self.lines.columnCount())]
        self.lines.removeRow(row)
        name = items[1].text() if items[1] is not None else ""
        self.undo.push(_("Removed {product}.").format(product=name),
                       lambda: self._put_back(row, items), write=False, owner=self)

    def done(self, result: int) -> None:
        """Closing (saved or not): its removed lines can no longer come back."""
        self.undo.drop(self)
        super().done(result)

    def _put_back(self, row: int, items: list[QTableWidgetItem | None]) -> None:
        row = min(row, self.lines.rowCount())
        self.lines.insertRow(row)
        for col, item in enumerate(items):
            if item is not None:
                self.lines.setItem(row, col, item)
        self.lines.setCurrentCell(row, 2)

    def _job(self) -> Callable[[], Saved]:
        account = self.account.currentData()
        if not isinstance(account, uuid.UUID):
            raise ValidationError({"account": _("Choose the account.")})
        ship_date = self.ship_date.checked("ship_date")
        assert ship_date is not None
        lines = []
        for row in range(self.lines.rowCount()):
            sku, qty = self.lines.item(row, 0), self.lines.item(row, 2)
            assert sku is not None and qty is not None
            lines.append({"product_id": sku.data(ID_ROLE), "quantity": qty.text()})
        orders, notes = self.services.orders, self.notes.text()

        def create() -> Saved:
            try:
                return orders.create(account, lines, ship_date=ship_date, notes=notes)
            except ValidationError as exc:  # name the line: the table has no field per line
                raise ValidationError({
                    ("lines" if k.startswith("quantity_") else k):
                        (_("Line {n}: {message}").format(n=k.split("_")[1], message=v)
                         if k.startswith("quantity_") else v)
                    for k, v in exc.errors.items()}) from None
        return create

    def _saved(self, result: Saved) -> None:
        self.saved = result
