"""Forged status changes, through the HTTP API on SQLite and PostgreSQL: orders,
proposals and stock requests move only along their state machines
(``desktop.domain.transitions``); a forbidden step is rejected alone with its
reason, never a 5xx, and the rest of the push applies."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from tests.server.pipeline_rows import create, edit
from tests.server.test_server_decides import (  # noqa: F401
    Client,
    World,
    _hold,
    _order,
    _proposal,
    _stock,
    world,
)


def _step(who: Client, table: str, before: dict[str, Any], status: str) -> dict[str, Any]:
    """Move ``before`` (the row as the client saw it) to ``status``."""
    return who.push(edit(0, table, before["id"], before, {"status": status}))[0]


def _stored(who: Client, table: str, row_id: str) -> dict[str, Any]:
    return who.rows(table)[row_id]


def test_an_order_moves_only_along_its_timeline(world: World) -> None:  # noqa: F811
    ann = world.as_ann
    acc = world.account(ann, world.east)
    shipped = ann.one("orders", {**_order(acc), "status": "shipped"})
    assert shipped["status"] == "rejected" and "starts as entered" in shipped["reason"]
    bogus = ann.one("orders", {**_order(acc), "status": "teleported"})
    assert bogus["status"] == "rejected" and "not a status" in bogus["reason"]
    order = _order(acc)
    assert ann.one("orders", order)["status"] == "applied"
    assert _step(ann, "orders", order, "confirmed")["status"] == "applied"
    now = _stored(ann, "orders", order["id"])
    for forged in ("entered", "shipped", "invoiced"):  # back, or a skip over steps
        refused = _step(ann, "orders", now, forged)
        assert refused["status"] == "rejected", (forged, refused)
        assert "that is confirmed cannot become" in refused["reason"]
    emptied = ann.push(edit(0, "orders", order["id"], now, {"status": None}))[0]
    assert emptied["status"] == "rejected"  # null is the default (entered): a step back
    assert _step(ann, "orders", now, "cancelled")["status"] == "applied"
    cancelled = _stored(ann, "orders", order["id"])
    again = _step(world.as_boss, "orders", cancelled, "confirmed")  # a manager too
    assert again["status"] == "rejected" and "cancelled cannot become confirmed" in \
        again["reason"]
    assert _stored(ann, "orders", order["id"])["status"] == "cancelled"


def test_a_forged_step_is_rejected_alone(world: World) -> None:  # noqa: F811
    ann = world.as_ann
    acc = world.account(ann, world.east)
    first, second = _order(acc), _order(acc)
    results = ann.push(create(0, "orders", first), create(0, "orders", {
        **_order(acc), "status": "delivered"}), create(0, "orders", second))
    assert [r["status"] for r in results] == ["applied", "rejected", "applied"], results
    assert {first["id"], second["id"]} <= ann.rows("orders").keys()


def test_a_proposal_is_sent_then_answered_never_undone(world: World) -> None:  # noqa: F811
    ann = world.as_ann
    acc = world.account(ann, world.east)
    for forged in ("sent", "accepted"):
        created = ann.one("proposals", _proposal(acc, status=forged))
        assert created["status"] == "rejected" and "starts as draft" in created["reason"]
    draft = _proposal(acc)
    assert ann.one("proposals", draft)["status"] == "applied"
    skipped = _step(ann, "proposals", draft, "accepted")
    assert skipped["status"] == "rejected" and "draft cannot become accepted" in \
        skipped["reason"]
    assert _step(ann, "proposals", draft, "sent")["status"] == "applied"
    sent = _stored(ann, "proposals", draft["id"])
    back = _step(ann, "proposals", sent, "draft")
    assert back["status"] == "rejected" and "sent cannot become draft" in back["reason"]
    assert _step(ann, "proposals", sent, "accepted")["status"] == "applied"
    accepted = _stored(ann, "proposals", draft["id"])
    for forged in ("declined", "expired", "draft", "sent"):
        assert _step(ann, "proposals", accepted, forged)["status"] == "rejected", forged
    assert _stored(ann, "proposals", draft["id"])["status"] == "accepted"


def test_only_the_server_decides_a_stock_request(world: World) -> None:  # noqa: F811
    ann = world.as_ann
    acc = world.account(ann, world.east)
    product = _stock(world.db, 100)
    granted = ann.one("stock_requests", _hold(acc, product, "10", status="granted",
                                              expires_at="2027-01-01 00:00:00.000000"))
    assert granted["status"] == "rejected" and "starts as requested" in granted["reason"]
    hold = _hold(acc, product, "30", status="requested",
                 expires_at="2027-01-01 00:00:00.000000")
    assert ann.one("stock_requests", hold)["status"] == "applied"
    decided = _stored(ann, "stock_requests", hold["id"])
    assert decided["status"] == "granted"
    for who, forged in ((ann, "expired"), (world.as_boss, "expired"), (ann, "requested"),
                        (ann, "rejected")):
        refused = _step(who, "stock_requests", decided, forged)
        assert refused["status"] == "rejected", (forged, refused)
    assert "Only the server" in _step(ann, "stock_requests", decided, "expired")["reason"]
    # the hold still holds: nothing was given back by a forged expiry
    assert [D(v["reserved"]) for v in ann.rows("stock_levels").values()] == [D(30)]
    assert _stored(ann, "stock_requests", hold["id"])["status"] == "granted"
    small = _hold(acc, product, "500", status="requested",
                  expires_at="2027-01-01 00:00:00.000000")
    assert ann.one("stock_requests", small)["status"] == "applied"
    rejected = _stored(ann, "stock_requests", small["id"])
    assert rejected["status"] == "rejected"
    assert _step(ann, "stock_requests", rejected, "granted")["status"] == "rejected"


def test_approval_is_the_managers(world: World) -> None:  # noqa: F811
    acc = world.account(world.as_ann, world.east)
    draft = _proposal(acc)
    assert world.as_ann.one("proposals", draft)["status"] == "applied"
    own = world.as_ann.push(edit(0, "proposals", draft["id"], draft,
                                 {"approved_by": world.ann.hex}))[0]
    assert own["status"] == "rejected" and "manager" in own["reason"]
    stored = _stored(world.as_boss, "proposals", draft["id"])
    by_boss = world.as_boss.push(edit(0, "proposals", draft["id"], stored,
                                      {"approved_by": world.boss.hex}))[0]
    assert by_boss["status"] == "applied", by_boss

