"""Target search results, shown a page at a time.

The search returns light rows for every match (a few thousand at most in a
rep's book); the model hands them to the view in pages through
``fetchMore``, so a broad filter opens as fast as a narrow one and only the
rows scrolled into view are ever formatted.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QModelIndex

from ui.models.row_table import Column, Index, RowTableModel


class TargetModel(RowTableModel[Any]):
    def __init__(self, columns: Sequence[Column[Any]], page_size: int = 100) -> None:
        super().__init__(columns)
        self.page_size = page_size
        self._matches: list[Any] = []

    def set_all(self, rows: Sequence[Any]) -> None:
        self._matches = list(rows)
        self.set_rows(self._matches[:self.page_size])

    def all_ids(self) -> list[uuid.UUID]:
        return [r.id for r in self._matches]

    def all_rows(self) -> list[Any]:
        return list(self._matches)

    @property
    def total(self) -> int:
        return len(self._matches)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self._rows) < len(self._matches)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not self.canFetchMore(parent):
            return
        first = len(self._rows)
        more = self._matches[first:first + self.page_size]
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()
