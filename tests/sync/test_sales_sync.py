"""The catalogue and proposals sync exactly (Decimal money) and within scope."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal as D
from typing import Any

from desktop.domain.schema.sales import PriceEntry, Product, Proposal, ProposalLine, StockLevel
from tests.sync.conftest import Replica, territory_id

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def _add(replica: Replica, *rows: Any) -> None:
    with replica.store.unit_of_work() as uow:
        for row in rows:  # no ORM relationships here: parents first, one by one
            uow.session.add(row)
            uow.session.flush()
        uow.commit()


def _stamp() -> dict[str, Any]:
    return {"id": uuid.uuid4(), "created_at": NOW, "updated_at": NOW}


def test_catalogue_and_proposal_round_trip(make_replica: Any) -> None:
    root = make_replica("root", (), role="admin")
    ann, bob = make_replica("ann", ("EAST",)), make_replica("bob", ("EAST",))
    wes = make_replica("wes", ("WEST",))
    for r in (ann, wes):
        r.sync()
    mine = ann.accounts.create_account({"name": "Acme", "kind": "customer",
                                        "territory_id": territory_id(ann, "EAST")}).id
    theirs = wes.accounts.create_account({"name": "Westco", "kind": "customer",
                                          "territory_id": territory_id(wes, "WEST")}).id
    ann.sync()
    wes.sync()
    root.sync()
    wrap = Product(**_stamp(), sku="PW-500", name="Pallet wrap 500 mm", unit="roll",
                   tax_rate=D("0.0825"))
    _add(root, wrap,
         PriceEntry(**_stamp(), product_id=wrap.id, currency="USD", unit_price=D("19.90")),
         PriceEntry(**_stamp(), product_id=wrap.id, currency="USD", min_quantity=D("100"),
                    unit_price=D("17.505")),
         PriceEntry(**_stamp(), product_id=wrap.id, currency="USD", unit_price=D("15"),
                    account_id=mine),
         PriceEntry(**_stamp(), product_id=wrap.id, currency="USD", unit_price=D("14"),
                    account_id=theirs),
         StockLevel(**_stamp(), product_id=wrap.id, warehouse="SPRINGFIELD",
                    on_hand=D("1200"), reserved=D("150.5")))
    assert root.sync().rejected == 0
    ann.sync()
    prices = sorted(ann.rows("SELECT unit_price, account_id FROM price_entries"))
    assert prices == [("15", mine.hex), ("17.505", None), ("19.9", None)]  # not Westco's
    assert ann.rows("SELECT on_hand, reserved FROM stock_levels") == [("1200", "150.5")]

    quote = Proposal(**_stamp(), account_id=mine, number="AR-0001", issued_on=date(2026, 11, 23),
                     valid_until=date(2026, 12, 23), clauses=["payment-net"])
    line = ProposalLine(**_stamp(), proposal_id=quote.id, account_id=mine, position=1,
                        product_id=wrap.id, sku="PW-500", description="Pallet wrap",
                        quantity=D("120"), unit_price=D("17.505"), discount_percent=D("2.5"),
                        tax_rate=D("0.0825"))
    _add(ann, quote, line)
    assert ann.sync().pushed == 2
    bob.sync()
    with bob.store.unit_of_work() as uow:
        got = uow.session.get(ProposalLine, line.id)
        assert got is not None
        assert (got.quantity, got.unit_price, got.discount_percent) == (
            D("120"), D("17.505"), D("2.5"))
        assert uow.session.get(Proposal, quote.id).clauses == ["payment-net"]  # type: ignore[union-attr]
    assert wes.sync().pulled >= 0 and wes.rows("SELECT count(*) FROM proposals") == [(0,)]


def test_reps_cannot_change_the_catalogue(make_replica: Any) -> None:
    root = make_replica("root", (), role="admin")
    ann = make_replica("ann", ("EAST",))
    root.sync()
    wrap = Product(**_stamp(), sku="PW-500", name="Pallet wrap", unit="roll")
    _add(root, wrap)
    root.sync()
    ann.sync()
    with ann.store.unit_of_work() as uow:
        product = uow.session.get(Product, wrap.id)
        assert product is not None
        product.name = "Cheaper wrap"
        uow.commit()
    report = ann.sync()
    assert report.rejected == 1
    assert "catalogue" in ann.rows("SELECT reason FROM sync_rejected")[0][0]
    root.sync()
    assert root.rows("SELECT name FROM products") == [("Pallet wrap",)]
