"""The shipping schedule as a lazy table model: keyset pages from
:class:`desktop.services.ship_schedule.ShipSchedule` through ``fetchMore``, so
opening Shipping reads one page however many open lines the book has. Late and
expedited lines are marked with an icon, a word and a colour (never colour
alone)."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor

from desktop.domain.order_flow import state_label
from desktop.i18n import N_, _
from desktop.services.ship_schedule import ShipFilter
from desktop.services.shipping import ScheduleRow
from ui import style
from ui.models.keyset_pages import Index, KeysetPagedModel, PagedListing
from ui.resources import icon

COLUMNS = (N_("Date"), N_("Flags"), N_("What"), N_("Account"), N_("Order"), N_("SKU"),
           N_("Description"), N_("Qty"), N_("Status"), N_("Needed by"), N_("Shipment"))
FLAGS = 1
_EXPEDITE = QColor("#E65100")
_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole,
                    Qt.ItemDataRole.ForegroundRole})


def flags(row: ScheduleRow) -> str:
    return " · ".join(w for w, on in ((_("Late"), row.late), (_("Expedite"), row.expedite))
                      if on)


def _display(row: ScheduleRow) -> tuple[str, ...]:
    """A row's texts by column (also what "Export this list" writes)."""
    return (row.ship_date, flags(row), _("To ship") if row.kind == "ship" else _("In transit"),
            row.account, row.order, row.sku, row.description, row.quantity,
            state_label(row.status, row.kind == "ship"), row.needed_by, row.detail)


class ShipTableModel(KeysetPagedModel[ScheduleRow]):
    def __init__(self, listing: PagedListing, page_size: int = 100) -> None:
        super().__init__(listing, ShipFilter(), page_size)
        self.filter: ShipFilter
        self._texts: dict[uuid.UUID, tuple[str, ...]] = {}

    def _reset_made(self) -> None:
        self._texts = {}

    def _forget(self, row: ScheduleRow) -> None:
        self._texts.pop(row.id, None)

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
            shown = self._texts.get(row.id)
            if shown is None:
                shown = self._texts[row.id] = _display(row)
            return shown[col]
        if col > FLAGS:
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == FLAGS:
            return icon("late") if row.late else icon("expedite") if row.expedite else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(style.ERROR) if row.late else _EXPEDITE if row.expedite else None
        return None
