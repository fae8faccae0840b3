"""The order status update for the customer, and the shipping schedule."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

from desktop.domain.schema.orders import OrderLine
from desktop.services.container import Services
from tests.desktop.test_orders import _accepted, walk


def _order_with_dates(services: Services, ship: date) -> uuid.UUID:
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    with services.store.unit_of_work() as uow:
        for line in uow.session.query(OrderLine).all():
            line.ship_date = ship
        uow.commit()
    return order


def test_status_update_is_written_and_logged(services: Services) -> None:
    order = _order_with_dates(services, date(2026, 11, 30))
    walk(services, order)
    [line] = services.orders.lines(order)
    services.orders.advance(order, "shipped", quantities={line.id: 6}, carrier="UPS",
                            tracking_number="1Z999", note="6 of 12")
    services.orders.expedite(order, "Line down", date(2026, 11, 25))
    text, changes = services.shipping.send_status(order)
    assert "for Ωmega Ζήτα Бюро has partly shipped" in text
    assert "with UPS, tracking 1Z999 (6 of 12)" in text and "Needed by Nov 25, 2026" in text
    subject, notes = services.store.reads().execute(
        "SELECT subject, notes FROM interactions WHERE subject LIKE 'Order status:%'").fetchone()
    assert subject.startswith("Order status: P-AR") and notes == text
    assert changes.touches("interactions")


def test_schedule_marks_late_and_expedited_and_exports_csv(services: Services) -> None:
    late = _order_with_dates(services, date(2026, 11, 18))  # before FIXED_NOW (Nov 20)
    services.orders.expedite(late, "Line down", date(2026, 11, 21))
    rows = services.shipping.schedule()
    assert [(r.ship_date, r.late, r.expedite) for r in rows] == [("2026-11-18", True, True)]
    parsed = list(csv.DictReader(io.StringIO(services.shipping.schedule_csv(rows))))
    assert parsed[0]["late"] == "yes" and parsed[0]["sku"] == "PW-500"
    walk(services, late)
    services.orders.advance(late, "shipped", carrier="UPS", tracking_number="1Z1")
    [transit] = services.shipping.schedule()
    assert (transit.kind, transit.detail, transit.quantity) == ("transit", "UPS 1Z1", "12")
    services.orders.advance(late, "delivered")
    assert services.shipping.schedule() == []
