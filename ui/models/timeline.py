"""The contact history of one account, newest first, loaded lazily."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.services.account_detail import AccountReader, TimelineCursor
from desktop.services.detail_rows import TimelineEntry
from ui.models.in_place import by_id, replace_rows

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class TimelineModel(QAbstractListModel):
    def __init__(self, reader: AccountReader, page_size: int = 100) -> None:
        super().__init__()
        self.reader = reader
        self.page_size = page_size
        self.account_id: uuid.UUID | None = None
        self.channels: frozenset[str] = frozenset()
        self._entries: list[TimelineEntry] = []
        self._next: TimelineCursor | None = None

    def show_account(self, account_id: uuid.UUID | None,
                     channels: frozenset[str] | None = None) -> None:
        self.account_id = account_id
        if channels is not None:
            self.channels = channels
        self.reload()

    def set_channels(self, channels: frozenset[str]) -> None:
        self.channels = channels
        self.reload()

    def reload(self) -> None:
        entries: list[TimelineEntry] = []
        cursor = None
        if self.account_id is not None:
            entries, cursor = self.reader.timeline(self.account_id, self.channels, None,
                                                   self.page_size)
        self.beginResetModel()
        self._entries = entries
        self._next = cursor
        self.endResetModel()

    def refresh_in_place(self) -> None:
        """Bring the loaded entries up to date after an edit or a sync, without a
        reset: as many entries are read again from the top; gone ones are removed,
        new ones inserted, changed ones report ``dataChanged``."""
        if self.account_id is None:
            return
        entries, cursor = self.reader.timeline(self.account_id, self.channels, None,
                                               max(len(self._entries), self.page_size))
        replace_rows(self, self._entries, list(entries), by_id)
        self._next = cursor

    def entry(self, row: int) -> TimelineEntry:
        return self._entries[row]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None or self.account_id is None:
            return
        entries, cursor = self.reader.timeline(self.account_id, self.channels, self._next,
                                               self.page_size)
        if entries:
            first = len(self._entries)
            self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
            self._entries.extend(entries)
            self.endInsertRows()
        self._next = cursor

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        entry = self._entries[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.subject
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            return entry.notes or entry.subject
        return None
