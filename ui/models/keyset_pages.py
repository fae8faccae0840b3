"""The lazy loading the list models share: rows arrive a keyset page at a time
from a listing service (``page(filter, after, size)``), the first on a reset and
the next ones through ``fetchMore`` as the view scrolls. No model holds more than
what has been scrolled into view.

The table around the rows is shared too: a model names its headers in
``COLUMNS``, answers only the roles in ``ROLES`` (painting asks ~10 roles per
cell), makes a row's texts once in ``_display`` (cached by the row's id until the
row changes or leaves; also what "Export this list" writes) and answers its
other roles in ``_role``.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from desktop.i18n import _
from ui.models.in_place import by_id, replace_rows

if TYPE_CHECKING:
    from ui.tasks import TaskRunner

Index = QModelIndex | QPersistentModelIndex
log = logging.getLogger(__name__)


class Row(Protocol):
    @property
    def id(self) -> uuid.UUID: ...


RowT = TypeVar("RowT", bound=Row)


class PagedListing(Protocol):
    def page(self, flt: Any, after: Any, size: int) -> Any:
        """A page with ``rows`` and ``next`` (the cursor after it, None at the end)."""


class KeysetPagedModel(QAbstractTableModel, Generic[RowT]):
    COLUMNS: tuple[str, ...] = ()  # header texts (marked with N_, translated when asked)
    ROLES: frozenset[int] = frozenset({Qt.ItemDataRole.DisplayRole})  # answered at all

    def __init__(self, listing: PagedListing, flt: Any, page_size: int) -> None:
        super().__init__()
        self.listing = listing
        self.filter = flt
        self.page_size = page_size
        self._rows: list[RowT] = []
        self._shown: dict[uuid.UUID, tuple[str, ...]] = {}  # display texts by row id
        self._next: Any = None  # where the next page starts; None: all rows are here
        self._generation = 0  # bumped when rows are replaced or added by paging
        self._refreshing = False
        self._refresh_again = False

    def set_filter(self, flt: Any) -> None:
        self.filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-run the query from the top (after a filter, sort or data change)."""
        self._load_first_page()

    def _load_first_page(self) -> None:
        """Replace the rows with the filter's first page (a model reset)."""
        page = self.listing.page(self.filter, None, self.page_size)
        self.beginResetModel()
        self._generation += 1
        self._rows, self._shown, self._next = list(page.rows), {}, page.next
        self._reset_made()
        self.endResetModel()

    def _reset_made(self) -> None:
        """What a subclass renews with its rows, inside the reset."""

    def refresh_in_place(self, runner: TaskRunner | None = None,
                         done: Callable[[], None] = lambda: None) -> None:
        """Bring the loaded rows up to date after an edit or a sync, without a
        reset: the same number of rows is read again from the top, then rows
        that left are removed, rows that arrived are inserted where the query
        puts them, and rows whose values changed report ``dataChanged``. The
        selection and scroll position stay where they were.

        With a ``runner`` the query runs there (a sync publishes changes while
        the writer is busy; the GUI thread does not queue behind it for the
        read). Refreshes asked for while one runs are coalesced into one more;
        a result that the filter or paging has overtaken is read again."""
        size = max(len(self._rows), self.page_size)
        flt, generation = self.filter, self._generation
        if runner is None:
            self._apply(self.listing.page(flt, None, size))
            done()
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True

        def arrived(page: Any) -> None:
            self._refreshing = False
            current = flt is self.filter and generation == self._generation
            if current:
                self._apply(page)
                done()
            if self._refresh_again or not current:
                self._refresh_again = False
                self.refresh_in_place(runner, done)

        def failed(exc: BaseException) -> None:
            self._refreshing = False
            log.warning("refreshing the list failed", exc_info=exc)

        runner.run(lambda _report: self.listing.page(flt, None, size), arrived, failed)

    def _apply(self, page: Any) -> None:
        """Turn the loaded rows into ``page.rows`` by removals, insertions and
        changed rows (see :meth:`refresh_in_place`)."""
        replace_rows(self, self._rows, list(page.rows), by_id, self.columnCount() - 1,
                     self._forget)
        self._next = page.next

    def _forget(self, row: RowT) -> None:
        """Drop what was made for a row's display (it changed or left)."""
        self._shown.pop(row.id, None)

    def exhausted(self) -> bool:
        return self._next is None

    def row_at(self, row: int) -> RowT:
        return self._rows[row]

    def held(self) -> Iterator[RowT]:
        """The rows in memory (a windowed model's loaded pages), none read."""
        return iter(self._rows)

    def _row(self, row: int) -> RowT | None:
        """The row shown at ``row`` (None: none there, or not loaded)."""
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, row_id: uuid.UUID) -> int | None:
        """Where the row with this id is among the loaded ones."""
        return next((n for n, r in enumerate(self._rows) if r.id == row_id), None)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and self._next is not None

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._next is None:
            return
        page = self.listing.page(self.filter, self._next, self.page_size)
        self._generation += 1
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        self._next = page.next

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(self.COLUMNS)):
            return _(self.COLUMNS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in self.ROLES or not index.isValid():
            return None
        row = self._row(index.row())
        if row is None:  # a page dropped from the window, read again soon
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.texts(row)[index.column()]
        return self._role(row, index.column(), role)

    def texts(self, row: RowT) -> tuple[str, ...]:
        """The row's texts by column, made once while it is unchanged."""
        shown = self._shown.get(row.id)
        if shown is None:
            shown = self._shown[row.id] = self._display(row)
        return shown

    def _display(self, row: RowT) -> tuple[str, ...]:
        """A row's texts by column (pure Python: export runs it on a worker)."""
        raise NotImplementedError

    def _role(self, row: RowT, column: int, role: int) -> Any:
        """A role other than the display one for a cell (one of ``ROLES``)."""
        return None
