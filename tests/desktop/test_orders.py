"""Orders from accepted proposals, the timeline, shipments, expediting, and
stock requests queued for the server."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.desktop.test_proposals import _setup


def _accepted(services: Services) -> object:
    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    services.proposals.add_line(p, {"product_id": wrap, "quantity": 12})
    services.proposals.add_line(p, {"description": "Extra film", "unit_price": "9",
                                    "quantity": 1, "optional": True})
    with pytest.raises(ValidationError, match="sent proposal"):
        services.orders.accept(p)
    services.proposals.mark_sent(p)
    services.orders.accept(p)
    return p


def walk(services: Services, order: object, *steps: str) -> None:
    """Move an order along its timeline (default: up to picked, ready to ship)."""
    for step in steps or ("confirmed", "allocated", "picked"):
        services.orders.advance(order, step)  # type: ignore[arg-type]


def test_one_step_from_accepted_proposal_to_order(services: Services) -> None:
    p = _accepted(services)
    order = services.orders.from_proposal(p).id  # type: ignore[arg-type]
    reads = services.store.reads()
    number, status, total_lines = reads.execute(
        "SELECT provisional_number, status, (SELECT count(*) FROM order_lines) FROM orders"
    ).fetchone()
    prefix = f"P-AR{services.user_id.hex[:4].upper()}"  # type: ignore[union-attr]
    assert (number, status, total_lines) == (f"{prefix}-0001", "entered", 1)  # no optional line
    assert reads.execute("SELECT number FROM orders").fetchone() == (None,)  # server's to give
    walk(services, order)
    with pytest.raises(ValidationError, match="tracking number"):
        services.orders.advance(order, "shipped", carrier="UPS")
    [line] = services.orders.lines(order)  # type: ignore[arg-type]
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z999",
                            quantities={line.id: 6}, note="6 of 12")
    services.orders.advance(order, "shipped", carrier="UPS", tracking_number="1Z998", note="rest")
    services.orders.expedite(order, "Line down at the plant", date(2026, 11, 25))
    events = reads.execute("SELECT status, tracking_number, shipped FROM order_events "
                           "ORDER BY at, rowid")
    assert [e for e in events] == [
        ("entered", None, None), ("confirmed", None, None), ("allocated", None, None),
        ("picked", None, None), ("shipped", "1Z999", f'{{"{line.id.hex}": "6"}}'),
        ("shipped", "1Z998", f'{{"{line.id.hex}": "6"}}')]
    assert reads.execute("SELECT expedite, needed_by FROM orders").fetchone() == (1, "2026-11-25")


def test_allocation_requests_wait_for_the_server(services: Services) -> None:
    p = _accepted(services)
    order = services.orders.from_proposal(p).id  # type: ignore[arg-type]
    services.orders.request_allocation(order, "SPRINGFIELD")
    rows = services.store.reads().execute(
        "SELECT quantity, kind, status FROM stock_requests").fetchall()
    assert rows == [("12", "allocate", "requested")]


def test_orders_only_from_accepted_proposals(services: Services) -> None:
    account, wrap = _setup(services)
    p = services.proposals.create(account).id
    with pytest.raises(ValidationError, match="Accept the proposal first"):
        services.orders.from_proposal(p)
