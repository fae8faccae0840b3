"""The order timeline's rule (which step may follow which), partial shipments
by line, cancelling, expediting, and orders entered without a proposal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

import pytest

from desktop.domain.order_flow import allowed_steps, state_label
from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.test_orders import _accepted, walk
from tests.desktop.test_proposals import _setup


def test_each_status_offers_only_the_steps_that_follow_it() -> None:
    assert allowed_steps("entered") == ("confirmed", "cancelled")
    assert allowed_steps("confirmed") == ("reserved", "allocated", "cancelled")
    assert allowed_steps("picked") == ("shipped", "cancelled")
    assert allowed_steps("shipped", unshipped=True) == ("shipped",)  # the next partial shipment
    assert allowed_steps("shipped", unshipped=False) == ("delivered",)
    assert allowed_steps("delivered") == ("invoiced",)
    assert allowed_steps("invoiced") == () and allowed_steps("cancelled") == ()
    assert state_label("shipped", unshipped=True) == "Partly shipped"


def test_the_service_refuses_a_step_out_of_order(services: Services) -> None:
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="entered cannot go to shipped"):
        services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z")
    with pytest.raises(ValidationError, match="why the order is cancelled"):
        services.orders.advance(order, "cancelled", note="  ")
    assert services.orders.next_steps(order) == ("confirmed", "cancelled")
    services.orders.advance(order, "cancelled", note="Customer found it cheaper")
    assert services.orders.next_steps(order) == ()
    with pytest.raises(ValidationError, match="cancelled cannot go to confirmed"):
        services.orders.advance(order, "confirmed")


def test_partial_shipments_by_line_then_delivery(services: Services) -> None:
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    walk(services, order)
    [line] = services.orders.lines(order)
    assert line.quantity == D(12)
    with pytest.raises(ValidationError) as refused:
        services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z1",
                                quantities={line.id: 13})
    assert refused.value.errors == {"quantity_1": "Only 12 left to ship on line 1."}
    with pytest.raises(ValidationError) as future:
        services.orders.advance(order, "shipped", carrier="", tracking_number="",
                                ship_date=date(2026, 12, 1), quantities={line.id: 5})
    assert set(future.value.errors) == {"carrier", "tracking_number", "ship_date"}
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z1",
                            ship_date=date(2026, 11, 19), quantities={line.id: "5"})
    assert services.orders.lines(order)[0].remaining == D(7)
    assert services.orders.next_steps(order) == ("shipped",)  # not delivered: 7 still to go
    services.orders.advance(order, "shipped", carrier="DHL", tracking_number="JD1",
                            quantities={line.id: 7})
    assert services.orders.next_steps(order) == ("delivered",)
    shipments = [(e.carrier, e.ship_date, e.shipped) for e in services.orders.events(order)
                 if e.status == "shipped"]
    assert shipments == [("UPS", date(2026, 11, 19), {line.id.hex: "5"}),
                         ("DHL", date(2026, 11, 20), {line.id.hex: "7"})]
    services.orders.advance(order, "delivered")
    services.orders.advance(order, "invoiced")
    status = services.store.reads().execute("SELECT status FROM orders").fetchone()[0]
    assert status == "invoiced"


def test_expedite_needs_a_reason_and_a_date_to_come(services: Services) -> None:
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as refused:
        services.orders.expedite(order, " ", date(2026, 11, 1))
    assert set(refused.value.errors) == {"expedite_reason", "needed_by"}
    services.orders.expedite(order, "Line down", date(2026, 11, 27))
    assert services.store.reads().execute(
        "SELECT expedite, expedite_reason, needed_by FROM orders").fetchone() == (
        1, "Line down", "2026-11-27")


def test_an_order_entered_directly_is_priced_and_numbered(services: Services) -> None:
    account, wrap = _setup(services)
    with pytest.raises(ValidationError, match="at least one product"):
        services.orders.create(account, [])
    with pytest.raises(ValidationError) as bad:
        services.orders.create(account, [{"product_id": wrap, "quantity": "lots"}])
    assert bad.value.errors == {"quantity_1": "The quantity is not a number."}
    first = services.orders.create(account, [{"product_id": wrap, "quantity": "120"}],
                                   ship_date=date(2026, 11, 30)).id
    second = services.orders.from_proposal(_accepted_for(services, account, wrap)).id
    reads = services.store.reads()
    numbers = dict(reads.execute("SELECT id, provisional_number FROM orders").fetchall())
    assert numbers[first.hex].endswith("-0001") and numbers[second.hex].endswith("-0002")
    price, ship = reads.execute("SELECT unit_price, ship_date FROM order_lines "
                                "WHERE order_id = ?", (first.hex,)).fetchone()
    assert (price, ship) == ("17.5", "2026-11-30")  # the 100+ volume break
    [entered] = services.orders.events(first)
    assert (entered.status, entered.note) == ("entered", "Entered directly")


def _accepted_for(services: Services, account: object, wrap: object) -> object:
    p = services.proposals.create(account).id  # type: ignore[arg-type]
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 2})
    services.proposals.mark_sent(p)
    services.orders.accept(p)
    return p
