"""Filter choices read through indexes (migration 0028): the reports' segments
one seek per distinct value, not a scan of every account (the same values as
``SELECT DISTINCT``, in the same order, for any mix of segments); the events'
attendee counts from an index of the live attendees alone."""

from __future__ import annotations

from datetime import date

from desktop.services.container import Services
from desktop.store import derived_choices
from tests.desktop.test_events_and_links import _users

SEGMENTS = ["Enterprise", "enterprise", "Mid-market", None, "Zeta", "Ägäis", "", "Mid-market",
            "Public sector", None, "Enterprise"]


def test_the_segments_offered_are_the_distinct_ones_in_order(services: Services) -> None:
    for n, segment in enumerate(SEGMENTS):
        services.accounts.create_account({"name": f"Account {n}", "kind": "customer",
                                          "segment": segment})
    offered = [c.key for c in services.reports.choices().segments]
    conn = services.store.reads()
    distinct = [r[0] for r in conn.execute(
        "SELECT DISTINCT segment FROM accounts WHERE segment IS NOT NULL ORDER BY 1")]
    assert offered == distinct
    # Blank is no segment (the form stores it as none); case and accents count.
    assert offered == ["Enterprise", "Mid-market", "Public sector", "Zeta", "enterprise", "Ägäis"]


def test_an_empty_book_offers_no_segment(services: Services) -> None:
    assert services.reports.choices().segments == []


def test_the_choices_never_scan_the_accounts(services: Services) -> None:
    conn = services.store.reads()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    try:
        services.reports.choices()
    finally:
        conn.set_trace_callback(None)
    on_accounts = [sql for sql in ran if "accounts" in sql]
    assert on_accounts == [derived_choices.DISTINCT_SEGMENTS]
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + on_accounts[0])]
    assert [p for p in plan if p.startswith("SEARCH accounts")] == [
        f"SEARCH accounts USING COVERING INDEX {derived_choices.SEGMENTS} (segment>?)"] * 2
    assert not [p for p in plan if p.startswith("SCAN accounts")]


def test_the_events_count_their_live_attendees_from_the_index(services: Services) -> None:
    _users(services)  # a rep signed in: an event has an owner
    shows = [services.events.create({"name": name, "kind": "trade_show",
                                     "starts_on": date(2026, 12, 9 + n)}).id
             for n, name in enumerate(("PackExpo", "FoodTech", "Empty"))]
    acc = services.accounts.create_account({"name": "Harbour Supplies", "kind": "customer"}).id
    people = [services.accounts.add_contact(acc, {"first_name": f"P{n}", "last_name": "Y"}).id
              for n in range(4)]
    on = [services.events.add_attendee(shows[0], contact_id=p).id for p in people]
    services.events.add_attendee(shows[1], contact_id=people[0])
    services.events.remove_attendee(on[1])  # a deleted one does not count
    conn = services.store.reads()
    ran: list[str] = []
    conn.set_trace_callback(ran.append)
    try:
        counts = {row.id: row.attendees for row in services.events.rows()}
    finally:
        conn.set_trace_callback(None)
    assert counts == dict(zip(shows, (3, 1, 0), strict=True))
    counting = [sql for sql in ran if "event_attendees" in sql]
    assert len(counting) == 1
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + counting[0])]
    assert (f"SEARCH t USING COVERING INDEX {derived_choices.LIVE_ATTENDEES} "
            "(event_id=? AND deleted_at=?)"
            in plan), plan
