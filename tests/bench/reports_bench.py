"""Reports on a big book: each report's computation and the weekly PDF.

``run.py --only reports`` (``--quick``: 10,000 accounts). The book is the demo
generator's at 100,000 accounts (~930,000 interactions, ~190,000 order lines
over two years, ~200,000 deals), built once under ``bench-out/``. Each figure
is the median of five runs after a warm-up, on a fresh read connection per
report (what a worker thread does), for everyone (a manager's widest view)
and for one rep. The target for a report is the whole way to a painted chart
and table under 1 s; this is its compute part (the view adds the paint).
"""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

ANCHOR = datetime(2026, 12, 7, tzinfo=UTC)
TAG = "reports-2"  # bump when the demo's order history or the derived tables change (2: 0020)


def build(out: Path, accounts: int) -> Path:
    from desktop.demo.generator import generate
    from desktop.store.migrations import HEAD
    from desktop.store.store import Store

    path = out / f"reports-{accounts}.sqlite3"
    ready = path.with_suffix(".ready")
    if path.exists() and ready.exists() and ready.read_text() == f"{HEAD} {TAG}":
        return path
    for stale in out.glob(f"reports-{accounts}.sqlite3*"):
        if stale.is_dir():  # the attachments' folder
            shutil.rmtree(stale)
        else:
            stale.unlink()
    store = Store(path)
    store.close()
    generate(store, accounts=accounts, seed=11, anchor=ANCHOR)
    store.close()
    ready.write_text(f"{HEAD} {TAG}")
    return path


def _median_ms(fn: Callable[[], Any], rounds: int = 5) -> float:
    return _medians(fn, rounds)[0]


def _medians(fn: Callable[[], Any], rounds: int = 5) -> tuple[float, float]:
    """Wall and CPU milliseconds, medians of ``rounds`` after a warm-up (CPU:
    the wall time waits on a busy machine)."""
    fn()
    wall, cpu = [], []
    for _ in range(rounds):
        started, used = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - used) * 1000)
    return statistics.median(wall), round(statistics.median(cpu), 1)


def run(out: Path, emit: Any, *, quick: bool = False) -> None:
    from desktop.reports import REPORTS, period
    from desktop.reports.filters import ReportFilter
    from desktop.services.container import Services
    from desktop.settings import SettingsFile

    accounts = 10_000 if quick else 100_000
    db = build(out, accounts)
    services = Services.open(db, SettingsFile(out / "reports-settings.json"), lambda: ANCHOR)
    conn = services.store.reads()
    size = {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
            for t in ("accounts", "interactions", "order_lines", "opportunities")}
    rep = services.reports.find_user("alex.morgan")
    quarter = period.parse("2026-Q4")
    for name in REPORTS:
        for who, f in (("everyone", ReportFilter(quarter)),
                       ("one_rep", ReportFilter(quarter, rep_id=rep))):
            value, cpu = _medians(partial(services.reports.run, name, f))
            emit(f"report_{name.replace('-', '_')}_{who}", value, "ms", target=1000.0,
                 cpu_ms=cpu, part="compute (the view adds the paint)", period=quarter.label,
                 **size)
    year = ReportFilter(period.parse("2026"))
    value, cpu = _medians(lambda: services.reports.run("trends", year))
    emit("report_trends_year_everyone", value, "ms", target=1000.0, cpu_ms=cpu, part="compute",
         period="2026", **size)
    # Custom ranges cut months: a long one (9 months and 11 days) and a week.
    for label, span in (("range", period.parse("2026-02-10..2026-11-20")),
                        ("range_week", period.parse("2026-11-30..2026-12-06"))):
        for name in ("trends", "closings", "delivery"):
            value, cpu = _medians(partial(services.reports.run, name, ReportFilter(span)))
            emit(f"report_{name}_{label}_everyone", value, "ms", target=1000.0, cpu_ms=cpu,
                 part="compute (the view adds the paint)", period=span.label, **size)
    _every_window_period(services, emit, size)
    weekly, cpu = _medians(lambda: services.reports.weekly_pdf(ANCHOR.date()), rounds=3)
    emit("report_weekly_pdf_everyone", weekly, "ms", target=1000.0, cpu_ms=cpu, **size)
    result = services.reports.run("trends", ReportFilter(quarter))
    for fmt in ("pdf", "xlsx", "csv"):
        emit(f"report_trends_export_{fmt}",
             _median_ms(partial(services.reports.export, result, fmt), rounds=3), "ms")
    services.close()


def _every_window_period(services: Any, emit: Any, size: dict[str, int]) -> None:
    """Each report on every period the window's picker offers (this week to the
    last 12 months, a custom range), everyone: its slowest, and which period."""
    from desktop.reports import REPORTS
    from desktop.reports.filters import ReportFilter
    from ui.views.report_filters import PERIODS

    today = ANCHOR.date()
    for name in REPORTS:
        worst = (0.0, 0.0, "")
        for label, make in PERIODS:
            value, cpu = _medians(partial(services.reports.run, name, ReportFilter(make(today))),
                                  rounds=3)
            worst = max(worst, (value, cpu, label))
        emit(f"report_{name.replace('-', '_')}_slowest_window_period", worst[0], "ms",
             target=1000.0, cpu_ms=worst[1], period=worst[2], periods=len(PERIODS),
             part="compute (the view adds the paint)", **size)
