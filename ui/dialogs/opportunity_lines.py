"""A deal's products in the opportunity dialog: a small table (description,
quantity, unit price, discount %) the rep types into, like the proposal
editor's lines. Optional: a deal with lines is worth their sum (the service
prices and adds them up)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import N_, _
from desktop.services.opportunities import LineRow
from desktop.services.validation import ValidationError

HEADERS = (N_("Description"), N_("Qty"), N_("Unit price"), N_("Discount %"))
LINE_ID = Qt.ItemDataRole.UserRole + 1


class TypedLine(NamedTuple):
    line_id: uuid.UUID | None  # None: a new line
    values: dict[str, Any]  # as OpportunityService.add_line takes them


class _Grid(QTableWidget):
    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()  # Enter ends a cell's edit; it never saves the dialog


class LinesTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _Grid(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels([_(h) for h in HEADERS])
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(96)
        self.table.setMaximumHeight(150)
        self.add_button = QPushButton(_("Add line"))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(_("Remove line"))
        self.remove_button.clicked.connect(lambda: self.remove_selected())
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.table)
        box.addLayout(buttons)
        self._loaded: dict[uuid.UUID, tuple[str, ...]] = {}

    def load(self, lines: Sequence[LineRow]) -> None:
        self.table.setRowCount(0)
        self._loaded = {}
        for line in lines:
            texts = (line.description, _number(line.quantity), _number(line.unit_price),
                     _number(line.discount_percent))
            self.add_row(texts, line.id)
            self._loaded[line.id] = texts

    def add_row(self, texts: Sequence[str] = ("", "1", "", "0"),
                line_id: uuid.UUID | None = None) -> None:
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate(texts):
            item = QTableWidgetItem(text)
            if column:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(LINE_ID, line_id)
            self.table.setItem(row, column, item)
        if line_id is None:
            self.table.setCurrentCell(row, 0)
            first = self.table.item(row, 0)
            if first is not None:
                self.table.editItem(first)

    def remove_selected(self) -> None:
        rows = sorted({i.row() for i in self.table.selectedIndexes()}, reverse=True)
        for row in rows:
            self.table.removeRow(row)

    def typed(self) -> list[TypedLine]:
        """Every line as typed; ValidationError({"lines": why}) for a bad one."""
        out = []
        for row in range(self.table.rowCount()):
            texts = [self._text(row, c) for c in range(len(HEADERS))]
            if not any(texts[:1]) and not texts[2]:
                continue  # an empty row
            quantity, price, discount = (_decimal(t, row) for t in texts[1:])
            if not texts[0]:
                raise ValidationError({"lines": _("Line {n}: describe it.").format(n=row + 1)})
            item = self.table.item(row, 0)
            line_id = item.data(LINE_ID) if item is not None else None
            out.append(TypedLine(line_id if isinstance(line_id, uuid.UUID) else None, {
                "description": texts[0], "quantity": quantity, "unit_price": price,
                "discount_percent": discount or Decimal(0)}))
        return out

    def changes(self) -> tuple[list[uuid.UUID], list[dict[str, Any]]]:
        """What to write on an edit: lines to remove, lines to add (a changed line
        is removed and added again)."""
        typed = self.typed()
        kept = {t.line_id for t in typed if t.line_id is not None and
                self._texts(t) == self._loaded.get(t.line_id)}
        removed = [line_id for line_id in self._loaded if line_id not in kept]
        added = [t.values for t in typed if t.line_id is None or t.line_id not in kept]
        return removed, added

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _texts(self, line: TypedLine) -> tuple[str, ...]:
        v = line.values
        return (v["description"], _number(v["quantity"]), _number(v["unit_price"]),
                _number(v["discount_percent"]))


def _number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def _decimal(text: str, row: int) -> Decimal | None:
    if not text:
        return None
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValidationError({"lines": _("Line {n}: “{text}” is not a number.").format(
            n=row + 1, text=text)}) from None
    return number
