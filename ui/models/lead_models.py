"""The lead inbox as a lazy table model: keyset pages from ``LeadList`` through
``fetchMore`` (so 50,000 leads open as fast as 50); filters, search and sort
re-query the core."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import formats
from desktop.domain.schema.enums import LeadSource, LeadStatus, label_of
from desktop.i18n import N_, _
from desktop.services.lead_list import LeadFilter, LeadList, LeadPage, LeadRow, LeadSort
from ui.formatting import when
from ui.models.keyset_pages import KeysetPagedModel

if TYPE_CHECKING:
    from ui.tasks import TaskRunner

log = logging.getLogger(__name__)
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS: tuple[tuple[str, LeadSort | None], ...] = (
    (N_("Received"), LeadSort.RECEIVED),
    (N_("Company"), LeadSort.COMPANY),
    (N_("Person"), None),
    (N_("Source"), None),
    (N_("Status"), LeadSort.STATUS),
    (N_("Fit"), LeadSort.FIT_SCORE),
    (N_("Owner"), None),
    (N_("City"), None),
)
FIT_COLUMN = 5
# Painting asks ~10 roles per cell; answer the ones we set at once.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE})
_MUTED = QColor("#90A4AE")
_HOT = QColor("#00796B")
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class LeadTableModel(KeysetPagedModel[LeadRow]):
    COLUMNS = tuple(name for name, _key in COLUMNS)
    ROLES = _ROLES

    def __init__(self, listing: LeadList, page_size: int = 100) -> None:
        super().__init__(listing, LeadFilter(), page_size)
        self.filter: LeadFilter
        self._wanted = self.filter

    def load(self, flt: LeadFilter, runner: TaskRunner, done: Callable[[], None]) -> None:
        """Show ``flt``'s first page, read off the GUI thread (a search of 50,000
        leads). An answer overtaken by a newer filter is dropped."""
        self._wanted = flt
        listing, size = self.listing, self.page_size

        def arrived(page: LeadPage) -> None:
            if flt is not self._wanted:
                return
            self.beginResetModel()
            self.filter = flt
            self._generation += 1
            self._rows, self._shown, self._next = list(page.rows), {}, page.next
            self.endResetModel()
            done()

        runner.run(lambda _r: listing.page(flt, None, size), arrived,
                   lambda exc: log.warning("reading the leads failed", exc_info=exc))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a sortable column (others keep the order); the view asks when
        sorting is switched on, so nothing is re-read if that is the order."""
        key = COLUMNS[column][1] if 0 <= column < len(COLUMNS) else None
        if key is None:
            return
        wanted = self.filter._replace(sort=key,
                                      descending=order == Qt.SortOrder.DescendingOrder)
        if wanted != self.filter:
            self.set_filter(wanted)

    def _display(self, row: LeadRow) -> tuple[str, ...]:
        owner = row.owner if row.owner else _("Unassigned")
        return (when(row.received_at), row.company or "", row.person,
                label_of(LeadSource, row.source), label_of(LeadStatus, row.status),
                str(row.fit_score), owner, getattr(row, "city", None) or "")

    def _role(self, row: LeadRow, col: int, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == FIT_COLUMN else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.status in (LeadStatus.DISQUALIFIED.value, LeadStatus.CONVERTED.value):
                return _MUTED
            if col == FIT_COLUMN and row.fit_score >= 60:
                return _HOT
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return "\n".join(t for t in (formats.phone(row.phone), row.email) if t) or None
        return None
