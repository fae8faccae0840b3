"""A keyset-paged list that keeps only a window of pages in memory.

Rows arrive a page at a time as the view scrolls (``fetchMore``), as in
:class:`KeysetPagedModel`, and ``rowCount`` is every row read so far, so the
scroll bar behaves as before. Each page remembers its range of keys (after the
previous page's last row, up to its own last row); only the ``window_pages``
pages used most recently keep their rows. A row of a dropped page answers
``data()`` with a blank placeholder and its page is read again by its key
range on the next turn of the event loop (one indexed seek), then reported
with ``dataChanged`` (and rows inserted or removed if the range gained or lost
rows meanwhile). Scrolling to the bottom of 100,000 accounts thus holds a few
hundred rows, not 100,000, and the next keystroke's reset frees almost nothing.

An in-place refresh reads the loaded pages again by their key ranges (on the
worker when there is one) and diffs each; dropped pages are read when shown.
The listing's ``page`` takes ``until`` (the last row's cursor, inclusive).
"""

from __future__ import annotations

import bisect
import logging
from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, cast

from PySide6.QtCore import QModelIndex, QTimer

from ui.models.in_place import by_id, replace_rows
from ui.models.keyset_pages import Index, KeysetPagedModel, PagedListing, RowT

if TYPE_CHECKING:
    import uuid

    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)


class _Page(Generic[RowT]):
    """A page's key range and, while it is in the window, its rows (a plain class:
    the list is built before the first paint, where a dataclass costs)."""

    __slots__ = ("after", "count", "rows", "until")

    def __init__(self, after: Any, until: Any, rows: list[RowT] | None, count: int) -> None:
        self.after = after  # the cursor before its first row (None: the top)
        self.until = until  # its last row's cursor (None: the last page, open after it)
        self.rows = rows  # None: dropped, read again when shown
        self.count = count  # its rows when last read


class _Shifted:
    """The model as one page sees it (row numbers from the page's first row), so
    that ``replace_rows`` can diff a page; the counts are renewed before each
    end-of-change signal, as views ask for ``rowCount`` when they get it."""

    def __init__(self, model: WindowedPagedModel[Any], offset: int) -> None:
        self.model, self.offset = model, offset
        self.dataChanged = model.dataChanged

    def beginRemoveRows(self, parent: QModelIndex, first: int, last: int) -> None:  # noqa: N802
        self.model.beginRemoveRows(parent, first + self.offset, last + self.offset)

    def endRemoveRows(self) -> None:  # noqa: N802
        self.model._recount()
        self.model.endRemoveRows()

    def beginInsertRows(self, parent: QModelIndex, first: int, last: int) -> None:  # noqa: N802
        self.model.beginInsertRows(parent, first + self.offset, last + self.offset)

    def endInsertRows(self) -> None:  # noqa: N802
        self.model._recount()
        self.model.endInsertRows()

    def index(self, row: int, column: int) -> QModelIndex:
        return self.model.index(row + self.offset, column)


class WindowedPagedModel(KeysetPagedModel[RowT]):
    def __init__(self, listing: PagedListing, flt: Any, page_size: int,
                 window_pages: int = 8) -> None:
        super().__init__(listing, flt, page_size)
        self.window_pages = max(window_pages, 2)
        self._pages: list[_Page[RowT]] = []
        self._starts: list[int] = []  # each page's first row
        self._total = 0
        self._recent: OrderedDict[int, None] = OrderedDict()  # loaded pages, oldest use first
        self._wanted: set[int] = set()
        self._loader = QTimer(self)
        self._loader.setSingleShot(True)
        self._loader.setInterval(0)
        self._loader.timeout.connect(self._load_wanted)

    # -- what is loaded -----------------------------------------------------
    def loaded_rows(self) -> int:
        """Rows held in memory (the window), for tests and the benchmark."""
        return sum(len(p.rows) for p in self._pages if p.rows is not None)

    def held(self) -> Iterator[RowT]:
        return (row for page in self._pages for row in page.rows or ())

    def _recount(self) -> None:
        starts, total = [], 0
        for page in self._pages:
            if page.rows is not None:
                page.count = len(page.rows)
            starts.append(total)
            total += page.count
        self._starts, self._total = starts, total

    def _locate(self, row: int) -> int:
        return bisect.bisect_right(self._starts, row) - 1

    def _row(self, row: int) -> RowT | None:
        """The row if its page is loaded; else None, and its page is read soon."""
        if not 0 <= row < self._total:
            return None
        p = self._locate(row)
        page = self._pages[p]
        if page.rows is None:
            self._wanted.add(p)
            self._loader.start()
            return None
        self._recent[p] = None
        self._recent.move_to_end(p)
        return page.rows[row - self._starts[p]]

    def _keep(self, p: int) -> None:
        """Page ``p`` was just read: make it the most recent, drop the oldest."""
        self._recent[p] = None
        self._recent.move_to_end(p)
        while len(self._recent) > self.window_pages:
            old, _none = self._recent.popitem(last=False)
            page = self._pages[old]
            if page.rows is not None:
                for row in page.rows:
                    self._forget(row)
                page.count, page.rows = len(page.rows), None

    # -- reading --------------------------------------------------------------
    def _fetch(self, flt: Any, after: Any, until: Any, count: int) -> tuple[list[RowT], Any]:
        """A page's rows read again by its key range, and its (new) last cursor."""
        if until is None:  # the last page: as many rows as it had, or a page
            page = self.listing.page(flt, after, max(count, self.page_size))
            return list(page.rows), page.next
        limit = count + self.page_size
        while True:  # a range that grew past the limit is read again, whole
            page = cast(Any, self.listing).page(flt, after, limit, until=until)
            if page.next is None or len(page.rows) < limit:
                return list(page.rows), until
            limit *= 4

    def _load_first_page(self) -> None:
        page = self.listing.page(self.filter, None, self.page_size)
        self.beginResetModel()
        self._generation += 1
        self._pages = [_Page(None, page.next, list(page.rows), len(page.rows))]
        self._recent, self._shown = OrderedDict({0: None}), {}
        self._wanted.clear()
        self._recount()
        self._reset_made()
        self.endResetModel()

    def _load_wanted(self) -> None:
        wanted, self._wanted = sorted(self._wanted), set()
        for p in wanted:
            if p < len(self._pages) and self._pages[p].rows is None:
                self._load(p)

    def _load(self, p: int) -> None:
        """Read dropped page ``p`` again by its keys, and say what it shows."""
        page = self._pages[p]
        rows, page.until = self._fetch(self.filter, page.after, page.until, page.count)
        self._generation += 1
        start, old = self._starts[p], page.count
        # The rows it keeps first, then the ones it gained or lost at its end: the
        # rows around a change read the same before and after it.
        page.rows = rows[:old] + cast(list[RowT], [None] * (old - len(rows)))
        if len(rows) > old:
            self.beginInsertRows(QModelIndex(), start + old, start + len(rows) - 1)
            page.rows = rows
            self._recount()
            self.endInsertRows()
        elif len(rows) < old:
            self.beginRemoveRows(QModelIndex(), start + len(rows), start + old - 1)
            page.rows = rows
            self._recount()
            self.endRemoveRows()
        page.rows = rows
        if rows:
            self.dataChanged.emit(self.index(start, 0),
                                  self.index(start + len(rows) - 1, self.columnCount() - 1))
        self._keep(p)

    def refresh_in_place(self, runner: TaskRunner | None = None,
                         done: Callable[[], None] = lambda: None) -> None:
        """Read the loaded pages again by their key ranges and diff each (see
        :meth:`KeysetPagedModel.refresh_in_place` for the coalescing)."""
        flt, generation = self.filter, self._generation
        specs = [(p, page.after, page.until, page.count) for p, page in enumerate(self._pages)
                 if page.rows is not None]

        def read(_report: Any = None) -> list[tuple[int, tuple[list[RowT], Any]]]:
            return [(p, self._fetch(flt, after, until, count))
                    for p, after, until, count in specs]

        if runner is None:
            self._apply_pages(read())
            done()
            return
        if self._refreshing:
            self._refresh_again = True
            return
        self._refreshing = True

        def arrived(results: list[tuple[int, tuple[list[RowT], Any]]]) -> None:
            self._refreshing = False
            current = flt is self.filter and generation == self._generation
            if current:
                self._apply_pages(results)
                done()
            if self._refresh_again or not current:
                self._refresh_again = False
                self.refresh_in_place(runner, done)

        def failed(exc: BaseException) -> None:
            self._refreshing = False
            log.warning("refreshing the list failed", exc_info=exc)

        runner.run(read, arrived, failed)

    def _apply_pages(self, results: list[tuple[int, tuple[list[RowT], Any]]]) -> None:
        for p, (rows, until) in reversed(results):  # from the end: earlier rows stay put
            page = self._pages[p]
            if page.rows is None:
                continue
            replace_rows(cast(Any, _Shifted(self, self._starts[p])), page.rows, rows, by_id,
                         self.columnCount() - 1, self._forget)
            page.until = until
        self._recount()

    # -- access -----------------------------------------------------------------
    def exhausted(self) -> bool:
        return not self._pages or self._pages[-1].until is None

    def row_at(self, row: int) -> RowT:
        found = self._row(row)
        if found is None:  # asked for outside painting (a click): read it now
            self._load(self._locate(row))
            found = self._row(row)
        if found is None:
            raise IndexError(row)
        return found

    def row_of(self, row_id: uuid.UUID) -> int | None:
        """Where the row with this id is among the loaded ones."""
        for p, page in enumerate(self._pages):
            for n, row in enumerate(page.rows or ()):
                if row.id == row_id:
                    return self._starts[p] + n
        return None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._total

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self.exhausted()

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self.exhausted():
            return
        last = self._pages[-1]
        page = self.listing.page(self.filter, last.until, self.page_size)
        self._generation += 1
        if not page.rows:
            last.until = None  # nothing after it: the last page is open again
            return
        first = self._total
        self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
        self._pages.append(_Page(last.until, page.next, list(page.rows), len(page.rows)))
        self._recount()
        self.endInsertRows()
        self._keep(len(self._pages) - 1)
