"""Orders in the window: the list, the timeline, the customer's update, the schedule."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from desktop.domain.schema.orders import OrderLine
from tests.desktop.test_orders import _accepted, walk


def test_orders_list_timeline_status_and_schedule(make_app: Any, tmp_path: Path,
                                                  qtmodeltester: Any) -> None:
    app = make_app()
    services = app.services
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    with services.store.unit_of_work() as uow:
        for line in uow.session.query(OrderLine).all():
            line.ship_date = date(2026, 11, 18)
        uow.commit()
    walk(services, order)
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z999")
    window = app.window
    window.sidebar.setCurrentRow(3)
    view = window.orders
    assert window.stack.currentWidget() is view
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.events)
    first = [view.model.index(0, c).data() for c in range(3)]
    assert first[0].endswith("(provisional)") and first[1:] == ["Ωmega Ζήτα Бюро", "Shipped"]
    steps = [view.events.index(r, 1).data() for r in range(view.events.rowCount())]
    assert steps == ["Entered", "Confirmed", "Allocated", "Picked", "Shipped"]
    assert "UPS · 1Z999" in view.events.index(4, 2).data()
    view.send_status()
    assert "has shipped" in view.last_status
    logged = services.store.reads().execute(
        "SELECT count(*) FROM interactions WHERE subject LIKE 'Order status:%'").fetchone()[0]
    assert logged == 1
    assert view.export_to(tmp_path / "schedule.csv") == 1
    [row] = list(csv.DictReader((tmp_path / "schedule.csv").open(encoding="utf-8")))
    assert row["sku"] == "PW-500" and row["status"] == "shipped"


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
