"""An event's deals are found through indexes (migration 0026), never by reading
every deal: at 1,000,000 accounts the Events view's return took 1.6 s that way,
on the one read thread, and the search typed next waited for it."""

from __future__ import annotations

from datetime import date

from desktop.services.container import Services
from tests.desktop.test_events_and_links import _users


def test_an_events_return_and_deals_read_through_indexes(services: Services) -> None:
    _users(services)  # a rep signed in: an event has an owner
    show = services.events.create({"name": "PackExpo", "kind": "trade_show",
                                   "starts_on": date(2026, 12, 9), "cost": "2000"}).id
    conn = services.store.reads()
    statements: list[str] = []
    conn.set_trace_callback(statements.append)
    try:
        back = services.events.return_on(show)
        deals = services.event_sources.deals(show)
    finally:
        conn.set_trace_callback(None)
    assert deals == [] and back is not None
    on_deals = [s for s in statements if "FROM opportunities o" in s]
    assert len(on_deals) == 2, statements
    for statement in on_deals:
        plan = " | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {statement}"))
        assert "ix_opportunities_event_id" in plan, plan
        assert "ix_opportunities_source_lead_id" in plan, plan
        assert "SCAN o" not in plan, plan
