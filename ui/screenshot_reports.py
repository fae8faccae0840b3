"""The Reports screenshots from the demo book (see ``ui.screenshot``): each
report (``report-<name>``) for the demo rep's manager's view of the book over
a period that shows a trend, the dormant customers and the cross-sell list
(an account chosen, its own suggestions beside)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.app import Fieldbook

VIEWS = ("report-activity", "report-closings", "report-follow-up", "report-pipeline",
         "report-trends", "report-delivery", "dormant", "cross-sell")
# The period each report reads best over (an index of report_filters.PERIODS).
PERIOD = {"activity": 2, "closings": 5, "follow-up": 1, "pipeline": 3, "trends": 7,
          "delivery": 5}


def _settle(fieldbook: Fieldbook) -> None:
    for _ in range(3):
        QApplication.processEvents()
        fieldbook.wait()
    for _ in range(3):
        QApplication.processEvents()


def show_reports(fieldbook: Fieldbook, view: str) -> QWidget:
    """Show ``view`` (one of ``VIEWS``); returns what to grab."""
    from desktop.demo.trips import demo_rep
    from ui.main_window import REPORTS_ROW
    from ui.views.reports_page import CROSS_SELL_TAB, DORMANT_TAB

    window, services = fieldbook.window, fieldbook.services
    rep = demo_rep(services)
    if rep is not None:
        services.set_current_user(rep)
    window.sidebar.setCurrentRow(REPORTS_ROW)
    page = window.reports
    _settle(fieldbook)
    if view == "dormant":
        page.show_tab(DORMANT_TAB)
        _settle(fieldbook)
        if page.dormant.model.rowCount():
            page.dormant.view.selectRow(0)
    elif view == "cross-sell":
        page.show_tab(CROSS_SELL_TAB)
        _settle(fieldbook)
        if page.cross_sell.model.rowCount():
            page.cross_sell.view.selectRow(0)
    else:
        name = view.removeprefix("report-")
        bar = page.reports.filters
        bar.period.setCurrentIndex(PERIOD.get(name, 3))
        bar.report.setCurrentIndex(max(bar.report.findData(name), 0))
    _settle(fieldbook)
    return window
