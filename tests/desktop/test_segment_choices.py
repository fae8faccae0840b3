"""The reports' segment choices come from an index of the segments, one seek per
distinct value, not a scan of every account (migration 0028): the same values
as ``SELECT DISTINCT``, in the same order, for any mix of segments."""

from __future__ import annotations

from desktop.services.container import Services
from desktop.store import derived_segments

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
    assert on_accounts == [derived_segments.DISTINCT]
    plan = [row[3] for row in conn.execute("EXPLAIN QUERY PLAN " + on_accounts[0])]
    assert [p for p in plan if p.startswith("SEARCH accounts")] == [
        f"SEARCH accounts USING COVERING INDEX {derived_segments.INDEX} (segment>?)"] * 2
    assert not [p for p in plan if p.startswith("SCAN accounts")]
