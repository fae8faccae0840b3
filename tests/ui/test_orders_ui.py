"""Orders in the window: the list, the timeline, the customer's update, the schedule."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.schema.orders import OrderLine
from desktop.store.changes import Changes
from tests.desktop.test_orders import _accepted, walk
from tests.ui.clicks import choose, click, model_checks, show_view, shown, written
from ui.main_window import ORDERS_ROW


def shipped_order(services: Any) -> Any:
    """An order shipped with UPS, its lines due on 18 Nov (one job of the writer)."""
    def make() -> Any:
        order = services.orders.from_proposal(_accepted(services)).id
        with services.store.unit_of_work() as uow:
            for line in uow.session.query(OrderLine).all():
                line.ship_date = date(2026, 11, 18)
            uow.commit()
        walk(services, order)
        services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z999")
        return order

    return services.store.writer.call(make)


def test_orders_list_timeline_status_and_schedule(make_app: Any, qtbot: Any, prompts: Any,
                                                  tmp_path: Path, request: Any) -> None:
    app = make_app()
    check = model_checks(request)
    services = app.services
    shipped_order(services)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, ORDERS_ROW)
    assert view is app.window.orders
    check(view.model)
    check(view.events)
    first = [view.model.index(0, c).data() for c in range(3)]
    assert first[0].endswith("(provisional)") and first[1:] == ["Ωmega Ζήτα Бюро", "Shipped"]
    steps = [view.events.index(r, 1).data() for r in range(view.events.rowCount())]
    assert steps == ["Entered", "Confirmed", "Allocated", "Picked", "Shipped"]
    assert "UPS · 1Z999" in view.events.index(4, 2).data()
    choose(view.send_button, "As email text (copied)")
    assert "has shipped" in view.last_status
    assert view.summary.text().startswith("Copied and logged in the history")
    logged = services.store.reads().execute(
        "SELECT count(*) FROM interactions WHERE subject LIKE 'Order status:%'").fetchone()[0]
    assert logged == 1
    prompts.save_answers.append(tmp_path / "schedule.csv")
    click(qtbot, view.export_button)
    [row] = list(csv.DictReader((tmp_path / "schedule.csv").open(encoding="utf-8")))
    assert row["sku"] == "PW-500" and row["status"] == "shipped"
    assert not [kind for kind, _ in prompts.asked if kind == "error"]


def test_an_edit_updates_the_order_in_place(make_app: Any, qtbot: Any) -> None:
    """A step recorded elsewhere (a sync) changes its row, with no reset of the list."""
    app = make_app()
    services = app.services
    order = written(app, lambda: services.orders.from_proposal(_accepted(services)).id)
    app.bus.publish(Changes.reset())
    shown(app, qtbot, active=False)
    view = show_view(qtbot, app.window, ORDERS_ROW)
    assert view.model.index(0, 2).data() == "Entered"
    resets: list[object] = []
    view.model.modelReset.connect(lambda: resets.append(1))
    app.bus.publish(written(app, lambda: services.orders.advance(order, "confirmed")))
    assert view.model.index(0, 2).data() == "Confirmed"
    assert resets == [] and view.view.selectionModel().selectedRows()[0].row() == 0


def test_times_show_in_the_local_zone(monkeypatch: Any) -> None:
    import time

    from ui.views.orders_view import _local

    monkeypatch.setenv("TZ", "America/Chicago")
    time.tzset()
    try:
        assert _local("2026-11-24 02:00:00.000000") == "Nov 23, 2026 20:00"
    finally:
        monkeypatch.undo()  # the zone the rest of the suite runs in
        time.tzset()
