"""Closings on any period: each rep's orders and revenue (whole months from the
kept monthly rows, the days at the ends from the lines) equal a plain count and
sum over the order lines, on random seeded ranges and under the filters."""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta

import pytest

from desktop.reports import period
from desktop.reports.base import ReportContext
from desktop.reports.closings import figures_by_rep
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from tests.desktop.reports.conftest import ANCHOR


def _ranges() -> list[tuple[date, date]]:
    rng = random.Random(140)
    out = [(date(2026, 2, 10), date(2026, 11, 20)), (date(2025, 12, 1), date(2026, 11, 30)),
           (date(2026, 11, 30), date(2026, 12, 6)), (date(2026, 10, 3), date(2026, 11, 17))]
    for _n in range(4):
        first = date(2025, 1, 1) + timedelta(days=rng.randrange(680))
        out.append((first, first + timedelta(days=rng.randrange(1, 330))))
    return out


def _plain(services: Services, p: period.ReportPeriod, segment: str | None = None,
           product_line: str | None = None) -> dict[str, tuple[int, int]]:
    """rep -> (orders with a live line, net of those lines in USD, millionths)."""
    sql = ("SELECT coalesce(o.author_id, a.owner_id, ''), count(DISTINCT o.id), "
           "sum(CASE WHEN o.currency = 'USD' THEN CAST(round(l.quantity * l.unit_price * "
           "(100 - l.discount_percent) * 10000) AS INTEGER) ELSE 0 END) "
           "FROM order_lines l JOIN orders o ON o.id = l.order_id "
           "JOIN accounts a ON a.id = o.account_id LEFT JOIN products p ON p.id = l.product_id "
           "WHERE l.deleted_at IS NULL AND o.deleted_at IS NULL AND o.status != 'cancelled' "
           "AND substr(o.entered_at, 1, 10) >= ? AND substr(o.entered_at, 1, 10) <= ? "
           "AND (? IS NULL OR a.segment = ?) AND (? IS NULL OR p.product_line = ?) GROUP BY 1")
    args = (p.start.isoformat(), p.last_day.isoformat(), segment, segment, product_line,
            product_line)
    return {rep: (n, int(net)) for rep, n, net in services.store.reads().execute(sql, args)}


def _report(services: Services, f: ReportFilter) -> dict[str, tuple[int, int]]:
    ctx = ReportContext(services.store.reads(), ANCHOR.date())
    return {rep: (v["orders"], v["revenue"]) for rep, v in figures_by_rep(ctx, f).items()
            if v["orders"] or v["revenue"]}


@pytest.mark.parametrize(("first", "last"), _ranges(), ids=lambda d: d.isoformat())
def test_orders_and_revenue_per_rep_equal_a_plain_sum(services: Services, first: date,
                                                      last: date) -> None:
    p = period.custom(first, last)
    # revenue here counts the lines only: the deals won without an order are
    # checked in test_report_figures; take them out by filtering on a product line
    conn = services.store.reads()
    line = conn.execute("SELECT product_line FROM products WHERE product_line IS NOT NULL "
                        "ORDER BY product_line LIMIT 1").fetchone()[0]
    expected = _plain(services, p, product_line=line)
    assert _report(services, ReportFilter(p, product_line=line)) == expected
    whole = _plain(services, p)
    got = _report(services, ReportFilter(p))
    assert sum(n for n, _net in whole.values()) > 0
    assert {r: v[0] for r, v in got.items() if v[0]} == {r: v[0] for r, v in whole.items()}
    assert all(got[r][1] >= whole[r][1] for r in whole)  # plus deals won without an order


def test_a_segment_on_a_range(services: Services) -> None:
    p = period.custom(date(2026, 1, 20), date(2026, 10, 9))
    line = services.store.reads().execute(
        "SELECT product_line FROM products WHERE product_line IS NOT NULL "
        "ORDER BY product_line DESC LIMIT 1").fetchone()[0]
    f = ReportFilter(p, segment="Small business", product_line=line)
    expected = _plain(services, p, segment="Small business", product_line=line)
    assert expected and _report(services, f) == expected
    rep = next(iter(sorted(expected)))
    if rep:
        one = ReportFilter(p, rep_id=uuid.UUID(hex=rep), segment="Small business",
                           product_line=line)
        assert _report(services, one) == {rep: expected[rep]}
