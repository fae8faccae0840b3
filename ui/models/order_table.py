"""The order list as a lazy table model: a page of rows at a time through
``fetchMore`` (keyset pages from ``OrderList``), so 50,000 orders open as
fast as 50. The status filter and the search re-query the core."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.i18n import _
from desktop.services.order_flow import state_label
from desktop.services.order_list import Cursor, OrderFilter, OrderList, OrderRow
from ui.formatting import when
from ui.resources import icon

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
Index = QModelIndex | QPersistentModelIndex
COLUMNS = (_("Order"), _("Account"), _("Status"), _("Urgent"), _("Entered"))
_URGENT = QColor("#E65100")
# Painting asks ~10 roles per cell; answer the ones we never set at once.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE})
_MUTED = QColor("#90A4AE")


def local_time(stored: str) -> str:
    """A stored UTC time ("2026-11-24 02:00:00.000000") in the rep's time zone."""
    return when(datetime.fromisoformat(stored).replace(tzinfo=UTC))


class OrderTableModel(QAbstractTableModel):
    def __init__(self, listing: OrderList, page_size: int = 100) -> None:
        super().__init__()
        self.listing = listing
        self.page_size = page_size
        self.filter = OrderFilter()
        self._rows: list[OrderRow] = []
        self._shown: dict[int, tuple[str, ...]] = {}
        self._next: Cursor | None = None

    def set_filter(self, flt: OrderFilter) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        page = self.listing.page(self.filter, None, self.page_size)
        self.beginResetModel()
        self._rows, self._shown, self._next = list(page.rows), {}, page.next
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None:
            return
        page = self.listing.page(self.filter, self._next, self.page_size)
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next = page.next

    def row_at(self, row: int) -> OrderRow:
        return self._rows[row]

    def row_of(self, order_id: uuid.UUID) -> int | None:
        return next((n for n, r in enumerate(self._rows) if r.id == order_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            shown = self._shown.get(row.rowid)
            if shown is None:
                shown = self._shown[row.rowid] = _display(row)
            return shown[col]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and col == 3 and row.expedite:
            return icon("expedite")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 3 and row.expedite:
                return _URGENT
            if row.status == "cancelled":
                return _MUTED
        if role == Qt.ItemDataRole.ToolTipRole and col == 0 and not row.confirmed:
            return _("The server gives the final number on the next sync.")
        return None


def _display(row: OrderRow) -> tuple[str, ...]:
    number = row.number if row.confirmed else _("{n} (provisional)").format(n=row.number)
    urgent = ""
    if row.expedite:
        urgent = _("Expedite, by {day}").format(day=row.needed_by) if row.needed_by \
            else _("Expedite")
    return (number, row.account, state_label(row.status, row.unshipped), urgent,
            local_time(row.entered_at))
