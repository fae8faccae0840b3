"""The shipping schedule as a lazy table model: keyset pages from
:class:`desktop.services.ship_schedule.ShipSchedule` through ``fetchMore``, so
opening Shipping reads one page however many open lines the book has, and only
a window of pages is held (:mod:`ui.models.paged_window`): scrolled-past pages
are dropped and read again by their keys on the way back. Late and expedited
lines are marked with an icon, a word and a colour (never colour alone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from desktop.domain import formats
from desktop.domain.order_flow import state_label
from desktop.i18n import N_, _
from desktop.services.ship_schedule import ShipFilter
from desktop.services.shipping import ScheduleRow
from ui import style
from ui.models.keyset_pages import PagedListing
from ui.models.paged_window import WindowedPagedModel
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


class ShipTableModel(WindowedPagedModel[ScheduleRow]):
    COLUMNS = COLUMNS
    ROLES = _ROLES

    def __init__(self, listing: PagedListing, page_size: int = 100,
                 window_pages: int = 8) -> None:
        super().__init__(listing, ShipFilter(), page_size, window_pages)
        self.filter: ShipFilter

    def _display(self, row: ScheduleRow) -> tuple[str, ...]:
        # The rows keep ISO days (the CSV export writes them); the list shows the locale's.
        return (formats.stored_day(row.ship_date), flags(row),
                _("To ship") if row.kind == "ship" else _("In transit"),
                row.account, row.order, row.sku, row.description, row.quantity,
                state_label(row.status, row.kind == "ship"), formats.stored_day(row.needed_by),
                row.detail)

    def _role(self, row: ScheduleRow, col: int, role: int) -> Any:
        if col > FLAGS:
            return None
        if role == Qt.ItemDataRole.DecorationRole and col == FLAGS:
            return icon("late") if row.late else icon("expedite") if row.expedite else None
        if role == Qt.ItemDataRole.ForegroundRole:
            return QColor(style.ERROR) if row.late else _EXPEDITE if row.expedite else None
        return None
