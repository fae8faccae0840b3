"""Enter an order directly (no proposal): the account, products from the
catalogue (search as you type) and quantities. It gets a provisional number
until the server confirms it, like an order from a proposal."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from desktop.i18n import _
from desktop.services.account_list import AccountFilter
from desktop.services.base import Saved
from desktop.services.catalogue import Catalogue, ProductRow
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from ui.dialogs.form_dialog import FormDialog
from ui.formatting import qdate

ID_ROLE = Qt.ItemDataRole.UserRole + 1


class NewOrderDialog(FormDialog):
    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.catalogue = Catalogue(services.store)
        self.saved: Saved | None = None
        self.setWindowTitle(_("New order"))
        self.setMinimumSize(640, 560)
        self.account_search = QLineEdit()
        self.account_search.setPlaceholderText(_("Type part of the account's name"))
        self.account_search.textChanged.connect(self._find_accounts)
        self.account = QComboBox()
        self.account.currentIndexChanged.connect(lambda _i: self.errors.clear("account"))
        self.product_search = QLineEdit()
        self.product_search.setPlaceholderText(_("SKU, name or description"))
        self.product_search.textChanged.connect(self._find_products)
        self.products = QListWidget()
        self.products.setMaximumHeight(130)
        self.products.itemDoubleClicked.connect(lambda _i: self.add_selected())
        add = QPushButton(_("Add line"))
        add.clicked.connect(self.add_selected)
        self.lines = QTableWidget(0, 3)
        self.lines.setHorizontalHeaderLabels([_("SKU"), _("Product"), _("Quantity")])
        self.lines.horizontalHeader().setStretchLastSection(False)
        self.lines.setColumnWidth(1, 330)
        self.lines.verticalHeader().hide()
        self.ship_date = QDateEdit(qdate(services.clock().date()).addDays(7))
        self.ship_date.setCalendarPopup(True)
        self.ship_date.setDisplayFormat("yyyy-MM-dd")
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
        self.errors.add_row(form, _("Lines"), "lines", self.lines)
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

    def _submit(self) -> None:
        account = self.account.currentData()
        if not isinstance(account, uuid.UUID):
            raise ValidationError({"account": _("Choose the account.")})
        lines = []
        for row in range(self.lines.rowCount()):
            sku, qty = self.lines.item(row, 0), self.lines.item(row, 2)
            assert sku is not None and qty is not None
            lines.append({"product_id": sku.data(ID_ROLE), "quantity": qty.text()})
        try:
            self.saved = self.services.orders.create(
                account, lines, ship_date=self.ship_date.date().toPython(),  # type: ignore[arg-type]
                notes=self.notes.text())
        except ValidationError as exc:  # name the line: the table has no field per line
            raise ValidationError({
                ("lines" if k.startswith("quantity_") else k):
                    (_("Line {n}: {message}").format(n=k.split("_")[1], message=v)
                     if k.startswith("quantity_") else v)
                for k, v in exc.errors.items()}) from None
