"""Trends on custom ranges and weeks: each span's whole months come from the
kept monthly rows, only the days at its ends from the order lines. On random
ranges over the demo book (seeded) the report equals the one that adds up
every line, and its growth tables and months equal a plain computation here."""

from __future__ import annotations

import random
import re
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import pytest

from desktop.reports import period, trend_edges, trend_sums, trends
from desktop.reports.filters import ReportFilter
from desktop.services.container import Services
from tests.desktop.reports.conftest import cents, net

FIXED = [
    (date(2026, 2, 10), date(2026, 11, 20)),  # 9 months: the three periods overlap months
    (date(2026, 11, 30), date(2026, 12, 6)),  # a week as a range
    (date(2026, 10, 3), date(2026, 11, 17)),  # no whole month inside
    (date(2026, 4, 1), date(2026, 9, 30)),  # whole months only, as a custom range
    (date(2025, 1, 15), date(2026, 11, 30)),  # longer than a year: the one before leaves the 24
    (date(2026, 2, 1), date(2026, 2, 14)),  # starts on a first, ends inside the month
    (date(2025, 12, 1), date(2026, 11, 30)),  # 12 months, aligned
]


def _random_ranges(count: int) -> list[tuple[date, date]]:
    rng = random.Random(14)
    out = []
    for _n in range(count):
        first = date(2025, 1, 1) + timedelta(days=rng.randrange(700))
        out.append((first, min(first + timedelta(days=rng.choice(
            [rng.randrange(1, 40), rng.randrange(40, 400)])), date(2026, 12, 6))))
    return out


RANGES = FIXED + _random_ranges(8)


def _all_lines(services: Services, f: ReportFilter, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as m:  # no month whole anywhere: every line is read
        m.setattr(trend_sums, "_whole_months", lambda span: (span.end, span.start))
        m.setattr(trend_edges, "plan", lambda ranges, splits: (ranges, {}))
        return services.reports.run("trends", f)


@pytest.mark.parametrize(("first", "last"), RANGES, ids=lambda d: d.isoformat())
def test_whole_months_from_the_kept_rows_give_the_all_lines_report(
        services: Services, first: date, last: date, monkeypatch: pytest.MonkeyPatch) -> None:
    f = ReportFilter(period.custom(first, last))
    fast = services.reports.run("trends", f)
    lines = _all_lines(services, f, monkeypatch)
    assert fast.figures == lines.figures
    assert fast.tables == lines.tables
    assert fast.charts == lines.charts
    assert fast.figure("revenue")


@pytest.mark.parametrize("which", ["rep_segment", "territory_tier", "product_line"])
def test_filtered_custom_ranges_agree(services: Services, which: str,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import uuid

    conn = services.store.reads()
    territory = conn.execute("SELECT territory_id FROM accounts WHERE territory_id IS NOT NULL "
                             "ORDER BY id LIMIT 1").fetchone()[0]
    line = conn.execute("SELECT product_line FROM products WHERE product_line IS NOT NULL "
                        "ORDER BY product_line LIMIT 1").fetchone()[0]
    p = period.custom(date(2026, 1, 20), date(2026, 10, 9))
    f = {"rep_segment": ReportFilter(p, rep_id=services.reports.find_user("alex.morgan"),
                                     segment="Small business"),
         "territory_tier": ReportFilter(p, territory_id=uuid.UUID(hex=territory), tier="A"),
         "product_line": ReportFilter(p, product_line=line)}[which]
    fast = services.reports.run("trends", f)
    lines = _all_lines(services, f, monkeypatch)
    assert fast.tables == lines.tables and fast.figures == lines.figures
    assert fast.charts == lines.charts
    assert fast.table_named("months").total("revenue")


@pytest.mark.parametrize(("first", "last"), RANGES[:5], ids=lambda d: d.isoformat())
def test_custom_range_figures_equal_a_plain_computation(services: Services, first: date,
                                                        last: date) -> None:
    p = period.custom(first, last)
    result = services.reports.run("trends", ReportFilter(p))
    spans = {"now": p, "before": p.previous(), "year": p.year_before()}
    by_segment: dict[str, dict[str, Decimal]] = {k: defaultdict(Decimal) for k in spans}
    by_month: dict[str, Decimal] = defaultdict(Decimal)
    window = trends.window(p)
    for segment, entered, q, price, d in services.store.reads().execute(
            "SELECT coalesce(a.segment, ''), o.entered_at, l.quantity, l.unit_price, "
            "l.discount_percent FROM order_lines l JOIN orders o ON o.id = l.order_id "
            "JOIN accounts a ON a.id = o.account_id WHERE o.status != 'cancelled' "
            "AND o.deleted_at IS NULL AND l.deleted_at IS NULL AND o.currency = 'USD'"):
        day = entered[:10]
        for key, span in spans.items():
            if span.start.isoformat() <= day < span.end.isoformat():
                by_segment[key][segment] += net(q, price, d)
        if window.start.isoformat() <= day < window.end.isoformat():
            by_month[day[:7]] += net(q, price, d)
    table = result.table_named("segments")
    assert {r[0] for r in table.rows} == {s or "(none)" for k in spans for s in by_segment[k]}
    for row in table.rows:
        assert row[1] == cents(by_segment["now"][str(row[0])])
        assert row[3] == cents(by_segment["before"][str(row[0])])
        assert row[5] == cents(by_segment["year"][str(row[0])])
    months = result.table_named("months")
    assert [r[0] for r in months.rows][-1] == f"{p.last_day:%Y-%m}"
    for month, revenue, _units in months.rows:
        assert revenue == cents(by_month[str(month)]), month


def test_a_long_range_reads_few_lines(services: Services) -> None:
    """A 9-month range reads the lines of its partial months only: the kept
    rows serve the rest (the spans' whole months)."""
    p = period.custom(date(2026, 2, 10), date(2026, 11, 20))
    now, before, ago = (trend_sums.split(s) for s in (p, p.previous(), p.year_before()))
    assert now.months == tuple(f"2026-{m:02d}" for m in range(3, 11))
    assert now.edges == (("2026-02-10", "2026-03-01"), ("2026-11-01", "2026-11-21"))
    assert before.edges == (("2025-05-02", "2025-06-01"), ("2026-02-01", "2026-02-10"))
    assert ago.months[0] == "2025-03" and ago.months[-1] == "2025-10"
    splits = (trend_sums.split(trends.window(p)), now, before, ago)
    ranges = trend_sums._merged([e for s in splits for e in s.edges])
    read, derived = trend_edges.plan(ranges, splits)
    # Feb 2026 (9 days before, 19 now) is the month's kept total less 9 days of lines
    assert derived["2026-02"] == ("2026-02-10", "2026-03-01")
    assert sum((date.fromisoformat(hi) - date.fromisoformat(lo)).days for lo, hi in read) < 50
    conn = services.store.reads()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        services.reports.run("trends", ReportFilter(p))
    finally:
        conn.set_trace_callback(None)
    line_reads = [s for s in seen if "JOIN order_lines" in s]
    assert len(line_reads) == 2  # the growth tables and months, the movers
    pattern = r"entered_at >= '([-0-9]+)' AND o.entered_at < '([-0-9]+)'"
    ranges = [(date.fromisoformat(lo), date.fromisoformat(hi)) for s in line_reads
              for lo, hi in re.findall(pattern, s)]
    assert ranges and all((hi - lo).days <= 31 for lo, hi in ranges)  # no whole months
