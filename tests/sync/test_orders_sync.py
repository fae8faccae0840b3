"""Orders get their final number from the server; stock requests are decided
by the server in arrival order, and a refusal never loses the order."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal as D
from typing import Any

from desktop.domain.schema.orders import Order, OrderLine, StockRequest
from desktop.domain.schema.sales import Product, StockLevel
from tests.sync.conftest import Replica, territory_id
from tests.sync.test_sales_sync import _add, _stamp

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _order(rep: Replica, account: uuid.UUID, product: uuid.UUID, quantity: str,
           provisional: str) -> tuple[Order, StockRequest]:
    order = Order(**_stamp(), account_id=account, provisional_number=provisional,
                  entered_at=NOW)
    line = OrderLine(**_stamp(), order_id=order.id, account_id=account, position=1,
                     product_id=product, sku="PW-500", description="Pallet wrap",
                     quantity=D(quantity), unit_price=D("19.9"))
    request = StockRequest(**_stamp(), account_id=account, order_line_id=line.id,
                           product_id=product, warehouse="SPRINGFIELD", quantity=D(quantity),
                           kind="allocate")
    _add(rep, order, line, request)
    return order, request


def test_final_numbers_and_the_last_units_go_to_whoever_syncs_first(make_replica: Any) -> None:
    root = make_replica("root", (), role="admin")
    ann, bob = make_replica("ann", ("EAST",)), make_replica("bob", ("EAST",))
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.sync()
    root.sync()
    wrap = Product(**_stamp(), sku="PW-500", name="Pallet wrap", unit="roll")
    _add(root, wrap, StockLevel(**_stamp(), product_id=wrap.id, warehouse="SPRINGFIELD",
                                on_hand=D("100"), reserved=D("10"), allocated=D("20")))
    root.sync()
    ann.sync()
    bob.sync()
    # Both see 70 free and, offline, each allocates 50 of them.
    ann_order, ann_request = _order(ann, acc, wrap.id, "50", "P-ANN-0001")
    bob_order, bob_request = _order(bob, acc, wrap.id, "50", "P-BOB-0001")
    assert ann.sync().rejected == 0
    assert bob.sync().rejected == 0  # stored, but decided against: see below
    ann.sync()
    for rep in (ann, bob):
        orders = dict(rep.rows("SELECT provisional_number, number FROM orders"))
        assert orders == {"P-ANN-0001": "SO-000001", "P-BOB-0001": "SO-000002"}
        decided = dict(rep.rows("SELECT id, status FROM stock_requests"))
        assert decided == {ann_request.id.hex: "granted", bob_request.id.hex: "rejected"}
    [(reason,)] = bob.rows("SELECT reason FROM stock_requests WHERE status = 'rejected'")
    assert "Only 20 available" in reason and "50 requested" in reason
    assert bob.rows("SELECT count(*) FROM order_lines") == [(2,)]  # the order survives
    assert bob.rows("SELECT allocated FROM stock_levels") == [("70",)]


def test_a_hold_that_no_longer_fits_comes_back_rejected_and_shows(
        make_replica: Any, tmp_path: Any, qtbot: Any) -> None:
    """Offline, Bob reserves a quote's stock against his last snapshot; Ann's
    allocation reaches the server first. Bob's hold comes back rejected with the
    reason and what is left; his quote and his order stay, and the Orders view
    shows the refusal."""
    from desktop.domain.schema.sales import PriceEntry
    from desktop.services.container import Services
    from desktop.settings import SettingsFile
    from ui.app import make_qapp
    from ui.change_bus import ChangeBus
    from ui.prompts import Prompts
    from ui.views.orders_view import OrdersView

    root = make_replica("root", (), role="admin")
    ann, bob = make_replica("ann", ("EAST",)), make_replica("bob", ("EAST",))
    ann.sync()
    acc = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                       "territory_id": territory_id(ann, "EAST")}).id
    ann.sync()
    root.sync()
    wrap = Product(**_stamp(), sku="PW-500", name="Pallet wrap", unit="roll")
    _add(root, wrap, StockLevel(**_stamp(), product_id=wrap.id, warehouse="SPRINGFIELD",
                                on_hand=D("100"), reserved=D("0"), allocated=D("0")),
         PriceEntry(**_stamp(), product_id=wrap.id, currency="USD", min_quantity=D(1),
                    unit_price=D("19.9")))
    root.sync()
    for rep in (ann, bob):
        rep.sync()

    def services(rep: Replica) -> Services:
        svc = Services(rep.store, SettingsFile(tmp_path / f"{rep.user_id.hex}.json"))
        svc.set_current_user(rep.user_id)
        return svc

    ann_svc, bob_svc = services(ann), services(bob)
    # Offline, both see 100 free: Ann allocates 70 to an order, Bob holds 60 for a quote.
    ann_order = ann_svc.orders.create(acc, [{"product_id": wrap.id, "quantity": "70"}]).id
    ann_svc.stock.request_for_order(ann_order, "allocate", "SPRINGFIELD")
    quote = bob_svc.proposals.create(acc).id
    bob_svc.proposals.add_line(quote, {"product_id": wrap.id, "quantity": 60})
    bob_svc.orders.create(acc, [{"product_id": wrap.id, "quantity": "60"}])
    bob_svc.stock.reserve_for_proposal(quote, "SPRINGFIELD", 7)
    assert [r.state for r in bob_svc.stock.requests()] == ["requested"]
    ann.sync()
    bob.sync()
    requests = {r.kind: r for r in bob_svc.stock.requests()}  # Ann's arrived too
    assert requests["allocate"].state == "granted"
    held = requests["reserve"]
    assert held.state == "rejected"
    assert held.reason == "Only 30 available in SPRINGFIELD; 60 requested."
    assert bob.rows("SELECT count(*) FROM proposals") == [(1,)]  # the quote survives
    assert bob.rows("SELECT count(*) FROM orders WHERE author_id = ?", bob.user_id.hex) == [
        (1,)]  # and so does his order
    assert bob.rows("SELECT reserved, allocated FROM stock_levels") == [("0", "70")]

    make_qapp()
    view = OrdersView(bob_svc, ChangeBus(), Prompts())
    qtbot.addWidget(view)
    assert view.warning.isVisibleTo(view)
    assert "1 stock request was refused" in view.warning.text()
    view.detail.all_requests.setChecked(True)
    stock = view.detail.stock
    [row] = [[stock.index(r, c).data() for c in range(stock.columnCount())]
             for r in range(stock.rowCount()) if stock.index(r, 0).data() == "Hold"]
    assert row[5] == "Rejected"
    assert row[6] == "Only 30 available in SPRINGFIELD; 60 requested."
