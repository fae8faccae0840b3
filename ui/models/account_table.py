"""The account list as a lazy table model.

Rows arrive a page at a time through ``fetchMore`` (keyset pages from
``AccountList``), so a 100,000-account cache opens as fast as a 100-account
one. Sorting and filtering re-query the core; the model keeps only a window of
pages around what is shown (:mod:`ui.models.paged_window`).

The count of matches runs in the runner's background lane, so it never delays
a preview or a solve: first counted up to ``COUNT_CAP`` (shown as "10,000+"
while the exact count goes on), then exactly. The next keystroke cancels it
(the reader's progress handler stops the statement), and a cancelled or
overtaken count never lands.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor

from desktop.domain.schema.enums import AccountKind, AccountStatus, label_of
from desktop.i18n import N_, _
from desktop.services.account_list import AccountFilter, AccountList, SortKey
from desktop.services.cancel import Cancelled, CancelToken
from desktop.services.rows import AccountRow
from ui.formatting import ago, when
from ui.models.paged_window import WindowedPagedModel

if TYPE_CHECKING:
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
ID_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

COLUMNS: list[tuple[str, SortKey]] = [
    (N_("Account"), SortKey.NAME),
    (N_("City"), SortKey.CITY),
    (N_("State"), SortKey.REGION),
    (N_("Kind"), SortKey.KIND),
    (N_("Status"), SortKey.STATUS),
    (N_("Tier"), SortKey.TIER),
    (N_("Territory"), SortKey.TERRITORY),
    (N_("Last contact"), SortKey.LAST_CONTACT),
]


# Painting asks ~10 roles per cell; answer the ones we never set at once.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.ForegroundRole, ID_ROLE, ROW_ROLE})
_MUTED = QColor("#90A4AE")
COUNT_CAP = 10_000


class AccountTableModel(WindowedPagedModel[AccountRow]):
    COLUMNS = tuple(name for name, _key in COLUMNS)
    ROLES = _ROLES
    total_changed = Signal(int)  # matching accounts, for "12,345 accounts"

    def __init__(self, listing: AccountList, now: Callable[[], datetime],
                 page_size: int = 100, count_delay_ms: int = 150,
                 runner: TaskRunner | None = None, window_pages: int = 8) -> None:
        super().__init__(listing, AccountFilter(), page_size, window_pages)
        self.listing: AccountList = listing
        self.filter: AccountFilter
        self.runner = runner  # counts there: a large book takes a while to count
        self.now = now
        self._now = now()
        self.total = 0
        self.total_exact = True  # False: ``total`` is COUNT_CAP, "at least"
        self._count_cancel: CancelToken | None = None
        # Counting every match costs as much as the page itself: while the rep is
        # typing, count once they pause.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(count_delay_ms)
        self._count_timer.timeout.connect(self.count_now)
        self._skip_count = False
        # A sorted filter this answers True for is read elsewhere (the view reads a
        # history search on the worker); False: the model reads it at once.
        self.read_elsewhere: Callable[[AccountFilter], bool] = lambda _flt: False

    # -- querying ---------------------------------------------------------
    def reload(self) -> None:
        """Re-run the query from the top (after a filter, sort or data change)."""
        self.cancel_count()
        self._load_first_page()
        if self.exhausted():
            self._count_timer.stop()
            self.total, self.total_exact = self.rowCount(), True
            self.total_changed.emit(self.total)
        elif self._skip_count:
            self._skip_count = False
        else:
            self._count_timer.start()

    def _reset_made(self) -> None:
        self._now = self.now()  # "3 days ago" counts from the reload

    def skip_next_count(self) -> None:
        """The next reload leaves the full count to the caller (``count_now``). At
        start-up, counting a large book must not come before the window's first
        paint, as it could from a timer started before it."""
        self._skip_count = True

    def count_now(self) -> None:
        """Count all matching accounts (normally run by the timer after typing stops)."""
        from ui.tasks import BACKGROUND

        self._count_timer.stop()
        self.cancel_count()
        flt, listing = self.filter, self.listing
        if self.runner is None:
            self._counted(flt, None, listing.count(flt))
            return
        token = self._count_cancel = CancelToken()

        def count(report: Callable[[int, int], None]) -> int:
            first = listing.count(flt, cap=COUNT_CAP + 1, cancel=token)
            if first <= COUNT_CAP:
                return first
            report(COUNT_CAP, 0)  # "10,000+" while the exact count goes on
            return listing.count(flt, cancel=token)

        def failed(exc: BaseException) -> None:  # the last total stays shown
            if not isinstance(exc, Cancelled):
                log.warning("counting accounts failed", exc_info=exc)

        self.runner.run(count, lambda total: self._counted(flt, token, total), failed,
                        lambda at_least, _n: self._counted(flt, token, at_least, exact=False),
                        lane=BACKGROUND)

    def cancel_count(self) -> None:
        """Stop a running count: its answer would be for another filter."""
        if self._count_cancel is not None:
            self._count_cancel.cancel()
            self._count_cancel = None

    def _counted(self, flt: AccountFilter, token: CancelToken | None, total: int,
                 exact: bool = True) -> None:
        if flt is not self.filter or (token is not None and token.cancelled):
            return  # the filter changed meanwhile; its own count follows
        self.total, self.total_exact = total, exact
        self.total_changed.emit(total)

    def refresh_in_place(self, runner: TaskRunner | None = None,
                         done: Callable[[], None] = lambda: None) -> None:
        """Update the loaded rows (no reset; the query on the worker when there
        is one), then the count once edits pause."""
        def counted() -> None:
            if self.exhausted():
                self._count_timer.stop()
                self.cancel_count()
                self._counted(self.filter, None, self.rowCount())
            else:
                self._count_timer.start()
            done()
        super().refresh_in_place(runner or self.runner, counted)

    def counting(self) -> bool:
        return self._count_timer.isActive()

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Sort by ``column``, ascending unless ``order`` says descending. The view
        asks when sorting is switched on: nothing to re-read when that is already
        the list's order."""
        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        wanted = self.filter._replace(sort=COLUMNS[column][1], descending=descending)
        if wanted != self.filter and not self.read_elsewhere(wanted):
            self.set_filter(wanted)

    # -- what a row shows ----------------------------------------------------
    def _display(self, row: AccountRow) -> tuple[str, ...]:
        region = row.region or ("" if row.country == "US" else row.country)
        return (row.name + (_(" (archived)") if row.archived else ""), row.city or "",
                region, label_of(AccountKind, row.kind), label_of(AccountStatus, row.status),
                row.tier or "", row.territory or "", ago(row.last_contact_at, self._now))

    def _role(self, row: AccountRow, col: int, role: int) -> Any:
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.ToolTipRole and col == 7 and row.last_contact_at:
            return when(row.last_contact_at)
        if role == Qt.ItemDataRole.ForegroundRole and (row.archived or row.status == "closed"):
            return _MUTED
        return None
