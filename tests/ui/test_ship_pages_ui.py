"""The Shipping view as a lazy keyset model: pages arrive as the list scrolls
(checked by qtmodeltester), the counts cover the whole schedule, and a hidden
view reads nothing on a change, only marks itself stale."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QTableView

from desktop.domain import formats
from desktop.services.container import Services
from desktop.services.ship_schedule import ShipFilter, ShipSchedule
from desktop.store.changes import Changes
from tests.desktop.test_ship_schedule import _book
from tests.ui.clicks import show_view, shown, written
from ui.main_window import ACCOUNTS_ROW, SHIPPING_ROW
from ui.models.ship_table import ShipTableModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


class Counted:
    """The view's listing, noting each page and count it reads."""

    def __init__(self, listing: Any) -> None:
        self.listing = listing
        self.calls: list[str] = []

    def page(self, flt: ShipFilter, after: Any, size: int, **kw: Any) -> Any:
        self.calls.append("page")
        return self.listing.page(flt, after, size, **kw)

    def counts(self, flt: ShipFilter) -> Any:
        self.calls.append("counts")
        return self.listing.counts(flt)


def test_pages_arrive_as_the_list_scrolls_and_a_hidden_view_waits(
        make_app: Any, qtbot: Any, qtmodeltester: Any) -> None:
    app = make_app()
    services = app.services
    today = services.clock().date()
    orders = written(app, lambda: _book(services, today))
    app.bus.publish(Changes.reset())
    window = shown(app, qtbot, active=False)
    view = show_view(qtbot, window, SHIPPING_ROW)
    counted = Counted(view.schedule)
    view.listing.listing = view.schedule = counted  # type: ignore[assignment]
    view.model.page_size = 1
    view.days.setFocus()
    view.days.selectAll()
    qtbot.keyClicks(view.days, "60")  # a new horizon: its first page, one line
    assert view.days.value() == 60
    assert view.model.filter == ShipFilter(60)
    assert "5 lines · 1 late · 1 expedited" in view.summary.text()  # the whole schedule
    model = view.model
    for _ in range(50):  # the rep drags the bar down: a page each time the end shows
        view.view.scrollToBottom()
        QApplication.processEvents()
        if not model.canFetchMore():
            break
    assert not model.canFetchMore()
    qtmodeltester.check(model)
    days = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert days == [formats.day(today + timedelta(days=n)) for n in (-3, -2, -1, 5, 45)]
    assert [model.index(r, 2).data() for r in range(5)] == [
        "In transit", "To ship", "In transit", "To ship", "To ship"]
    assert counted.calls.count("page") >= 5  # page by page, not the whole list at once

    show_view(qtbot, window, ACCOUNTS_ROW)
    assert not view.isVisible()
    counted.calls.clear()
    app.bus.publish(written(app, lambda: services.orders.advance(
        orders["far"], "cancelled", note="Customer withdrew")))
    assert counted.calls == [] and view.live.stale  # hidden: only marked
    view2 = show_view(qtbot, window, SHIPPING_ROW)
    assert view2 is view and not view.live.stale
    assert "page" in counted.calls and "counts" in counted.calls  # read again when shown
    assert model.rowCount() == 4  # the cancelled order's line left, in place
    assert "4 lines · 1 late · 1 expedited" in view.summary.text()
    qtmodeltester.check(model)
    assert uuid.UUID(int=0) not in {model.row_at(r).id for r in range(4)}


def test_scrolling_to_the_bottom_keeps_a_window_of_pages(
        services: Services, qtbot: Any, qtmodeltester: Any) -> None:
    """Pages scrolled past are dropped (the rows held stay bounded) and read again
    by their keys on the way back, showing the same lines."""
    _book(services)
    schedule = ShipSchedule(services.store, services.clock)
    whole = [r.id for r in schedule.page(ShipFilter(60), None, 100).rows]
    assert len(whole) == 5
    model = ShipTableModel(schedule, page_size=1, window_pages=2)
    model.set_filter(ShipFilter(60))
    table = QTableView()
    qtbot.addWidget(table)
    table.setModel(model)
    table.resize(600, 60)  # a row or two in view, so painting asks for little
    table.show()
    most = 0
    while model.canFetchMore():
        model.fetchMore()
        table.scrollToBottom()
        QApplication.processEvents()
        most = max(most, model.loaded_rows())
    assert model.rowCount() == 5 and most <= 2 and model.loaded_rows() <= 2
    qtmodeltester.check(model, force_py=True)

    table.scrollToTop()  # the first page was dropped: a placeholder, then read by key
    first = schedule.page(ShipFilter(60), None, 1).rows[0]
    shown_day = formats.stored_day(first.ship_date)
    qtbot.waitUntil(lambda: model.index(0, 0).data() == shown_day, timeout=3000)
    assert model.row_at(0).id == whole[0]
    assert [model.row_at(r).id for r in range(5)] == whole
    assert model.loaded_rows() <= 2
