"""The proposal editor's lines: amounts in the account's locale and currency,
numbers right-aligned, and a line above the rep's discount ceiling marked
(a warning colour, an icon and a tooltip that says why)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import formats
from desktop.domain.money import format_money, format_percent
from desktop.i18n import _
from desktop.services.proposal_edit import LineRow
from ui.models.row_table import Column, Index, RowTableModel

OVER_BACKGROUND = "#FFF3E0"
OVER_TEXT = "#B23C00"
NUMERIC = {2, 3, 4, 5, 6, 7}


def _qty(value: Decimal) -> str:
    return f"{value.normalize():f}"


class ProposalLinesModel(RowTableModel[LineRow]):
    def __init__(self, currency: str = "USD", locale: str = "en_US") -> None:
        self.currency, self.locale = currency, locale
        money = self.money
        super().__init__([
            Column("#", lambda r: str(r.number)),
            Column(_("Item"), lambda r: " · ".join(x for x in (r.sku, r.description) if x)
                   + (_(" (optional)") if r.optional else "")),
            Column(_("Qty"), lambda r: f"{_qty(r.quantity)} {r.unit}"),
            Column(_("Unit price"), lambda r: money(r.unit_price)),
            Column(_("Discount"), self._discount,
                   colour=lambda r: OVER_TEXT if r.over_ceiling else None),
            Column(_("Tax"), lambda r: format_percent(r.tax_rate, self.locale)
                   if r.tax_rate else ""),
            Column(_("Ship"), lambda r: formats.day(r.ship_date)),
            Column(_("Amount"), lambda r: money(r.net)),
        ])

    def money(self, amount: Decimal) -> str:
        return format_money(amount, self.currency, self.locale)

    def _discount(self, r: LineRow) -> str:
        parts = []
        if r.discount_percent:
            parts.append(format_percent(r.discount_percent / 100, self.locale))
        if r.discount_amount:
            parts.append(self.money(r.discount_amount))
        text = " + ".join(parts)
        return f"⚠ {text}" if r.over_ceiling else text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.rowCount():
            return None
        row = self.row_at(index.row())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in NUMERIC:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and row.over_ceiling:
            return QColor(OVER_BACKGROUND)
        if role == Qt.ItemDataRole.ToolTipRole and row.over_ceiling:
            return _("This discount is above the rep's ceiling: it needs manager approval.")
        return super().data(index, role)
