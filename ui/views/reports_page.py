"""The Reports entry of the sidebar: three tabs, each built the first time it
is shown (the reports, the dormant customers, cross-sell), so the sidebar
keeps one entry for what a rep reads rather than does."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop.i18n import _
from desktop.services.container import Services
from ui import style
from ui.change_bus import ChangeBus
from ui.operations import Operations
from ui.prompts import Prompts

if TYPE_CHECKING:
    from ui.views.cross_sell_view import CrossSellView
    from ui.views.dormant_view import DormantView
    from ui.views.reports_view import ReportsView

REPORTS_TAB, DORMANT_TAB, CROSS_SELL_TAB = 0, 1, 2


class ReportsPage(QWidget):
    open_account = Signal(uuid.UUID)

    def __init__(self, services: Services, bus: ChangeBus, prompts: Prompts, ops: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services, self.bus, self.prompts, self.ops = services, bus, prompts, ops
        self._reports: ReportsView | None = None
        self._dormant: DormantView | None = None
        self._cross_sell: CrossSellView | None = None
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        for title in (_("Reports"), _("Dormant customers"), _("Cross-sell")):
            self.tabs.addTab(QWidget(), title)  # a placeholder until first shown
        self.tabs.currentChanged.connect(self._show_tab)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(style.title(QLabel(_("Reports"))))
        layout.addWidget(self.tabs, 1)
        self._show_tab(0)

    def _show_tab(self, at: int) -> None:
        made = (lambda: self.reports, lambda: self.dormant, lambda: self.cross_sell)
        if 0 <= at < len(made):
            made[at]()

    def _place(self, at: int, widget: QWidget, title: str) -> None:
        self.tabs.blockSignals(True)
        current = self.tabs.currentIndex()
        old = self.tabs.widget(at)
        self.tabs.removeTab(at)
        self.tabs.insertTab(at, widget, title)
        self.tabs.setCurrentIndex(current)
        self.tabs.blockSignals(False)
        if old is not None:
            old.deleteLater()

    @property
    def reports(self) -> ReportsView:
        if self._reports is None:
            from ui.views.reports_view import ReportsView

            self._reports = ReportsView(self.services, self.bus, self.prompts, self.ops)
            self._place(REPORTS_TAB, self._reports, _("Reports"))
        return self._reports

    @property
    def dormant(self) -> DormantView:
        if self._dormant is None:
            from ui.views.dormant_view import DormantView

            self._dormant = DormantView(self.services, self.bus, self.prompts, self.ops)
            self._dormant.open_account.connect(self.open_account)
            self._place(DORMANT_TAB, self._dormant, _("Dormant customers"))
        return self._dormant

    @property
    def cross_sell(self) -> CrossSellView:
        if self._cross_sell is None:
            from ui.views.cross_sell_view import CrossSellView

            self._cross_sell = CrossSellView(self.services, self.bus, self.prompts, self.ops)
            self._cross_sell.open_account.connect(self.open_account)
            self._place(CROSS_SELL_TAB, self._cross_sell, _("Cross-sell"))
        return self._cross_sell

    def show_tab(self, at: int) -> None:
        self.tabs.setCurrentIndex(at)
        self._show_tab(at)
