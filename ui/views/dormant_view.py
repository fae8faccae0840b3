"""Dormant customers: no order in N months and/or no contact in M days, with
the last order's date and value and lifetime revenue; several chosen at once
go to an action plan, a trip or follow-ups in one step.

The customers' facts are read on the worker once (``services.dormant``); the
list then pages by key through them as it scrolls, and a header click sorts
by that column. N, M and either/both are the settings' (changed here, kept).
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.i18n import _, ngettext
from desktop.services.container import Services
from desktop.services.dormant import DormantFilter, DormantRow, Match, Page, SortKey
from desktop.store.changes import Changes
from ui import style
from ui.change_bus import ChangeBus
from ui.formatting import day
from ui.models.order_table import money
from ui.models.report_models import ListColumn, RowsModel
from ui.operations import Operations
from ui.prompts import Prompts
from ui.resources import icon
from ui.views.account_people import table_view
from ui.views.live import LiveUpdates
from ui.views.outreach_actions import OutreachButtons

PAGE = 100


def columns(currency: str) -> list[ListColumn]:
    def when(value: object) -> str:
        return day(value) if value is not None else _("never")  # type: ignore[arg-type]

    return [
        ListColumn(_("Account"), lambda r: r.name, sort_key=SortKey.NAME),
        ListColumn(_("City"), lambda r: ", ".join(p for p in (r.city, r.region) if p)),
        ListColumn(_("Segment"), lambda r: r.segment or ""),
        ListColumn(_("Tier"), lambda r: r.tier or ""),
        ListColumn(_("Last order"), lambda r: when(r.last_order_at),
                   sort_key=SortKey.LAST_ORDER),
        ListColumn(_("Last order value"), lambda r: money(
            r.last_order_value, r.last_order_currency or currency)
            if r.last_order_value is not None else "", number=True,
            sort_key=SortKey.LAST_VALUE),
        ListColumn(_("Lifetime revenue"), lambda r: money(r.lifetime_revenue, currency),
                   number=True, sort_key=SortKey.LIFETIME),
        ListColumn(_("Last contact"), lambda r: when(r.last_contact_at),
                   sort_key=SortKey.LAST_CONTACT),
    ]


class DormantView(QWidget):
    open_account = Signal(uuid.UUID)

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.ops = services, ops
        self.dormant = services.dormant
        # The most valuable first: what is most worth winning back.
        self.filter = replace(self.dormant.default_filter(), sort=SortKey.LIFETIME)
        self._asked = 0
        self.summary = style.muted(QLabel())
        self.months = QSpinBox()
        self.months.setRange(1, 120)
        self.months.setValue(self.filter.order_months)
        self.months.setPrefix(_("No order in "))
        self.months.setSuffix(_(" months"))
        self.match = QComboBox()
        self.match.addItem(_("or"), Match.EITHER)
        self.match.addItem(_("and"), Match.BOTH)
        self.match.setCurrentIndex(max(self.match.findData(self.filter.match), 0))
        self.days = QSpinBox()
        self.days.setRange(1, 3650)
        self.days.setValue(self.filter.contact_days)
        self.days.setPrefix(_("no contact in "))
        self.days.setSuffix(_(" days"))
        for widget in (self.months, self.days):
            widget.valueChanged.connect(lambda _v: self._criteria())
        self.match.currentIndexChanged.connect(lambda _i: self._criteria())
        self.model = RowsModel(columns(services.settings.home_currency))
        self.view = table_view(self.model)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(6, Qt.SortOrder.DescendingOrder)
        self.model.on_sort = self.sort_by  # after the indicator: no sort yet
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in enumerate((240, 170, 120, 44, 110, 130, 130, 110)):
            header.resizeSection(column, width)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.view.doubleClicked.connect(lambda _i: self._open())
        self.outreach = OutreachButtons(services, prompts, ops, self, self.chosen,
                                       lambda: _("Win back"), lambda: {})
        self.outreach.done.connect(lambda text: self.summary.setText(text))
        self.open_button = QPushButton(icon("accounts"), _("Open account"))
        self.open_button.clicked.connect(self._open)
        criteria = QHBoxLayout()
        for part in (self.months, self.match, self.days):
            criteria.addWidget(part)
        criteria.addStretch(1)
        criteria.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.outreach.add_to(buttons)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(criteria)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        bus.changed.connect(lambda changes, _i: self.dormant.apply(changes))  # before the reload
        self.live = LiveUpdates(self, bus, self.dormant.shows, lambda _reset: self.refresh())
        self._enable()
        self.refresh()

    def refresh(self) -> None:
        """Read the list again from its top (on the worker), keeping what is chosen."""
        self._asked += 1
        asked, flt, dormant = self._asked, self.filter, self.dormant
        keep = set(self.chosen())
        self.ops.query(lambda: (dormant.page(flt, None, PAGE), dormant.count(flt)),
                       lambda got: self._arrived(asked, flt, keep, *got), self)

    def _arrived(self, asked: int, flt: DormantFilter, keep: set[uuid.UUID], page: Page,
                 count: int) -> None:
        if asked != self._asked:
            return
        cursor = [page.next]

        def more() -> list[DormantRow]:
            if cursor[0] is None:
                return []
            nxt = self.dormant.page(flt, cursor[0], PAGE)  # in memory: no SQL
            cursor[0] = nxt.next
            return nxt.rows

        self.model.set_rows(page.rows, more if page.next is not None else None)
        self.summary.setText(ngettext("{n} dormant customer", "{n} dormant customers",
                                      count).format(n=count))
        for n, row in enumerate(self.model.rows()):
            if row.id in keep:
                self.view.selectionModel().select(
                    self.model.index(n, 0), self.view.selectionModel().SelectionFlag.Select
                    | self.view.selectionModel().SelectionFlag.Rows)
        self._enable()

    def _criteria(self) -> None:
        match = Match(self.match.currentData())
        self.filter = replace(self.filter, order_months=self.months.value(),
                              contact_days=self.days.value(), match=match)
        settings = self.services.settings
        settings.dormant_order_months = self.months.value()
        settings.dormant_contact_days = self.days.value()
        settings.dormant_match = match.value
        self.refresh()

    def sort_by(self, key: str, descending: bool) -> None:
        """A header click: amounts read highest first when the header says
        descending (their natural order), dates and names oldest / A first."""
        sort = SortKey(key)
        if sort in (SortKey.LIFETIME, SortKey.LAST_VALUE):
            descending = not descending
        self.filter = replace(self.filter, sort=sort, descending=descending)
        self.refresh()

    def chosen(self) -> list[uuid.UUID]:
        rows = sorted(i.row() for i in self.view.selectionModel().selectedRows())
        return [self.model.row_at(r).id for r in rows]

    def _enable(self) -> None:
        chosen = self.chosen()
        self.outreach.enable(bool(chosen))
        self.open_button.setEnabled(len(chosen) == 1)

    def _open(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.open_account.emit(chosen[0])

    def _shows(self, changes: Changes) -> bool:
        return self.dormant.shows(changes)
