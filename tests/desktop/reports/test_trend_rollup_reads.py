"""The trends report reads the monthly rows the triggers keep (migration 0018)
for whole-month periods: the same report as adding up the order lines, under
every filter, and by the tables' keys (the query plans, not the clock)."""

from __future__ import annotations

import pytest

from desktop.reports import period, trend_edges, trend_sums
from desktop.reports.filters import ReportFilter
from desktop.reports.result import ReportResult
from desktop.services.container import Services

Q3 = period.parse("2026-Q3")


def _both(services: Services, f: ReportFilter, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[ReportResult, ReportResult]:
    kept = services.reports.run("trends", f)
    with monkeypatch.context() as m:
        # no month whole: every order line instead
        m.setattr(trend_sums, "_whole_months", lambda span: (span.end, span.start))
        m.setattr(trend_edges, "plan", lambda ranges, splits: (ranges, {}))
        lines = services.reports.run("trends", f)
    return kept, lines


@pytest.mark.parametrize("which", ["quarter", "year", "month", "rep", "segment_tier",
                                   "territory", "product_line"])
def test_kept_sums_give_the_report_the_lines_give(services: Services, which: str,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    conn = services.store.reads()
    territory = conn.execute("SELECT territory_id FROM accounts WHERE territory_id IS NOT NULL "
                             "ORDER BY id LIMIT 1").fetchone()[0]
    line = conn.execute("SELECT product_line FROM products WHERE product_line IS NOT NULL "
                        "ORDER BY product_line LIMIT 1").fetchone()[0]
    import uuid

    f = {"quarter": ReportFilter(Q3), "year": ReportFilter(period.parse("2026")),
         "month": ReportFilter(period.parse("2026-11")),
         "rep": ReportFilter(Q3, rep_id=services.reports.find_user("alex.morgan")),
         "segment_tier": ReportFilter(Q3, segment="Small business", tier="B"),
         "territory": ReportFilter(Q3, territory_id=uuid.UUID(hex=territory)),
         "product_line": ReportFilter(Q3, product_line=line)}[which]
    kept, lines = _both(services, f, monkeypatch)
    assert kept.figures == lines.figures
    assert kept.tables == lines.tables
    assert kept.charts == lines.charts
    assert kept.table_named("growing").rows  # something to compare
    assert kept.figure("revenue")


def test_a_week_adds_up_the_lines(services: Services) -> None:
    week = period.parse("2026-W40")
    assert not trend_sums.aligned(week)
    result = services.reports.run("trends", ReportFilter(week))
    assert result.table_named("months").rows[-1][0] == "2026-10"


def _plan(services: Services, sql: str, args: list[object]) -> str:
    rows = services.store.reads().execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
    return " | ".join(r[3] for r in rows)


def test_the_reads_follow_the_kept_tables_keys(services: Services) -> None:
    f = ReportFilter(Q3)
    sql, args = trend_sums.movers_sql(f, None, Q3.previous(), "USD")
    plan = _plan(services, sql, args)
    assert "SEARCH r USING PRIMARY KEY (month=?)" in plan and "account_revenue" in sql
    assert "order_lines" not in sql  # whole months: no line read
    by_month = ("SELECT r.month, r.segment, sum(r.net) FROM trend_revenue r "
                "WHERE r.month >= ? AND r.month < ? GROUP BY 1, 2")
    plan = _plan(services, by_month, ["2024-10", "2026-10"])
    assert "SEARCH r USING PRIMARY KEY (month>? AND month<?)" in plan
    assert "TEMP B-TREE" not in plan  # grouped in key order, no sort
    groups = ("SELECT r.month, r.segment, r.region, r.territory_key, r.product_line, "
              "sum(r.net) FROM trend_revenue r WHERE r.month IN (?, ?) GROUP BY 1, 2, 3, 4, 5")
    plan = _plan(services, groups, ["2026-07", "2026-08"])
    assert "USING PRIMARY KEY (month=?)" in plan and "TEMP B-TREE" not in plan


@pytest.mark.parametrize("which", ["week", "range", "range_rep_segment"])
def test_weeks_and_ranges_take_whole_months_from_the_kept_rows(
        services: Services, which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A week or a custom range: the months wholly inside the 24 come from the kept
    rows, the lines only for the ends and the periods compared; the same report
    as adding up every line of the 24 months."""
    f = {"week": ReportFilter(period.parse("2026-W47")),
         "range": ReportFilter(period.parse("2026-08-10..2026-11-20")),
         "range_rep_segment": ReportFilter(period.parse("2026-06-15..2026-09-14"),
                                           rep_id=services.reports.find_user("alex.morgan"),
                                           segment="Small business")}[which]
    conn = services.store.reads()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        mixed = services.reports.run("trends", f)
    finally:
        conn.set_trace_callback(None)
    assert any("FROM trend_revenue" in s for s in seen)
    with monkeypatch.context() as m:  # no month whole: every line of the 24 months
        m.setattr(trend_sums, "_whole_months", lambda span: (span.end, span.start))
        m.setattr(trend_edges, "plan", lambda ranges, splits: (ranges, {}))
        lines = services.reports.run("trends", f)
    assert mixed.figures == lines.figures
    assert mixed.tables == lines.tables
    assert mixed.charts == lines.charts
    assert mixed.figure("revenue") and sum(mixed.charts[0].series[0].values) > 0
