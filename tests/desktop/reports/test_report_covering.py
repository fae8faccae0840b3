"""The delivery and closings reports read orders, their accounts and the lines
due through covering indexes (migrations 0020 and 0022: ``ix_order_lines_due``), not
the wide rows; with an account filter the accounts' own rows are read."""

from __future__ import annotations

from desktop.reports import period
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services

Q4 = period.parse("2026-Q4")


def _plans(services: Services, name: str, f: ReportFilter) -> list[str]:
    conn = services.store.reads()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        services.reports.run(name, f)
    finally:
        conn.set_trace_callback(None)
    return [" | ".join(r[3] for r in conn.execute(f"EXPLAIN QUERY PLAN {s}"))
            for s in seen if "FROM orders o" in s or "FROM order_lines l" in s]


def test_delivery_reads_the_covering_indexes(services: Services) -> None:
    plans = " || ".join(_plans(services, "delivery", ReportFilter(Q4)))
    assert "COVERING INDEX ix_order_lines_due (ship_date>? AND ship_date<?)" in plans
    assert "ix_order_events" not in plans  # the kept first shipment, no walk of the events
    assert "COVERING INDEX ix_orders_facts (id=?" in plans
    assert "COVERING INDEX ix_orders_entered_facts (entered_at>? AND entered_at<?)" in plans
    assert "COVERING INDEX ix_accounts_facts (id=?)" in plans
    assert "sqlite_autoindex_orders_1" not in plans


def test_closings_reads_the_covering_indexes(services: Services) -> None:
    plans = " || ".join(_plans(services, "closings", ReportFilter(Q4)))
    assert "COVERING INDEX ix_orders_entered_facts (entered_at>? AND entered_at<?)" in plans
    assert "COVERING INDEX ix_orders_account_entered (account_id=?" in plans
    assert "COVERING INDEX ix_accounts_facts (id=?)" in plans


def test_an_account_filter_reads_the_accounts_rows(services: Services) -> None:
    plans = " || ".join(_plans(services, "delivery", ReportFilter(Q4, tier="A")))
    assert "ix_accounts_facts" not in plans and "ix_orders_facts" in plans
