"""The account list as a lazy table model.

Rows arrive a page at a time through ``fetchMore`` (keyset pages from
``AccountList``), so a 100,000-account cache opens as fast as a 100-account
one. Sorting and filtering re-query the core; the model never holds more than
what has been scrolled into view.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QModelIndex, QTimer, Signal
from PySide6.QtGui import QColor

from desktop.domain.schema.enums import AccountKind, AccountStatus, label_of
from desktop.i18n import _
from desktop.services.account_list import AccountFilter, AccountList, SortKey
from desktop.services.rows import AccountRow
from ui.formatting import ago
from ui.models.keyset_pages import Index, KeysetPagedModel

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

    from ui.tasks import TaskRunner

# Qt's role numbers (Qt::ItemDataRole, unchanged since Qt 4) as plain ints. This
# model paints in the window's first frame, and naming ``Qt`` there would make
# PySide build the whole Qt namespace first: 94 Python enums, ~25 ms (see
# ui/views/accounts_view.py). A test checks them against Qt's.
DISPLAY_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE, USER_ROLE = 0, 3, 9, 256
ID_ROLE = USER_ROLE + 1
ROW_ROLE = USER_ROLE + 2

COLUMNS: list[tuple[str, SortKey]] = [
    (_("Account"), SortKey.NAME),
    (_("City"), SortKey.CITY),
    (_("State"), SortKey.REGION),
    (_("Kind"), SortKey.KIND),
    (_("Status"), SortKey.STATUS),
    (_("Tier"), SortKey.TIER),
    (_("Territory"), SortKey.TERRITORY),
    (_("Last contact"), SortKey.LAST_CONTACT),
]


_ROLES = frozenset({DISPLAY_ROLE, TOOLTIP_ROLE, FOREGROUND_ROLE, ID_ROLE, ROW_ROLE})
_MUTED = QColor("#90A4AE")


class AccountTableModel(KeysetPagedModel[AccountRow]):
    total_changed = Signal(int)  # matching accounts, for "12,345 accounts"

    def __init__(self, listing: AccountList, now: Callable[[], datetime],
                 page_size: int = 100, count_delay_ms: int = 150,
                 runner: TaskRunner | None = None) -> None:
        super().__init__(listing, AccountFilter(), page_size)
        self.listing: AccountList = listing
        self.filter: AccountFilter
        self.runner = runner  # counts there: all 100,000 accounts take ~0.1 s
        self.now = now
        self._now = now()
        self.total = 0
        # Counting every match costs as much as the page itself: while the rep is
        # typing, count once they pause.
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(count_delay_ms)
        self._count_timer.timeout.connect(self.count_now)
        self._skip_count = False

    # -- querying ---------------------------------------------------------
    def titles(self) -> list[str]:
        """The column titles. Not ``headerData``: a Python override of it makes PySide
        build the whole Qt namespace for its orientation argument the first time
        the header asks, before the first paint. The Accounts view shows these from
        a C++ model of its own."""
        return [title for title, _key in COLUMNS]

    def reload(self) -> None:
        """Re-run the query from the top (after a filter, sort or data change)."""
        self._load_first_page()
        if self.exhausted():
            self._count_timer.stop()
            self.total = len(self._rows)
            self.total_changed.emit(self.total)
        elif self._skip_count:
            self._skip_count = False
        else:
            self._count_timer.start()

    def _reset_made(self) -> None:
        self._now = self.now()  # "3 days ago" counts from the reload

    def skip_next_count(self) -> None:
        """The next reload leaves the full count to the caller (``count_now``). At
        start-up, counting 100,000 accounts (~100 ms) must not come before the
        window's first paint, as it could from a timer started before it."""
        self._skip_count = True

    def count_now(self) -> None:
        """Count all matching accounts (normally run by the timer after typing stops)."""
        self._count_timer.stop()
        flt, listing = self.filter, self.listing
        if self.runner is None:
            self._counted(flt, listing.count(flt))
        else:  # a failed count leaves the last total shown
            self.runner.run(lambda _report: listing.count(flt),
                            lambda total: self._counted(flt, total), lambda _exc: None)

    def _counted(self, flt: AccountFilter, total: int) -> None:
        if flt is not self.filter:
            return  # the filter changed meanwhile; its own count follows
        self.total = total
        self.total_changed.emit(total)

    def counting(self) -> bool:
        return self._count_timer.isActive()

    def sort(self, column: int, order: Qt.SortOrder | None = None) -> None:
        """Sort by ``column``, ascending unless ``order`` says descending. The view
        asks once sorting is switched on, after the first paint: nothing to re-read
        when that is already the list's order."""
        from PySide6.QtCore import Qt

        if not 0 <= column < len(COLUMNS):
            return
        descending = order == Qt.SortOrder.DescendingOrder
        wanted = self.filter._replace(sort=COLUMNS[column][1], descending=descending)
        if wanted != self.filter:
            self.set_filter(wanted)

    # -- access -----------------------------------------------------------
    # -- Qt model API -----------------------------------------------------
    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = DISPLAY_ROLE) -> Any:
        # Painting asks ~10 roles per cell; answer the ones we never set at once.
        if role not in _ROLES:
            return None
        r = index.row()
        if not 0 <= r < len(self._rows) or not index.isValid():
            return None
        row = self._rows[r]
        col = index.column()
        if role == DISPLAY_ROLE:
            shown = self._shown.get(row.rowid)
            if shown is None:
                shown = self._shown[row.rowid] = tuple(self._display(row, c)
                                                       for c in range(len(COLUMNS)))
            return shown[col]
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == TOOLTIP_ROLE and col == 7 and row.last_contact_at:
            return row.last_contact_at.astimezone().strftime("%b %d, %Y %H:%M")
        if role == FOREGROUND_ROLE and (row.archived or row.status == "closed"):
            return _MUTED
        return None

    def _display(self, row: AccountRow, col: int) -> str:
        if col == 0:
            return row.name + (_(" (archived)") if row.archived else "")
        if col == 1:
            return row.city or ""
        if col == 2:
            return row.region or ("" if row.country == "US" else row.country)
        if col == 3:
            return label_of(AccountKind, row.kind)
        if col == 4:
            return label_of(AccountStatus, row.status)
        if col == 5:
            return row.tier or ""
        if col == 6:
            return row.territory or ""
        if col == 7:
            return ago(row.last_contact_at, self._now)
        return ""
