"""The Shipping view's pages (desktop.services.ship_schedule): the same lines as
the whole schedule, a page at a time through the trigger-kept sort key's
partial index, with no sort of its own."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import text

from desktop.domain.schema.orders import OrderLine
from desktop.services.container import Services
from desktop.services.ship_schedule import (
    COUNT_SQL,
    PAGE_SQL,
    TRANSIT_SQL,
    SchedulePage,
    ShipFilter,
    ShipSchedule,
)
from desktop.services.shipping import ScheduleRow
from desktop.store import derived_shipping
from tests.desktop.test_orders import walk
from tests.desktop.test_proposals import _setup

TODAY = date(2026, 11, 20)  # conftest's FIXED_NOW


def _order(services: Services, ship: date, made: list[tuple[uuid.UUID, uuid.UUID]]) -> uuid.UUID:
    """An accepted proposal's order (12 rolls) with its lines due on ``ship``."""
    if not made:
        made.append(_setup(services))
    account, wrap = made[0]
    proposal = services.proposals.create(account).id
    services.proposals.add_line(proposal, {"product_id": wrap, "quantity": 12})
    services.proposals.mark_sent(proposal)
    services.orders.accept(proposal)
    order: uuid.UUID = services.orders.from_proposal(proposal).id  # type: ignore[assignment]
    with services.store.unit_of_work() as uow:
        for line in uow.session.query(OrderLine).filter(OrderLine.order_id == order):
            line.ship_date = ship
        uow.commit()
    return order


def _book(services: Services, today: date = TODAY) -> dict[str, uuid.UUID]:
    """Four orders: late and expedited, partly shipped, far ahead, all shipped."""
    made: list[tuple[uuid.UUID, uuid.UUID]] = []
    late = _order(services, today - timedelta(days=2), made)
    services.orders.expedite(late, "Line down", today + timedelta(days=1))
    part = _order(services, today + timedelta(days=5), made)
    walk(services, part)
    [line] = services.orders.lines(part)
    services.orders.advance(part, "shipped", carrier="UPS", tracking_number="1Z9",
                            ship_date=today - timedelta(days=1), quantities={line.id: 4})
    far = _order(services, today + timedelta(days=45), made)
    done = _order(services, today + timedelta(days=3), made)
    walk(services, done)
    services.orders.advance(done, "shipped", carrier="DHL", tracking_number="J1",
                            ship_date=today - timedelta(days=3))
    return {"late": late, "part": part, "far": far, "done": done}


def _paged(listing: ShipSchedule, flt: ShipFilter, size: int) -> list[ScheduleRow]:
    rows, after = [], None
    while True:
        page = listing.page(flt, after, size)
        rows += page.rows
        if page.next is None:
            return rows
        after = page.next


def _plain(rows: list[ScheduleRow]) -> list[tuple[object, ...]]:
    return sorted(tuple(r[:12]) for r in rows)


def test_pages_hold_the_schedules_lines_in_key_order(services: Services) -> None:
    _book(services)
    listing = ShipSchedule(services.store, services.clock)
    for days in (1, 30, 60):
        whole = services.shipping.schedule(days=days)
        for size in (1, 2, 100):
            paged = _paged(listing, ShipFilter(days), size)
            assert _plain(paged) == _plain(whole), (days, size)
            assert [r.ship_date for r in paged] == sorted(r.ship_date for r in paged)
            assert len({r.id for r in paged}) == len(paged)
        counts = listing.counts(ShipFilter(days))
        assert counts == (len(whole), sum(r.late for r in whole), sum(r.expedite for r in whole))
    kinds = [(r.kind, r.quantity, r.detail) for r in _paged(listing, ShipFilter(30), 1)]
    # shipped three days ago, the late line (two), shipped yesterday, the part left
    assert kinds == [("transit", "12", "DHL J1"), ("ship", "12", ""),
                     ("transit", "4", "UPS 1Z9"), ("ship", "8", "")]


def test_the_sort_key_follows_every_change_and_equals_a_rebuild(services: Services) -> None:
    orders = _book(services)
    reads = services.store.reads()

    def keys() -> dict[str, str | None]:
        return dict(reads.execute("SELECT order_id, open_ship_date FROM order_lines"))

    kept = keys()
    assert kept[orders["done"].hex] is None  # all shipped
    assert kept[orders["part"].hex] == (TODAY + timedelta(days=5)).isoformat()  # 8 of 12 left
    assert kept[orders["far"].hex] == (TODAY + timedelta(days=45)).isoformat()
    services.orders.advance(orders["far"], "cancelled", note="Customer withdrew")
    [line] = services.orders.lines(orders["part"])
    services.orders.advance(orders["part"], "shipped", quantities={line.id: 8},
                            carrier="UPS", tracking_number="1Z10")
    kept = keys()
    assert kept[orders["far"].hex] is None and kept[orders["part"].hex] is None
    with services.store.engine.begin() as conn:
        conn.execute(text("UPDATE order_lines SET open_ship_date = 'x'"))
        for statement in derived_shipping.REBUILD:
            conn.execute(text(statement))
    assert keys() == kept


def test_each_page_and_the_count_seek_the_partial_index_without_sorting(
        services: Services) -> None:
    _book(services)
    reads = services.store.reads()
    args = {"horizon": "2026-12-20", "d": "2026-11-25", "o": "", "l": "", "n": 100,
            "today": "2026-11-20"}
    seeks = {PAGE_SQL: "((open_ship_date,order_id,id)>(?,?,?) AND open_ship_date<?)",
             COUNT_SQL: "(open_ship_date>? AND open_ship_date<?)"}  # > : IS NOT NULL
    for sql, seek in seeks.items():
        plan = " | ".join(r[-1] for r in reads.execute("EXPLAIN QUERY PLAN " + sql, args))
        assert plan.startswith("SEARCH l USING "), plan
        assert f"INDEX {derived_shipping.INDEX} {seek}" in plan, plan
        assert "TEMP B-TREE" not in plan and "SCAN" not in plan, plan
    # the shipments on their way: a range of days in the shipped steps' index
    days = {"since": "2026-11-13", "d": "2026-11-17", "o": "", "ud": "2026-11-19", "uo": "f" * 32}
    plan = " | ".join(r[-1] for r in reads.execute("EXPLAIN QUERY PLAN " + TRANSIT_SQL, days))
    assert plan.startswith(f"SEARCH e USING INDEX {derived_shipping.SHIPPED} "
                           "(<expr>>? AND <expr><?)"), plan
    assert "SCAN" not in plan, plan


def test_a_page_is_read_again_by_its_range_of_keys(services: Services) -> None:
    """``until`` (inclusive) bounds a page read again, as a windowed model does."""
    _book(services)
    listing = ShipSchedule(services.store, services.clock)
    flt, after = ShipFilter(60), None
    pages: list[tuple[Any, SchedulePage]] = []
    while True:
        page = listing.page(flt, after, 2)
        pages.append((after, page))
        if page.next is None:
            break
        after = page.next
    assert len(pages) == 3
    for after, page in pages[:-1]:
        again = listing.page(flt, after, 10, until=page.next)
        assert again.rows == page.rows and again.next is None
        cut = listing.page(flt, after, 1, until=page.next)  # more than the limit: a cursor
        assert cut.rows == page.rows[:1] and cut.next is not None
