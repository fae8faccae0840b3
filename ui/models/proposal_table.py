"""The proposal list as a lazy table model: a keyset page at a time through
``fetchMore`` (``ProposalList``), so thousands of proposals open as fast as a
few. Columns have fixed widths in the view: nothing asks every row for its size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain import proposal_states
from desktop.i18n import N_, _
from desktop.services.proposal_list import ProposalFilter, ProposalList, ProposalListRow
from ui.models.keyset_pages import Index, KeysetPagedModel
from ui.models.order_table import money

ROW_ROLE = Qt.ItemDataRole.UserRole + 1
COLUMNS = (N_("Number"), N_("Account"), N_("Status"), N_("Issued"), N_("Valid until"),
           N_("Total"))
WIDTHS = (150, 240, 90, 90, 90, 110)
TOTAL = 5
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                    Qt.ItemDataRole.TextAlignmentRole, ROW_ROLE})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_MUTED = QColor("#90A4AE")


class ProposalTableModel(KeysetPagedModel[ProposalListRow]):
    def __init__(self, listing: ProposalList | Any, page_size: int = 100) -> None:
        super().__init__(listing, ProposalFilter(), page_size)
        self.filter: ProposalFilter

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return _(COLUMNS[section])
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
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == TOTAL else None
        if role == Qt.ItemDataRole.ForegroundRole and row.status in (
                proposal_states.DECLINED, proposal_states.EXPIRED):
            return _MUTED
        return None


def _display(row: ProposalListRow) -> tuple[str, ...]:
    return (_("{number} rev {revision}").format(number=row.number, revision=row.revision),
            row.account, proposal_states.label(row.status), row.issued_on, row.valid_until,
            money(row.amount, row.currency))
