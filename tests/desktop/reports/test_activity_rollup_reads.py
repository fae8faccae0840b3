"""The activity report reads the daily counts the triggers keep (migration 0020)
when no account filter applies: the same report as counting the interactions,
for every bucket size (days, weeks, months), everyone and one rep, and the
goals' adherence; and it reads them by their key, not the interactions."""

from __future__ import annotations

import pytest

from desktop.reports import activity, period
from desktop.reports.filters import ReportFilter
from desktop.reports.result import ReportResult
from desktop.services.container import Services


def _both(services: Services, f: ReportFilter, monkeypatch: pytest.MonkeyPatch
          ) -> tuple[ReportResult, ReportResult]:
    kept = services.reports.run("activity", f)
    with monkeypatch.context() as m:
        m.setattr(activity, "rollup", lambda _conn: False)  # the interactions instead
        counted = services.reports.run("activity", f)
    return kept, counted


@pytest.mark.parametrize("which", ["week", "month", "quarter", "year", "rep"])
def test_daily_counts_give_the_report_the_interactions_give(
        services: Services, which: str, monkeypatch: pytest.MonkeyPatch) -> None:
    f = {"week": ReportFilter(period.parse("2026-W48")),
         "month": ReportFilter(period.parse("2026-12")),
         "quarter": ReportFilter(period.parse("2026-Q4")),
         "year": ReportFilter(period.parse("2026")),
         "rep": ReportFilter(period.parse("2026-Q4"),
                             rep_id=services.reports.find_user("alex.morgan"))}[which]
    kept, counted = _both(services, f, monkeypatch)
    assert kept.figures == counted.figures
    assert kept.tables == counted.tables
    assert kept.charts == counted.charts
    assert kept.figure("interactions") and kept.table_named("activity").rows
    if which in ("month", "quarter", "year"):
        assert kept.table_named("goals").rows  # the plans of the demo's last months


def test_reads_the_daily_counts_not_the_interactions(services: Services) -> None:
    conn = services.store.reads()
    seen: list[str] = []
    conn.set_trace_callback(seen.append)
    try:
        services.reports.run("activity", ReportFilter(period.parse("2026-12")))
    finally:
        conn.set_trace_callback(None)
    counts = [s for s in seen if "sum(d.n)" in s or "a.kind !=" in s]
    assert counts and all("activity_daily" in s and "FROM interactions" not in s
                          for s in counts)
