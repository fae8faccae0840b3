"""The Accounts view: search and filters over a lazy list, the account page beside it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.account_list import AccountFilter, AccountList
from desktop.services.container import Services
from desktop.services.search import searches_history
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.models.account_table import AccountTableModel
from ui.models.prefetch import DebouncedLoad, PrefetchedListing, typed_reads
from ui.operations import Operations
from ui.prompts import Prompts, Unsaved
from ui.views.account_filters import AccountFilterBar
from ui.views.first_paint import FirstPaint

if TYPE_CHECKING:
    from desktop.sync.record_history import RecordHistory
    from ui.tasks import TaskRunner
    from ui.views.account_page import AccountPage


MAX_PAGES_TO_FIND = 50
# Once two searches in a row kept the GUI thread longer than this (one could be
# a cold cache), the search is read on a worker, as in a book this large from
# the start (until the book is replaced: demo data, a fresh start). A search in
# name order never is (AccountList.in_name_order): its page reads its own rows.
# ``TYPING_PAUSE_MS``: a burst of keystrokes within it is one read.
SLOW_SEARCH_MS = 25.0
SLOW_SEARCHES = 2
LARGE_BOOK = 300_000
TYPING_PAUSE_MS = 60


class AccountsView(QWidget):
    log_requested = Signal()
    proposal_requested = Signal()

    first_painted = Signal()  # after the first frame and the work deferred past it

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None, tasks: TaskRunner | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.bus = bus
        self.prompts = prompts
        self.ops = ops  # writes; its reads (the filter menus' values) run off the GUI thread
        self.tasks = tasks  # the full count runs there
        # The change history's reader, set by the window (it knows the sync sign-in).
        self.history_source: Callable[[], RecordHistory] | None = None
        # A history search's first page is read on a worker and handed to the model
        # through this listing (see ``loader``).
        self.listing = PrefetchedListing(services.account_list)
        self.model = AccountTableModel(cast(AccountList, self.listing), services.clock,
                                       runner=tasks)
        self._loader: DebouncedLoad | None = None
        self._slow_search: bool | None = None  # see SLOW_SEARCH_MS; None: not yet known
        self._slow_reads = 0  # slow searches in a row on the GUI thread
        self.model.total_changed.connect(self._show_total)

        self.filters = AccountFilterBar(services.settings.stale_contact_days, self)
        self.filters.changed.connect(self.apply_filter)
        bar = self.filters  # its widgets by their names, as the window and tests know them
        self.search, self.in_history, self.city = bar.search, bar.in_history, bar.city
        self.status, self.kind, self.tier = bar.status, bar.kind, bar.tier
        self.territory, self.region = bar.territory, bar.region
        self.stale, self.stale_days, self.show_archived = bar.stale, bar.stale_days, \
            bar.show_archived
        self.total_label = QLabel()
        # Fixed width: a count that changes length must not re-lay out the window.
        self.total_label.setFixedWidth(self.total_label.fontMetrics().horizontalAdvance(
            "000,000 accounts") + 8)
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        style.muted(self.total_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((200, 100, 44, 76, 62, 36, 100, 90)):
            header.resizeSection(column, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.model.read_elsewhere = self._sort_off_thread
        # The arrow first, then sorting on: the model is asked for the order it has.
        header.setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.model.skip_next_count()  # counted once the window has painted
        self.model.set_filter(self.current_filter())  # the view's first query

        # The account page is built right after the list first paints, so the
        # window shows (and takes typing) sooner; ``page`` builds it on demand.
        self._page: AccountPage | None = None
        self._pending: uuid.UUID | None = None
        self._placeholder = QWidget()
        # The view paints in the same frame as the table inside it.
        self._first_paint = FirstPaint(self, self.after_first_paint)
        self._started = False

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(12, 10, 6, 10)
        for row in self.filters.rows(self.total_label):
            left_layout.addLayout(row)
        left_layout.addWidget(self.table, 1)

        self.splitter = QSplitter()  # horizontal
        self.splitter.addWidget(left)
        self.splitter.addWidget(self._placeholder)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 5)
        self.splitter.setSizes([540, 660])
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self._reverting = False  # putting the selection back: not a choice of the rep's
        bus.changed.connect(self._on_changes)

    @property
    def page(self) -> AccountPage:
        if self._page is None:
            from ui.views.account_page import AccountPage

            self._page = AccountPage(self.services, self.bus, self.prompts, self.ops,
                                     changes=lambda: self.history_source()
                                     if self.history_source else None)
            self._page.log_requested.connect(self.log_requested)
            self._page.proposal_requested.connect(self.proposal_requested)
            self._page.form.links.open_account.connect(self.open_account)  # the hierarchy
            sizes = self.splitter.sizes()
            self.splitter.replaceWidget(1, self._page)
            self._placeholder.deleteLater()
            self.splitter.setSizes(sizes)
            if self._pending is not None:
                self._page.show_account(self._pending)
                self._pending = None
        return self._page

    def after_first_paint(self) -> None:
        """What the first paint does not need: the account page, the count and the
        filter menus (those two on the worker when there is one). Once: after this
        view's first paint, or the window's (it opens on Today)."""
        if self._started:
            return
        self._started = True
        _ = self.page
        if self.model.canFetchMore():  # more rows than the first page: count them
            self.model.count_now()
        self._fill_choices()
        self.first_painted.emit()

    def _fill_choices(self) -> None:
        """The territories and states in the cache (collecting them takes a while
        in a large book: off the GUI thread; a failure is shown)."""
        self.ops.query(self.services.account_list.choices, self.filters.show_choices, self)

    def current_filter(self) -> AccountFilter:
        return self.filters.current(self.model.filter)

    @property
    def loader(self) -> DebouncedLoad:
        """Reads a history search's first page on the worker once typing pauses,
        and any search's in a book too large to search on the GUI thread (made
        on first use)."""
        if self._loader is None:
            self._loader = DebouncedLoad(self.model, self.listing, typed_reads(self),
                                         parent=self)
            self._loader.loaded.connect(self._reselect_shown)
        return self._loader

    def apply_filter(self, *_args: object) -> None:
        flt = self.current_filter()
        if flt.include_history and searches_history(flt.text):
            # Matching the history reads far more than the account index: never on
            # the GUI thread; a burst of keystrokes is one read, and the last wins.
            self.loader.request(flt)
            return
        in_order = self.services.account_list.in_name_order(flt)  # bounded: read at once
        if flt.text.strip() and not in_order and self._searches_off_thread():
            self.loader.request(flt, TYPING_PAUSE_MS)  # the window goes on taking keys
            return
        if self._loader is not None:
            self._loader.settle(flt)  # a page still on its way is dropped
        started = time.perf_counter()
        self.model.set_filter(flt)
        if flt.text.strip() and not in_order:
            slow = (time.perf_counter() - started) * 1000 > SLOW_SEARCH_MS
            self._slow_reads = self._slow_reads + 1 if slow else 0
            self._slow_search = self._slow_reads >= SLOW_SEARCHES
        self._reselect_shown()

    def _searches_off_thread(self) -> bool:
        """Whether a search that sorts its matches is read on the worker (see
        SLOW_SEARCH_MS). One in name order never is: its page comes straight from
        the index (about a millisecond at a million accounts, no pause needed)."""
        if self._slow_search is None:
            self._slow_search = self.services.account_list.book_size() >= LARGE_BOOK
        return self._slow_search

    def _reselect_shown(self) -> None:
        selected = self._page.account_id if self._page else self._pending
        if selected is not None:
            self._reselect(selected)

    def _sort_off_thread(self, wanted: AccountFilter) -> bool:
        """A history search, or a search read on the worker, sorted (a header
        click): read on the worker at once, in the new order; also the search
        still on its way when the rep clicked."""
        flt = self.current_filter()._replace(sort=wanted.sort, descending=wanted.descending)
        if not (flt.include_history and searches_history(flt.text)
                or flt.text.strip() and not self.services.account_list.in_name_order(flt)
                and self._searches_off_thread()):
            return False
        self.loader.request(flt)
        self.loader.now()
        return True

    def _reselect(self, account_id: uuid.UUID) -> None:
        """Select ``account_id``'s row (current row included) without choosing it again."""
        row = self.model.row_of(account_id)
        if row is None:
            return
        self._reverting = True
        try:
            self.table.selectRow(row)
        finally:
            self._reverting = False
        index = self.model.index(row, 0)
        self.table.scrollTo(index)
        # Again once pending layout has settled (the page may just have been built).
        QTimer.singleShot(0, lambda: self.table.scrollTo(index))

    def _show_total(self, total: int) -> None:
        if not self.model.total_exact:  # a first, capped count: the exact one follows
            self.total_label.setText(_("{n}+ accounts").format(n=f"{total:,}"))
            return
        self.total_label.setText(ngettext("{n} account", "{n} accounts", total)
                                 .format(n=f"{total:,}"))

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def open_account(self, account_id: uuid.UUID) -> None:
        """Show an account opened from elsewhere, and find it in the list."""
        if not self.resolve_unsaved(lambda: self.open_account(account_id)):
            return
        self.page.show_account(account_id)
        # Load further pages until it appears (bounded: a few thousand rows).
        pages = 0
        while (self.model.row_of(account_id) is None and self.model.canFetchMore()
               and pages < MAX_PAGES_TO_FIND):
            self.model.fetchMore()
            pages += 1
        self._reselect(account_id)

    def resolve_unsaved(self, then: Callable[[], None] | None = None) -> bool:
        """Ask about unsaved edits on the page. True: nothing unsaved (or the rep
        discarded it), go on. False: stay where we are; after Save the edits are
        written, and ``then`` runs once they are stored (a refused save shows why
        under the fields and stays)."""
        if self._page is None or not self._page.form.is_dirty():
            return True
        answer = self.prompts.unsaved(self, _("The account has unsaved edits. Save them?"))
        if answer is Unsaved.SAVE:
            self.page.form.save(then)
            return False
        if answer is Unsaved.DISCARD:
            self.page.form.revert()
            return True
        return False

    def _selection_changed(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        if not indexes or self._reverting:
            return
        account_id = self.model.row_at(indexes[0].row()).id
        if self._page is None:
            self._pending = account_id
            return
        if account_id == self._page.account_id:
            return
        if not self.resolve_unsaved(lambda: self.open_account(account_id)):
            # The list shows the account the page shows (the one being edited, or
            # after a save the one clicked), once the click has been handled: a
            # modal question ran inside it.
            QTimer.singleShot(0, self._select_shown)
            return
        self._page.show_account(account_id)

    def _select_shown(self) -> None:
        shown = self._page.account_id if self._page is not None else None
        if shown is not None:
            self._reselect(shown)

    def select_first(self) -> None:
        if self.model.rowCount() > 0:
            self.table.selectRow(0)

    def _on_changes(self, changes: Changes, _initiator: object) -> None:
        """Touched rows update in place; only a wholesale change (demo data, a
        fresh start) reloads the list, its count and the filter menus."""
        if changes.everything:
            self._slow_search, self._slow_reads = None, 0  # another book: its size decides
            self._fill_choices()
            self.apply_filter()
            self.model.count_now()
            return
        if changes.touches("territories", "accounts"):
            self._fill_choices()  # a new state or territory joins the menus
        if changes.touches("accounts", "contacts", "interactions", "territories"):
            self.model.refresh_in_place()


