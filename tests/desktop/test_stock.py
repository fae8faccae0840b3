"""Stock requests from the rep: soft holds for a quote (expiring), holds and
allocations for an order's lines, and their states as the window shows them."""

from __future__ import annotations

import uuid
from datetime import timedelta
from decimal import Decimal as D

import pytest

from desktop.services.container import Services
from desktop.services.validation import ValidationError
from tests.conftest import FIXED_NOW
from tests.desktop.test_orders import _accepted
from tests.desktop.test_proposals import _setup


def test_a_quote_reserves_its_lines_until_the_hold_expires(services: Services) -> None:
    account, wrap = _setup(services)
    quote = services.proposals.create(account).id
    services.proposals.add_line(quote, {"product_id": wrap, "quantity": 40})
    services.proposals.add_line(quote, {"description": "Setup", "unit_price": "50"})
    with pytest.raises(ValidationError, match="at least one day"):
        services.stock.reserve_for_proposal(quote, "SPRINGFIELD", 0)
    changes = services.stock.reserve_for_proposal(quote, "SPRINGFIELD",
                                                  services.settings.reservation_days)
    assert changes.touches("stock_requests")
    [row] = services.stock.requests()
    assert (row.kind, row.state, row.sku, row.quantity) == ("reserve", "requested", "PW-500",
                                                            D(40))
    assert row.expires_at == FIXED_NOW + timedelta(days=7)
    assert row.reference.endswith("-0001")  # the quote's number
    # The server granted it; a week later the list shows it expired even offline.
    _server_says(services, "UPDATE stock_requests SET status = 'granted'")
    assert services.stock.requests()[0].state == "granted"
    later = Services(services.store, services.settings_file,
                     clock=lambda: FIXED_NOW + timedelta(days=8), settings=services.settings)
    assert later.stock.requests()[0].state == "expired"


def test_an_order_allocates_its_lines_and_refusals_are_counted(services: Services) -> None:
    order = services.orders.from_proposal(_accepted(services)).id  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="No catalogue lines"):
        services.stock.request_for_order(order, "allocate", "DALLAS", line_ids=[uuid.uuid4()])
    services.stock.request_for_order(order, "allocate", "DALLAS")
    [row] = services.stock.requests(order)
    assert (row.kind, row.state, row.warehouse, row.expires_at) == ("allocate", "requested",
                                                                    "DALLAS", None)
    assert services.stock.refused() == 0
    _server_says(services, "UPDATE stock_requests SET status = 'rejected', "
                           "reason = 'Only 3 available in DALLAS; 12 requested.'")
    [row] = services.stock.requests(order)
    assert (row.state, row.reason) == ("rejected", "Only 3 available in DALLAS; 12 requested.")
    assert services.stock.refused() == 1


def _server_says(services: Services, sql: str) -> None:
    """The server's decision, as a sync would write it (tests/sync cover the real path)."""
    from sqlalchemy import text

    with services.store.unit_of_work() as uow:
        uow.session.execute(text(sql))
        uow.commit()
