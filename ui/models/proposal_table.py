"""The proposal list as a lazy table model: a keyset page at a time through
``fetchMore`` (``ProposalList``), so thousands of proposals open as fast as a
few. Columns have fixed widths in the view: nothing asks every row for its size."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import formats, proposal_states
from desktop.i18n import N_, _
from desktop.services.proposal_list import ProposalFilter, ProposalList, ProposalListRow
from ui.models.keyset_pages import KeysetPagedModel
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
    COLUMNS = COLUMNS
    ROLES = _ROLES

    def __init__(self, listing: ProposalList | Any, page_size: int = 100) -> None:
        super().__init__(listing, ProposalFilter(), page_size)
        self.filter: ProposalFilter

    def _display(self, row: ProposalListRow) -> tuple[str, ...]:
        return (_("{number} rev {revision}").format(number=row.number, revision=row.revision),
                row.account, proposal_states.label(row.status),
                formats.stored_day(row.issued_on), formats.stored_day(row.valid_until),
                money(row.amount, row.currency))

    def _role(self, row: ProposalListRow, col: int, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == TOTAL else None
        if role == Qt.ItemDataRole.ForegroundRole and row.status in (
                proposal_states.DECLINED, proposal_states.EXPIRED):
            return _MUTED
        return None
