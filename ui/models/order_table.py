"""The order list as a lazy table model: a page of rows at a time through
``fetchMore`` (keyset pages from ``OrderList``), so 50,000 orders open as
fast as 50. The status and amount filters and the search re-query the core
(the view reads a new filter's first page on a worker: see ui.models.prefetch).
Each order shows its total."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import formats
from desktop.domain.money import format_money
from desktop.domain.order_flow import state_label
from desktop.i18n import N_, _
from desktop.services.order_list import OrderFilter, OrderList, OrderRow
from ui.formatting import when
from ui.models.keyset_pages import KeysetPagedModel
from ui.resources import icon

ROW_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMNS = (N_("Order"), N_("Account"), N_("Status"), N_("Urgent"), N_("Entered"), N_("Total"))
TOTAL = 5
_URGENT = QColor("#E65100")
# Painting asks ~10 roles per cell; answer the ones we never set at once.
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.TextAlignmentRole, ROW_ROLE})
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_MUTED = QColor("#90A4AE")


def local_time(stored: str) -> str:
    """A stored UTC time ("2026-11-24 02:00:00.000000") in the rep's time zone."""
    return when(datetime.fromisoformat(stored).replace(tzinfo=UTC))


def money(amount: float, currency: str) -> str:
    """A list's total (a float kept by triggers) as the customer reads money."""
    return format_money(Decimal(f"{amount:.2f}"), currency)


class OrderTableModel(KeysetPagedModel[OrderRow]):
    COLUMNS = COLUMNS
    ROLES = _ROLES

    def __init__(self, listing: OrderList | Any, page_size: int = 100) -> None:
        super().__init__(listing, OrderFilter(), page_size)
        self.filter: OrderFilter

    def _display(self, row: OrderRow) -> tuple[str, ...]:
        number = row.number if row.confirmed else _("{n} (provisional)").format(n=row.number)
        urgent = ""
        if row.expedite:
            urgent = _("Expedite, by {day}").format(day=formats.stored_day(row.needed_by)) \
                if row.needed_by else _("Expedite")
        return (number, row.account, state_label(row.status, row.unshipped), urgent,
                local_time(row.entered_at), money(row.amount, row.currency))

    def _role(self, row: OrderRow, col: int, role: int) -> Any:
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col == TOTAL else None
        if role == Qt.ItemDataRole.DecorationRole and col == 3 and row.expedite:
            return icon("expedite")
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == 3 and row.expedite:
                return _URGENT
            if row.status == "cancelled":
                return _MUTED
        if role == Qt.ItemDataRole.ToolTipRole and col == 0 and not row.confirmed:
            return _("The server gives the final number on the next sync.")
        return None
