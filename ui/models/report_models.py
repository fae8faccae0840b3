"""Table models for the Reports tab, the dormant list and the cross-sell list.

``ReportTableModel`` shows one table of a report: rows arrive a chunk at a
time through ``fetchMore`` as the view scrolls (a report's table can hold
thousands of accounts), the totals row last once every row is in. Cells are
formatted by their column's kind; numbers align right. ``sort`` orders the
rows by a column's value (the totals row stays last).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from desktop.domain import formats
from desktop.domain.money import format_money
from desktop.i18n import _
from desktop.reports.result import Cell, ColumnKind, Table

Index = QModelIndex | QPersistentModelIndex
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CHUNK = 200


def cell_text(value: Cell, kind: ColumnKind, currency: str) -> str:
    """How a report's cell reads on screen."""
    if value is None:
        return "–"
    if kind is ColumnKind.MONEY and isinstance(value, Decimal | int | float):
        return format_money(Decimal(str(value)), currency)
    if kind is ColumnKind.PERCENT and isinstance(value, int | float | Decimal):
        return f"{formats.number(float(value), 1)} %"
    if kind is ColumnKind.NUMBER and isinstance(value, int | float | Decimal):
        return formats.number(float(value), 1)
    if kind is ColumnKind.INT and isinstance(value, int | float | Decimal):
        return formats.number(int(value))
    if isinstance(value, date):
        return formats.day(value)
    return str(value)


def _sort_key(value: Cell) -> tuple[int, Any]:
    if value is None:
        return (1, 0)
    if isinstance(value, int | float | Decimal):
        return (0, float(value))
    if isinstance(value, date):
        return (0, value.toordinal())
    return (0, str(value).casefold())


class ReportTableModel(QAbstractTableModel):
    def __init__(self, currency: str = "USD") -> None:
        super().__init__()
        self.currency = currency
        self.table: Table | None = None
        self._all: list[tuple[Cell, ...]] = []
        self._shown = 0  # rows handed to the view so far
        self._bold = QFont()
        self._bold.setBold(True)

    def set_table(self, table: Table | None, currency: str | None = None) -> None:
        self.beginResetModel()
        self.table = table
        self.currency = currency or self.currency
        self._all = list(table.rows) if table is not None else []
        self._shown = min(CHUNK, len(self._all))
        self.endResetModel()

    def has_totals_row(self) -> bool:
        return bool(self.table and self.table.totals is not None and self._shown >= len(self._all))

    def row_values(self, row: int) -> tuple[Cell, ...]:
        assert self.table is not None
        if row < self._shown:
            return self._all[row]
        assert self.table.totals is not None
        return self.table.totals

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or self.table is None:
            return 0
        return self._shown + (1 if self.has_totals_row() else 0)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.table is None else len(self.table.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._shown >= len(self._all):
            return
        more = min(CHUNK, len(self._all) - self._shown)
        last = self._shown + more - 1
        totals = self.table is not None and self.table.totals is not None
        if totals and self._shown + more >= len(self._all):
            last += 1  # the totals row follows the last rows in
        self.beginInsertRows(QModelIndex(), self._shown, last)
        self._shown += more
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.table is None or orientation != Qt.Orientation.Horizontal or not (
                0 <= section < len(self.table.columns)):
            return None
        column = self.table.columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.header
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind is not ColumnKind.TEXT:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.table is None:
            return None
        column = self.table.columns[index.column()]
        values = self.row_values(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(values[index.column()], column.kind, self.currency)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.kind not in (
                ColumnKind.TEXT, ColumnKind.DATE):
            return RIGHT
        if role == Qt.ItemDataRole.FontRole and index.row() >= self._shown:
            return self._bold
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if self.table is None or not 0 <= column < len(self.table.columns):
            return
        self.layoutAboutToBeChanged.emit()
        self._all.sort(key=lambda r: _sort_key(r[column]),
                       reverse=order == Qt.SortOrder.DescendingOrder)
        self.layoutChanged.emit()


class ListColumn:
    """A column of a plain list of rows: its header, text and whether it is a number."""

    def __init__(self, header: str, text: Callable[[Any], str], number: bool = False,
                 sort_key: str | None = None) -> None:
        self.header, self.text, self.number, self.sort_key = header, text, number, sort_key


class RowsModel(QAbstractTableModel):
    """A read-only table over rows already in memory, handed to the view a chunk
    at a time (``fetchMore``); ``on_sort`` is told the column's ``sort_key``."""

    def __init__(self, columns: Sequence[ListColumn],
                 on_sort: Callable[[str, bool], None] | None = None) -> None:
        super().__init__()
        self.columns = list(columns)
        self.on_sort = on_sort
        self._rows: list[Any] = []
        self._more: Callable[[], list[Any]] | None = None

    def set_rows(self, rows: Sequence[Any], more: Callable[[], list[Any]] | None = None) -> None:
        """``rows`` now; ``more()`` gives the next ones (an empty list at the end)."""
        self.beginResetModel()
        self._rows, self._more = list(rows), more
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._more is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._more is None:
            return
        rows = self._more()
        if not rows:
            self._more = None
            return
        self.beginInsertRows(QModelIndex(), len(self._rows), len(self._rows) + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].header
        if role == Qt.ItemDataRole.TextAlignmentRole and self.columns[section].number:
            return RIGHT
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(self._rows[index.row()])
        if role == Qt.ItemDataRole.TextAlignmentRole and column.number:
            return RIGHT
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].sort_key if 0 <= column < len(self.columns) else None
        if key is not None and self.on_sort is not None:
            self.on_sort(key, order == Qt.SortOrder.DescendingOrder)


def percent(value: float) -> str:
    return f"{value * 100:.0f} %"


def none_text() -> str:
    return _("never")
