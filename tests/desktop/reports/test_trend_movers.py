"""The trends report's top growing and declining accounts against the test's own
sums: each account's home-currency revenue this period and the one before."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from desktop.reports import period
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from tests.desktop.reports.conftest import cents, net

Q3 = period.parse("2026-Q3")


def test_top_growing_and_declining_accounts(services: Services) -> None:
    prev = Q3.previous()
    now: dict[str, Decimal] = defaultdict(Decimal)  # by account id (names repeat)
    before: dict[str, Decimal] = defaultdict(Decimal)
    names: dict[str, str] = {}
    for account, name, entered, q, p, d in services.store.reads().execute(
            "SELECT a.id, a.name, o.entered_at, l.quantity, l.unit_price, l.discount_percent "
            "FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN accounts a "
            "ON a.id = o.account_id WHERE o.status != 'cancelled' AND o.currency = 'USD' "
            "AND o.deleted_at IS NULL AND l.deleted_at IS NULL"):
        names[account], day = name, entered[:10]
        if Q3.start.isoformat() <= day < Q3.end.isoformat():
            now[account] += net(q, p, d)
        elif prev.start.isoformat() <= day < prev.end.isoformat():
            before[account] += net(q, p, d)
    change = {n: cents(now[n]) - cents(before[n]) for n in set(now) | set(before)}
    result = services.reports.run("trends", ReportFilter(Q3))
    growing = result.table_named("growing").rows
    declining = result.table_named("declining").rows
    assert len(growing) == 10 and len(declining) == 10  # the demo has both kinds
    ups = sorted((c for c in change.values() if c > 0), reverse=True)[:10]
    downs = sorted(c for c in change.values() if c < 0)[:10]
    assert [r[3] for r in growing] == ups
    assert [r[3] for r in declining] == downs
    sums = {(names[n], cents(now[n]), cents(before[n])) for n in change}
    assert {(r[0], r[1], r[2]) for r in (*growing, *declining)} <= sums
