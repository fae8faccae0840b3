"""A read-only table over a short list of immutable rows (contacts,
follow-ups, concerns). Columns are declared as (header, getter) pairs."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QIcon

from desktop.domain.schema.enums import Channel, ConcernStatus, ContactRole, label_of
from desktop.i18n import _
from desktop.services.detail_rows import ConcernRow, ContactRow, FollowUpRow
from desktop.services.validation import format_phone
from ui.formatting import day
from ui.models.in_place import by_id, replace_rows

R = TypeVar("R")
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column(Generic[R]):
    header: str
    text: Callable[[R], str]
    icon: Callable[[R], QIcon | None] | None = None
    colour: Callable[[R], str | None] | None = None


class RowTableModel(QAbstractTableModel, Generic[R]):
    def __init__(self, columns: Sequence[Column[R]]) -> None:
        super().__init__()
        self.columns = list(columns)
        self._rows: list[R] = []

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[R], key: Callable[[R], Any] | None = None) -> None:
        """Bring the rows up to date without a reset (after an edit or a sync): rows
        that left are removed, new ones inserted where they belong, changed ones
        report ``dataChanged``; the selection stays on its row. ``key`` names a
        row (its ``id`` unless told otherwise)."""
        replace_rows(self, self._rows, list(rows), key or by_id, len(self.columns) - 1)

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.columns)):
            return self.columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.DecorationRole and column.icon is not None:
            return column.icon(row)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QColor(colour) if colour else None
        return None


def contact_columns(home_region: str) -> list[Column[ContactRow]]:
    def role(c: ContactRow) -> str:
        return label_of(ContactRole, c.role)

    return [
        Column(_("Name"), lambda c: c.name + (_("  (do not contact)") if c.do_not_contact else ""),
               colour=lambda c: "#C62828" if c.do_not_contact else None),
        Column(_("Title"), lambda c: c.title or ""),
        Column(_("Role"), role),
        Column(_("Phone"), lambda c: format_phone(c.work_phone or c.mobile_phone, home_region)),
        Column(_("Mobile"), lambda c: format_phone(c.mobile_phone, home_region)
               if c.work_phone else ""),
        Column(_("Email"), lambda c: c.email or ""),
        Column(_("Prefers"), lambda c: label_of(Channel, c.preferred_channel)),
    ]


def follow_up_columns(today: Callable[[], Any], with_account: bool) -> list[Column[FollowUpRow]]:
    def due_colour(f: FollowUpRow) -> str | None:
        return "#C62828" if f.due_date < today() else None

    columns: list[Column[FollowUpRow]] = [
        Column(_("Due"), lambda f: day(f.due_date), colour=due_colour),
        Column(_("Follow-up"), lambda f: f.title),
    ]
    if with_account:
        columns.append(Column(_("Account"), lambda f: f.account_name))
    return columns


def concern_columns() -> list[Column[ConcernRow]]:
    def status(c: ConcernRow) -> str:
        return label_of(ConcernStatus, c.status)

    return [
        Column(_("Opened"), lambda c: day(c.opened_at)),
        Column(_("Concern"), lambda c: c.title),
        Column(_("Status"), status,
               colour=lambda c: None if c.status == "resolved" else "#E65100"),
        Column(_("Resolution"), lambda c: c.resolution or ""),
    ]
